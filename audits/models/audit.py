"""An audit of a supplier (revision): its plan, the state it has reached, and who may see and
change it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.choices import (
    AuditKind,
    AuditStatus,
)
from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel, GatedQuerySet
from core.permissions import Action, Role, get_scope
from incidents.models import Incident
from organisations.models import Organisation
from requirements_catalog.models import InstrumentVersion
from riskanalysis.models import Category
from suppliers.models import Supplier


class AuditQuerySet(GatedQuerySet):
    def public(self):
        """Audits whose public summary the secretariat has approved."""
        return self.filter(public_summary_approved_at__isnull=False).exclude(public_summary="")

    def awaiting_approval(self):
        """Audits whose public summary waits for the secretariat's approval: reported (or
        closed since), with a public summary not yet approved. The step's own checks stand in
        ``audits.services.public_summary_approve``; this is where it is offered."""
        return self.filter(
            status__in=(AuditStatus.REPORTED, AuditStatus.CLOSED),
            public_summary_approved_at__isnull=True,
        ).exclude(public_summary="")

    def _assigned_to(self, scope):
        if Role.AUDITOR in scope.roles:
            return Q(auditor_id=scope.user_id)
        return Q(pk__in=[])

    def view_scope(self, scope):
        if scope.views_shared_data:
            return self.all()
        if not scope.is_authenticated:
            # Anonymous visitors: the approved public summaries.
            return self.public()
        # Auditors: the audits assigned to them (the public page is open to them like anyone).
        return self.filter(self._assigned_to(scope))

    def planned_by(self, user):
        """Audits whose plan the user may change, cancel or close: the secretariat's and those
        the user's organisations lead or co-lead. An assigned auditor only fills in."""
        scope = get_scope(user)
        if scope.is_secretariat:
            return self.all()
        return self.led_by(
            scope.procurer_organisation_ids,
            lead="lead_organisation",
            co_leads="co_lead_organisations",
        )

    def change_scope(self, scope, action):
        led = self.led_by(
            scope.procurer_organisation_ids,
            lead="lead_organisation",
            co_leads="co_lead_organisations",
        )
        if action == Action.DELETE:
            # Only a plan is deleted; what was conducted stays on record.
            return led.filter(status=AuditStatus.PLANNED)
        return self.filter(Q(pk__in=led.values("pk")) | self._assigned_to(scope))


