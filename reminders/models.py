"""Reminders of deadlines and their escalation, collected into one digest mail per person.

A ``Reminder`` is one thing one person is told about, keyed by the day its stage of the ladder
fell on (the deadline minus N days, the deadline, the day after, M days later): unique per
(person, item, subject, stage, day), so running a day again, or another day after it, never
makes a second one. A ``Digest`` is one mail: it claims its reminders before the mail is sent
and is marked sent after (services.py says what happens when a worker dies in between).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audits.models import Finding
from core.constraints import UniqueConstraint
from incidents.models import Incident
from organisations.models import Organisation
from reminders.choices import DigestState, Frequency, Stage, Subject


class OwnRowsQuerySet(models.QuerySet):
    """A person's own reminder rows; nobody reads another's."""

    def for_user(self, user, action: str = "view"):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{self.model.owner_field: user.pk})


class ReminderPreference(models.Model):
    """How often a person gets their digest, and in which language."""

    owner_field = "user_id"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("digest"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    language = models.CharField(
        _("language of the mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        ordering = ["user__username"]

    def __str__(self):
        return f"{self.user} · {self.get_frequency_display()}"


class RegionContact(models.Model):
    """A person an organisation's overdue findings, action plans and incidents are escalated to
    (the region's contact). Without one, the organisation's procurers are told."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reminder_contacts",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("contact"),
    )

    class Meta:
        verbose_name = _("escalation contact")
        verbose_name_plural = _("escalation contacts")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            UniqueConstraint(
                fields=["organisation", "user"],
                name="region_contact_unique",
                violation_error_message=_("This person is already a contact of the organisation."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.user}"


class Digest(models.Model):
    """One digest mail to one person for one day."""

    owner_field = "recipient_id"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name=_("recipient"),
    )
    day = models.DateField(_("day"))
    email = models.EmailField(_("e-mail address"))
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=DigestState.choices)
    claimed_at = models.DateTimeField(_("claimed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-day", "recipient__username"]
        indexes = [models.Index(fields=["state", "day"], name="digest_state_day")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.recipient}"


class Reminder(models.Model):
    """One item told to one person at one stage of its ladder, on the stage's day."""

    owner_field = "recipient_id"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("about"), max_length=20, choices=Subject.choices)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    # "finding:12" or "incident:3": one key for the unique constraint (a NULL foreign key would
    # make every row distinct on PostgreSQL).
    item_key = models.CharField(_("reminded item"), max_length=40)
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("day"), help_text=_("The day the stage fell on."))
    due = models.DateField(_("due"), help_text=_("The deadline the stage was counted from."))
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("digest"),
    )

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due", "item_key", "stage"]
        indexes = [models.Index(fields=["recipient", "day"], name="reminder_recipient_day")]
        constraints = [
            UniqueConstraint(
                fields=["recipient", "item_key", "subject", "stage", "day"],
                name="reminder_once_per_person_item_stage_day",
                violation_error_message=_("This reminder was already made."),
            )
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.recipient} {self.item_key} {self.stage}"

    @property
    def item(self):
        return self.finding if self.finding_id else self.incident
