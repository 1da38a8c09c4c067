"""Audits of suppliers (revisioner), their per-criterion results, findings (avvikelser) and
corrective actions, evidence, and the timeline of who did what."""

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.choices import (
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingSeverity,
    FindingStatus,
    ResultOutcome,
    TimelineAction,
)
from core.models import BaseModel, GatedQuerySet
from core.permissions import Action, Role, get_scope
from incidents.models import Incident
from organisations.models import Organisation
from requirements_catalog.models import Clause, InstrumentVersion
from riskanalysis.models import Category
from suppliers.models import Supplier


def evidence_upload_to(instance, filename: str) -> str:
    """A server-generated name: the uploader's file name never reaches the file system."""
    suffix = Path(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", suffix):
        suffix = ""
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class AuditQuerySet(GatedQuerySet):
    def public(self):
        """Audits whose public summary the secretariat has approved."""
        return self.filter(public_summary_approved_at__isnull=False).exclude(public_summary="")

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
        _("public summary approved at"), null=True, blank=True
    )

    objects = AuditQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[co_lead_organisations])

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-year", "supplier__name", "pk"]
        constraints = [
            # The follow-up must concern the same supplier. The pair (id, supplier) is unique so
            # that a composite foreign key (follows_up, supplier) → (id, supplier) can enforce it;
            # migration 0002 adds that key on PostgreSQL and equivalent triggers on SQLite.
            models.UniqueConstraint(fields=["id", "supplier"], name="audit_unique_id_supplier"),
            models.CheckConstraint(
                condition=~Q(follows_up=F("pk")),
                name="audit_not_following_up_itself",
                violation_error_message=_("An audit cannot follow up itself."),
            ),
            models.CheckConstraint(
                condition=Q(follows_up__isnull=True) | Q(kind=AuditKind.FOLLOW_UP),
                name="audit_follows_up_only_follow_up_kind",
                violation_error_message=_("Only a follow-up audit follows up another audit."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="audit_end_after_start",
                violation_error_message=_("An audit cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(public_summary_approved_at__isnull=True)
                | (Q(public_summary_approved_by__isnull=False) & ~Q(public_summary="")),
                name="audit_public_summary_approval_complete",
                violation_error_message=_(
                    "An approved public summary has a text and the approver recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="audit_year_sane"
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


class AuditChildQuerySet(GatedQuerySet):
    """Rows that belong to an audit are reached exactly as far as their audit is."""

    def view_scope(self, scope):
        if not scope.views_shared_data and scope.user_id is None:
            # The public sees summaries, never the results, findings or evidence behind them.
            return self.none()
        audits = Audit.objects.view_scope(scope)
        if not scope.views_shared_data:
            audits = audits.filter(Audit.objects.all()._assigned_to(scope))
        return self.filter(audit__in=audits.values("pk"))

    def change_scope(self, scope, action):
        # Deleting a result, finding or file is allowed only while its audit is a plan.
        return self.filter(audit__in=Audit.objects.change_scope(scope, action).values("pk"))


class AuditEventQuerySet(AuditChildQuerySet):
    """The timeline is written by the services; nobody changes or deletes an entry."""

    def change_scope(self, scope, action):
        return self.none()


class AuditResult(BaseModel):
    """The outcome of one criterion of the template version in one audit."""

    sync_parent = "audit"  # shown inside its audit in the API: a change modifies the audit

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="results", verbose_name=_("audit")
    )
    criterion = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="results", verbose_name=_("criterion")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ResultOutcome.choices)
    comment = models.TextField(_("comment"), blank=True)

    objects = AuditChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit result")
        verbose_name_plural = _("audit results")
        ordering = ["audit", "criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "criterion"],
                name="audit_result_unique_criterion",
                violation_error_message=_("This criterion already has a result in the audit."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.get_outcome_display()}"


class Finding(BaseModel):
    """A finding of an audit (avvikelse, observation, good practice) and its corrective action."""

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("audit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=FindingSeverity.choices, blank=True
    )
    clause = models.ForeignKey(
        Clause,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("clause"),
    )
    description = models.TextField(_("description"))
    root_cause = models.TextField(_("root cause"), blank=True)
    required_action = models.TextField(_("required action"), blank=True)
    raised_on = models.DateField(_("raised on"), help_text=_("The day of the audit."))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    action_plan = models.TextField(_("corrective action plan"), blank=True)
    action_plan_received_on = models.DateField(_("action plan received on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    verified_by_audit = models.ForeignKey(
        Audit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_findings",
        verbose_name=_("verified by audit"),
    )

    objects = AuditChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["deadline", "pk"]
        # The finding list and the start page's open and overdue findings read in this order;
        # without the index PostgreSQL sorts every finding (200 000 at Nordic scale: 0.4 s).
        indexes = [models.Index(fields=["deadline", "id"], name="finding_deadline_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("raised_on")),
                name="finding_deadline_not_before_audit",
                violation_error_message=_("The deadline cannot be before the audit."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=FindingKind.NON_COMPLIANCE) | ~Q(severity=""),
                name="finding_non_compliance_has_severity",
                violation_error_message=_("A non-compliance needs a severity."),
            ),
            models.CheckConstraint(
                condition=~Q(status=FindingStatus.VERIFIED_CLOSED) | Q(closed_on__isnull=False),
                name="finding_verified_closed_has_date",
                violation_error_message=_("A verified closed finding needs its closing date."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="finding_closed_after_raised",
                violation_error_message=_("A finding cannot close before it was raised."),
            ),
            models.CheckConstraint(
                condition=~Q(verified_by_audit=F("audit")),
                name="finding_verified_by_another_audit",
                violation_error_message=_("A finding is verified by a later audit, not its own."),
            ),
            models.CheckConstraint(condition=~Q(description=""), name="finding_has_description"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @classmethod
    def gate_can_add(cls, scope):
        """Whoever works on audits adds findings; to which audits, the services decide (the
        audits the user's organisations lead or co-lead, or the auditor's own)."""
        return (
            scope.is_secretariat
            or bool(scope.procurer_organisation_ids)
            or Role.AUDITOR in scope.roles
        )


class Evidence(BaseModel):
    """A file that supports an audit, a result or a finding, stored under a generated name."""

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("audit")
    )
    result = models.ForeignKey(
        AuditResult,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("result"),
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("finding"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    objects = AuditChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["audit", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=20 * 1024 * 1024),
                name="evidence_size_at_most_20_mb",
                violation_error_message=_("A file is at most 20 MB."),
            ),
        ]

    def __str__(self):
        return self.original_name


class AuditEvent(BaseModel):
    """One entry of an audit's timeline: who did what, when. Written by the services only."""

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("audit")
    )
    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=TimelineAction.choices)
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit timeline entry")
        verbose_name_plural = _("audit timeline entries")
        ordering = ["audit", "at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
