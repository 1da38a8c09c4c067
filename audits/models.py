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
from core.constraints import CheckConstraint, UniqueConstraint
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
            UniqueConstraint(
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
            CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("raised_on")),
                name="finding_deadline_not_before_audit",
                field="deadline",
                violation_error_message=_(
                    "The deadline cannot be before the day the finding was raised."
                ),
            ),
            CheckConstraint(
                condition=~Q(kind=FindingKind.NON_COMPLIANCE) | ~Q(severity=""),
                name="finding_non_compliance_has_severity",
                field="severity",
                violation_error_message=_("A non-compliance needs a severity."),
            ),
            CheckConstraint(
                condition=~Q(status=FindingStatus.VERIFIED_CLOSED) | Q(closed_on__isnull=False),
                name="finding_verified_closed_has_date",
                field="closed_on",
                violation_error_message=_("A verified closed finding needs its closing date."),
            ),
            CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="finding_closed_after_raised",
                field="closed_on",
                violation_error_message=_("A finding cannot close before it was raised."),
            ),
            CheckConstraint(
                condition=~Q(verified_by_audit=F("audit")),
                name="finding_verified_by_another_audit",
                field="verified_by_audit",
                violation_error_message=_("A finding is verified by a later audit, not its own."),
            ),
            CheckConstraint(
                condition=~Q(description=""),
                name="finding_has_description",
                field="description",
                violation_error_message=_("Describe the finding."),
            ),
            # Verified closed means verified by an audit; a good practice has nothing to correct,
            # so nothing to verify.
            CheckConstraint(
                condition=~Q(status=FindingStatus.VERIFIED_CLOSED)
                | Q(verified_by_audit__isnull=False)
                | Q(kind=FindingKind.GOOD_PRACTICE),
                name="finding_verified_closed_has_verifier",
                field="verified_by_audit",
                violation_error_message=_(
                    "A verified closed finding names the audit that verified it."
                ),
            ),
            CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status=FindingStatus.VERIFIED_CLOSED),
                name="finding_closed_on_only_when_closed",
                field="closed_on",
                violation_error_message=_("Only a verified closed finding has a closing date."),
            ),
            CheckConstraint(
                condition=Q(action_plan_received_on__isnull=True)
                | Q(action_plan_received_on__gte=F("raised_on")),
                name="finding_action_plan_after_raised",
                field="action_plan_received_on",
                violation_error_message=_(
                    "An action plan cannot be received before the finding was raised."
                ),
            ),
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


class FindingStatusChangeQuerySet(GatedQuerySet):
    """A finding's status log is reached exactly as far as its finding; the services write it."""

    def view_scope(self, scope):
        return self.filter(finding__in=Finding.objects.all().view_scope(scope).values("pk"))

    def change_scope(self, scope, action):
        return self.none()


class FindingStatusChange(BaseModel):
    """One step of a finding's status, dated the day it happened.

    ``finding_add`` writes the first (open, the day it was raised) and every status change one
    more, so the status a finding had on any day can be read back: a year's report counts the
    findings as they stood on 31 December, whatever happened to them since
    (``audits.selectors.findings_as_of``).
    """

    sync_parent = "finding"  # shown inside its finding in the API: a change modifies it

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("finding")
    )
    status = models.CharField(_("status"), max_length=30, choices=FindingStatus.choices)
    on = models.DateField(_("date"), help_text=_("The day the finding got this status."))
    recorded_at = models.DateTimeField(_("recorded at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = FindingStatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding status change")
        verbose_name_plural = _("finding status changes")
        ordering = ["finding", "on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["finding", "on"], name="finding_status_change_day")]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.get_status_display()}"


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
            CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=20 * 1024 * 1024),
                name="evidence_size_at_most_20_mb",
                field="file",
                violation_error_message=_("A file is at most 20 MB and not empty."),
            ),
        ]

    def __str__(self):
        return self.original_name


class AuditEvent(BaseModel):
    """One entry of an audit's timeline: who did what, on which day, recorded when. Written by
    the services only."""

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("audit")
    )
    occurred_on = models.DateField(
        _("occurred on"),
        default=timezone.localdate,
        help_text=_("The day it happened, which may be before it was recorded."),
    )
    at = models.DateTimeField(_("recorded at"), db_index=True)
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
        ordering = ["audit", "occurred_on", "at", "pk"]

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.get_action_display()}"

    @property
    def recorded_another_day(self) -> bool:
        """Whether it was recorded on another day than it happened (the timeline says when)."""
        return timezone.localdate(self.at) != self.occurred_on
