"""What belongs to an audit: its per-criterion results, findings (avvikelser) and their
status log, evidence files, and the timeline of who did what."""

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.choices import (
    FindingKind,
    FindingSeverity,
    FindingStatus,
    ResultOutcome,
    TimelineAction,
)
from audits.models.audit import Audit
from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel, GatedQuerySet, short_text
from core.permissions import Role
from requirements_catalog.models import Clause


def evidence_upload_to(instance, filename: str) -> str:
    """A server-generated name: the uploader's file name never reaches the file system."""
    suffix = Path(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", suffix):
        suffix = ""
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


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
        return f"{self.get_kind_display()}: {short_text(self.description)}"

    @property
    def whole_name(self) -> str:
        """The finding as a message names it: its description whole."""
        return f"{self.get_kind_display()}: {self.description}"

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