class Audit(BaseModel):
    """An audit of a supplier against an assessment template version."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="audits", verbose_name=_("supplier")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_audits",
        verbose_name=_("lead organisation"),
    )
    co_lead_organisations = models.ManyToManyField(
        Organisation,
        related_name="co_led_audits",
        blank=True,
        verbose_name=_("co-lead organisations"),
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_audits",
        verbose_name=_("auditor"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("category"),
    )
    template_version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("assessment template version"),
    )
    follows_up = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows up"),
        help_text=_("The earlier audit of the same supplier whose findings this one checks."),
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("incident"),
        help_text=_("The incident case this audit was made for, if any."),
    )
    observer_required = models.BooleanField(_("observer must attend"), default=False)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Never printed or published.")
    )
    summary = models.TextField(_("summary"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    public_summary_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("public summary approved by"),
    )
    public_summary_approved_at = models.DateTimeField(
        _("public summary approved at"),
        null=True,
        blank=True,
        help_text=_("When the approval was recorded."),
    )
    # The days the workflow's steps happened (core/dates.py): today unless the user gives the day
    # it really happened, never in the future. Empty where an imported audit's file had no day.
    public_summary_approved_on = models.DateField(
        _("public summary approved on"), null=True, blank=True
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = AuditQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[co_lead_organisations])

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-year", "supplier__name", "pk"]
        constraints = [
            # The follow-up must concern the same supplier. The pair (id, supplier) is unique so
            # that a composite foreign key (follows_up, supplier) → (id, supplier) can enforce it;
            # migration 0003 adds that key on PostgreSQL and equivalent triggers on SQLite.
            UniqueConstraint(
                fields=["id", "supplier"],
                name="audit_unique_id_supplier",
                violation_error_message=_("This audit is already recorded for the supplier."),
            ),
            CheckConstraint(
                condition=~Q(follows_up=F("pk")),
                name="audit_not_following_up_itself",
                field="follows_up",
                violation_error_message=_("An audit cannot follow up itself."),
            ),
            CheckConstraint(
                condition=Q(follows_up__isnull=True) | Q(kind=AuditKind.FOLLOW_UP),
                name="audit_follows_up_only_follow_up_kind",
                field="kind",
                violation_error_message=_(
                    "An audit that follows up another audit is a follow-up audit."
                ),
            ),
            CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="audit_end_after_start",
                field="end_date",
                violation_error_message=_("An audit cannot end before it starts."),
            ),
            CheckConstraint(
                condition=Q(public_summary_approved_at__isnull=True)
                | (Q(public_summary_approved_by__isnull=False) & ~Q(public_summary="")),
                name="audit_public_summary_approval_complete",
                field="public_summary",
                violation_error_message=_(
                    "An approved public summary has a text and the approver recorded."
                ),
            ),
            CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="audit_year_sane",
                field="year",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            # The days of the steps follow one another: carried out, reported, approved, closed.
            CheckConstraint(
                condition=Q(reported_on__isnull=True)
                | (
                    (Q(start_date__isnull=True) | Q(reported_on__gte=F("start_date")))
                    & (Q(end_date__isnull=True) | Q(reported_on__gte=F("end_date")))
                ),
                name="audit_reported_after_carried_out",
                field="reported_on",
                violation_error_message=_("An audit cannot be reported before it ended."),
            ),
            CheckConstraint(
                condition=Q(public_summary_approved_on__isnull=True)
                | Q(reported_on__isnull=True)
                | Q(public_summary_approved_on__gte=F("reported_on")),
                name="audit_approved_after_reported",
                field="public_summary_approved_on",
                violation_error_message=_(
                    "A public summary cannot be approved before the audit was reported."
                ),
            ),
            CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (
                    (Q(reported_on__isnull=True) | Q(closed_on__gte=F("reported_on")))
                    & (Q(end_date__isnull=True) | Q(closed_on__gte=F("end_date")))
                ),
                name="audit_closed_after_reported",
                field="closed_on",
                violation_error_message=_("An audit cannot be closed before it was reported."),
            ),
            # A day of a step only where the audit took it.
            CheckConstraint(
                condition=Q(reported_on__isnull=True)
                | Q(status__in=[AuditStatus.REPORTED, AuditStatus.CLOSED]),
                name="audit_reported_on_only_when_reported",
                field="reported_on",
                violation_error_message=_("Only a reported or closed audit has a report date."),
            ),
            CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status=AuditStatus.CLOSED),
                name="audit_closed_on_only_when_closed",
                field="closed_on",
                violation_error_message=_("Only a closed audit has a closing date."),
            ),
            CheckConstraint(
                condition=Q(cancelled_on__isnull=True) | Q(status=AuditStatus.CANCELLED),
                name="audit_cancelled_on_only_when_cancelled",
                field="cancelled_on",
                violation_error_message=_("Only a cancelled audit has a cancellation date."),
            ),
            CheckConstraint(
                condition=~Q(status=AuditStatus.CANCELLED) | ~Q(cancellation_reason=""),
                name="audit_cancelled_with_reason",
                field="cancellation_reason",
                violation_error_message=_("Give the reason the audit was cancelled."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.supplier} · {self.year}"

    def get_absolute_url(self):
        return reverse("audits:audit_detail", args=[self.pk])

    @classmethod
    def gate_can_add(cls, scope):
        """The secretariat and procurers plan audits (a procurer for their own organisations)."""
        return scope.is_secretariat or bool(scope.procurer_organisation_ids)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if (
            self.follows_up_id
            and self.supplier_id
            and self.follows_up.supplier_id != self.supplier_id
        ):
            raise ValidationError(
                {"follows_up": _("A follow-up audit must follow up an audit of the same supplier.")}
            )
