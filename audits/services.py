"""The audit workflow: plan → conduct → findings → report → follow-up → close.

Every step validates, saves atomically, records the user for the history and writes the audit's
timeline (who, when, what). A refusal is a ValidationError with a message for the user (keyed by
field where it concerns one) or a PermissionDenied when the user may not take the step at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.choices import (
    FINDING_SETTLED_STATUSES,
    AuditKind,
    AuditStatus,
    FindingStatus,
    ResultOutcome,
    TimelineAction,
)
from audits.files import check_evidence_file
from audits.models import Audit, AuditEvent, AuditResult, Evidence, Finding
from core.permissions import Action, Role, can, can_add, get_scope
from requirements_catalog.choices import InstrumentKind

# Fields that planning and editing set on an audit.
AUDIT_FIELDS = (
    "supplier",
    "kind",
    "year",
    "category",
    "lead_organisation",
    "auditor",
    "planned_date",
    "start_date",
    "end_date",
    "template_version",
    "follows_up",
    "observer_required",
    "internal_note",
)
FINDING_FIELDS = (
    "kind",
    "severity",
    "clause",
    "description",
    "root_cause",
    "required_action",
    "raised_on",
    "deadline",
    "action_plan",
)
# Which status a finding may move to from which.
FINDING_TRANSITIONS = {
    FindingStatus.OPEN: {
        FindingStatus.ACTION_PLAN_RECEIVED,
        FindingStatus.VERIFIED_CLOSED,
        FindingStatus.ESCALATED,
    },
    FindingStatus.ACTION_PLAN_RECEIVED: {
        FindingStatus.OPEN,
        FindingStatus.VERIFIED_CLOSED,
        FindingStatus.ESCALATED,
    },
    FindingStatus.ESCALATED: {FindingStatus.VERIFIED_CLOSED},
    FindingStatus.VERIFIED_CLOSED: set(),
}
FOLLOW_UP_DECISIONS = ("close", "keep", "escalate")


def _event(audit, user, action, message="", data=None) -> AuditEvent:
    return AuditEvent.objects.create(
        audit=audit,
        actor=user,
        at=timezone.now(),
        action=action,
        message=message,
        data=data or {},
    )


def _require(user, obj, action=Action.CHANGE) -> None:
    if not can(user, obj, action):
        raise PermissionDenied(_("You may not change this audit."))


def _require_planner(user, audit) -> None:
    """Changing the plan or closing is for the lead and co-lead organisations, not the auditor."""
    if not Audit.objects.planned_by(user).filter(pk=audit.pk).exists():
        raise PermissionDenied(_("Only the lead and co-lead organisations change the plan."))


def _require_open(audit) -> None:
    if audit.status in (AuditStatus.CLOSED, AuditStatus.CANCELLED):
        raise ValidationError(
            _("The audit is %(status)s and can no longer be changed.")
            % {"status": audit.get_status_display().lower()},
            code="invalid_state",
        )


def _check_audit_fields(
    *, user, values: dict, current_lead_id=None, current_auditor_id=None
) -> None:
    """The rules of a plan that depend on the user and on other rows."""
    errors = {}
    auditor = values.get("auditor")
    if (
        auditor is not None
        and auditor.pk != current_auditor_id
        and not auditor.memberships.filter(role=Role.AUDITOR).exists()
    ):
        errors["auditor"] = _("The auditor must be a user with the auditor role.")
    template = values.get("template_version")
    if template is not None and template.instrument.kind != InstrumentKind.ASSESSMENT_TEMPLATE:
        errors["template_version"] = _("Choose a version of an assessment template.")
    scope = get_scope(user)
    lead = values.get("lead_organisation")
    if not scope.is_secretariat:
        lead_id = lead.pk if lead is not None else None
        if lead_id not in scope.procurer_organisation_ids and lead_id != current_lead_id:
            errors["lead_organisation"] = _(
                "The lead organisation must be one of your own organisations."
            )
    follows_up = values.get("follows_up")
    supplier = values.get("supplier")
    if follows_up is not None:
        if supplier is not None and follows_up.supplier_id != supplier.pk:
            errors["follows_up"] = _(
                "A follow-up audit must follow up an audit of the same supplier."
            )
        elif values.get("kind") != AuditKind.FOLLOW_UP:
            errors["kind"] = _("An audit that follows up another audit is a follow-up audit.")
    elif values.get("kind") == AuditKind.FOLLOW_UP and "follows_up" in values:
        errors["follows_up"] = _("Choose the audit this follow-up audit follows up.")
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("An audit cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def audit_plan(
    *,
    user,
    supplier,
    kind,
    year,
    category=None,
    lead_organisation=None,
    co_lead_organisations: Iterable = (),
    auditor=None,
    planned_date=None,
    template_version=None,
    follows_up=None,
    observer_required=False,
    internal_note="",
    start_date=None,
    end_date=None,
) -> Audit:
    """Plan an audit. A procurer leads it from one of their own organisations."""
    values = {
        "supplier": supplier,
        "kind": kind,
        "year": year,
        "category": category,
        "lead_organisation": lead_organisation,
        "auditor": auditor,
        "planned_date": planned_date,
        "start_date": start_date,
        "end_date": end_date,
        "template_version": template_version,
        "follows_up": follows_up,
        "observer_required": observer_required,
        "internal_note": internal_note or "",
    }
    audit = _audit_create(
        user=user,
        values=values,
        status=AuditStatus.PLANNED,
        co_lead_organisations=co_lead_organisations,
    )
    _event(audit, user, TimelineAction.PLANNED, _("Audit planned."))
    return audit


@transaction.atomic
def audit_import(*, user, status, co_lead_organisations: Iterable = (), **values) -> Audit:
    """Record an audit from an earlier follow-up log (a spreadsheet import) in the state it has
    reached: planned, conducted, reported, closed or cancelled. The same rules as planning
    apply; the timeline says it was imported, and in which state."""
    unknown = set(values) - set(AUDIT_FIELDS)
    if unknown:
        raise TypeError(f"audit_import() got unknown fields {sorted(unknown)}")
    if status not in AuditStatus:
        raise ValidationError({"status": _("Unknown status.")})
    audit = _audit_create(
        user=user,
        values=values,
        status=status,
        co_lead_organisations=co_lead_organisations,
        # A follow-up log rarely says which audit a follow-up follows up; the portal can add it.
        follows_up_required=False,
    )
    _event(
        audit,
        user,
        TimelineAction.IMPORTED,
        _("Audit imported with the status %(status)s.")
        % {"status": audit.get_status_display().lower()},
    )
    return audit


def _audit_create(
    *, user, values: dict, status, co_lead_organisations, follows_up_required=True
) -> Audit:
    if not can_add(user, Audit):
        raise PermissionDenied(_("You may not plan audits."))
    values = {field: values.get(field) for field in AUDIT_FIELDS}
    values["observer_required"] = bool(values["observer_required"])
    values["internal_note"] = values["internal_note"] or ""
    checked = dict(values)
    if not follows_up_required and checked["follows_up"] is None:
        del checked["follows_up"]
    _check_audit_fields(user=user, values=checked)
    audit = Audit(status=status, **values)
    audit._history_user = user
    audit.full_clean()
    audit.save()
    audit.co_lead_organisations.set(list(co_lead_organisations or ()))
    return audit


@transaction.atomic
def audit_update(*, user, audit: Audit, co_lead_organisations=None, **values) -> Audit:
    """Change the plan of an audit (any of AUDIT_FIELDS, and the co-leads)."""
    _require_planner(user, audit)
    _require_open(audit)
    unknown = set(values) - set(AUDIT_FIELDS)
    if unknown:
        raise TypeError(f"audit_update() got unknown fields {sorted(unknown)}")
    current_lead_id, current_auditor_id = Audit.objects.filter(pk=audit.pk).values_list(
        "lead_organisation_id", "auditor_id"
    )[0]
    merged = {field: getattr(audit, field) for field in AUDIT_FIELDS}
    merged.update(values)
    _check_audit_fields(
        user=user,
        values=merged,
        current_lead_id=current_lead_id,
        current_auditor_id=current_auditor_id,
    )
    for field, value in values.items():
        setattr(audit, field, value)
    audit._history_user = user
    audit.full_clean()
    audit.save()
    if co_lead_organisations is not None:
        audit.co_lead_organisations.set(list(co_lead_organisations))
    _event(audit, user, TimelineAction.UPDATED, _("Plan updated."))
    return audit


@transaction.atomic
def audit_results_record(*, user, audit: Audit, results: Mapping) -> Audit:
    """One result per criterion of the audit's template version: {criterion_id: (outcome,
    comment)}. The audit becomes conducted."""
    _require(user, audit)
    if audit.status not in (AuditStatus.PLANNED, AuditStatus.CONDUCTED):
        raise ValidationError(
            _(
                "Results are recorded while the audit is planned or conducted, "
                "not when it is %(status)s."
            )
            % {"status": audit.get_status_display().lower()},
            code="invalid_state",
        )
    if audit.template_version_id is None:
        raise ValidationError(
            {"template_version": _("Choose the assessment template version first.")}
        )
    criteria = {c.pk: c for c in audit.template_version.clauses.all()}
    given = {int(pk): value for pk, value in results.items()}
    foreign = sorted(set(given) - set(criteria))
    if foreign:
        raise ValidationError(
            _("These criteria are not part of the audit's template version: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in foreign)}
        )
    missing = [c for pk, c in criteria.items() if pk not in given or not given[pk][0]]
    if missing:
        raise ValidationError(
            _("Every criterion needs an outcome; missing: %(criteria)s.")
            % {"criteria": ", ".join(str(c) for c in missing)}
        )
    bad = [criteria[pk] for pk, (outcome, _c) in given.items() if outcome not in ResultOutcome]
    if bad:
        raise ValidationError(
            _("Unknown outcome for: %(criteria)s.") % {"criteria": ", ".join(map(str, bad))}
        )
    existing = {r.criterion_id: r for r in audit.results.all()}
    for pk, (outcome, comment) in given.items():
        result = existing.get(pk) or AuditResult(audit=audit, criterion=criteria[pk])
        result.outcome = outcome
        result.comment = comment or ""
        result.save()
    audit.status = AuditStatus.CONDUCTED
    if audit.start_date is None:
        audit.start_date = audit.planned_date or timezone.localdate()
    if audit.end_date is None or audit.end_date < audit.start_date:
        audit.end_date = audit.start_date
    audit._history_user = user
    audit.save()
    _event(
        audit,
        user,
        TimelineAction.RESULTS_RECORDED,
        _("Results recorded for %(count)d criteria.") % {"count": len(given)},
    )
    return audit


def _check_finding_fields(audit: Audit, values: dict) -> None:
    clause = values.get("clause")
    if (
        clause is not None
        and audit.template_version_id
        and clause.version_id != audit.template_version_id
    ):
        raise ValidationError(
            {"clause": _("The clause must belong to the audit's template version.")}
        )


@transaction.atomic
def finding_add(*, user, audit: Audit, **values) -> Finding:
    """A finding of an audit: kind, severity, clause, description, root cause, required action,
    deadline."""
    _require(user, audit)
    _require_open(audit)
    if audit.status == AuditStatus.PLANNED:
        raise ValidationError(
            _("Record the audit's results before adding findings."), code="invalid_state"
        )
    unknown = set(values) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"finding_add() got unknown fields {sorted(unknown)}")
    values.setdefault("raised_on", audit.end_date or audit.start_date or timezone.localdate())
    _check_finding_fields(audit, values)
    finding = Finding(audit=audit, status=FindingStatus.OPEN, **values)
    finding._history_user = user
    finding.full_clean()
    finding.save()
    _event(
        audit,
        user,
        TimelineAction.FINDING_ADDED,
        _("Finding added: %(finding)s") % {"finding": finding},
        {"finding": finding.pk},
    )
    return finding


@transaction.atomic
def finding_update(*, user, finding: Finding, **values) -> Finding:
    _require(user, finding)
    _require_open(finding.audit)
    unknown = set(values) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"finding_update() got unknown fields {sorted(unknown)}")
    _check_finding_fields(finding.audit, values)
    for field, value in values.items():
        setattr(finding, field, value)
    finding._history_user = user
    finding.full_clean()
    finding.save()
    _event(
        finding.audit,
        user,
        TimelineAction.UPDATED,
        _("Finding updated: %(finding)s") % {"finding": finding},
        {"finding": finding.pk},
    )
    return finding


def _set_status(*, user, finding, status, note="", verified_by_audit=None, today=None):
    if status not in FindingStatus:
        raise ValidationError({"status": _("Unknown status.")})
    if status == finding.status:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("The finding is already %(status)s.")
                    % {"status": finding.get_status_display().lower()},
                    code="invalid_state",
                )
            }
        )
    if status not in FINDING_TRANSITIONS[finding.status]:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A finding that is %(old)s cannot become %(new)s.")
                    % {
                        "old": finding.get_status_display().lower(),
                        "new": FindingStatus(status).label.lower(),
                    },
                    code="invalid_state",
                )
            }
        )
    today = today or timezone.localdate()
    old_label = finding.get_status_display()
    finding.status = status
    if status == FindingStatus.ACTION_PLAN_RECEIVED:
        finding.action_plan_received_on = today
        if note:
            finding.action_plan = note
    if status == FindingStatus.VERIFIED_CLOSED:
        finding.closed_on = max(today, finding.raised_on)
        finding.verified_by_audit = verified_by_audit
    else:
        finding.closed_on = None
    finding._history_user = user
    finding.full_clean()
    finding.save()
    message = _("Finding %(finding)s: %(old)s → %(new)s.") % {
        "finding": finding,
        "old": old_label,
        "new": finding.get_status_display(),
    }
    if note:
        message = f"{message} {note}"
    _event(
        finding.audit,
        user,
        TimelineAction.FINDING_STATUS,
        message,
        {"finding": finding.pk, "status": status},
    )
    return finding


@transaction.atomic
def finding_status_set(
    *, user, finding: Finding, status, note: str = "", verified_by_audit=None, on=None
) -> Finding:
    """Open → action plan received → verified closed, or escalated. ``on`` is the day the
    change happened when it is recorded later (an import of a follow-up log); today else."""
    _require(user, finding)
    _require_open(finding.audit)
    if verified_by_audit is not None:
        if verified_by_audit.pk == finding.audit_id:
            raise ValidationError(
                {"verified_by_audit": _("A finding is verified by a later audit, not its own.")}
            )
        if verified_by_audit.supplier_id != finding.audit.supplier_id:
            raise ValidationError(
                {"verified_by_audit": _("The verifying audit must concern the same supplier.")}
            )
    if on is not None and on > timezone.localdate():
        raise ValidationError({"status": _("A status change cannot be dated in the future.")})
    return _set_status(
        user=user,
        finding=finding,
        status=status,
        note=note,
        verified_by_audit=verified_by_audit,
        today=on,
    )


@transaction.atomic
def follow_up_review(*, user, follow_up: Audit, decisions: Mapping) -> list[Finding]:
    """Close, keep or escalate each open finding of the audit that ``follow_up`` follows up."""
    _require(user, follow_up)
    _require_open(follow_up)
    original = follow_up.follows_up
    if follow_up.kind != AuditKind.FOLLOW_UP or original is None:
        raise ValidationError(_("This audit does not follow up another audit."))
    if original.supplier_id != follow_up.supplier_id:
        raise ValidationError(
            {"follows_up": _("A follow-up audit must follow up an audit of the same supplier.")}
        )
    # Only findings the user may change: a follow-up led by another region closes nothing of
    # an audit it may merely read.
    open_findings = {
        f.pk: f
        for f in Finding.objects.for_user(user, Action.CHANGE)
        .filter(audit=original)
        .exclude(status__in=FINDING_SETTLED_STATUSES)
        .select_related("audit")
    }
    decided = {int(pk): decision for pk, decision in decisions.items()}
    foreign = sorted(set(decided) - set(open_findings))
    if foreign:
        raise ValidationError(
            _("Only open findings of the followed-up audit can be reviewed; not: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in foreign)}
        )
    wrong = sorted({d for d in decided.values() if d not in FOLLOW_UP_DECISIONS})
    if wrong:
        raise ValidationError(
            _("Unknown decision: %(decisions)s.") % {"decisions": ", ".join(wrong)}
        )
    changed, closed, kept, escalated = [], 0, 0, 0
    for pk, decision in decided.items():
        finding = open_findings[pk]
        if decision == "close":
            _set_status(
                user=user,
                finding=finding,
                status=FindingStatus.VERIFIED_CLOSED,
                note=_("Verified in the follow-up audit."),
                verified_by_audit=follow_up,
            )
            closed += 1
            changed.append(finding)
        elif decision == "escalate":
            _set_status(
                user=user,
                finding=finding,
                status=FindingStatus.ESCALATED,
                note=_("Escalated in the follow-up audit."),
            )
            escalated += 1
            changed.append(finding)
        else:
            kept += 1
    _event(
        follow_up,
        user,
        TimelineAction.FINDING_STATUS,
        _("Follow-up of %(audit)s: %(closed)d closed, %(kept)d kept open, %(escalated)d escalated.")
        % {"audit": original, "closed": closed, "kept": kept, "escalated": escalated},
        {"decisions": {str(pk): d for pk, d in decided.items()}},
    )
    return changed


@transaction.atomic
def audit_report(*, user, audit: Audit, summary: str, public_summary: str) -> Audit:
    """Write the summary and the public summary; the audit becomes reported. A changed public
    summary needs the secretariat's approval again."""
    _require(user, audit)
    _require_open(audit)
    if audit.status not in (AuditStatus.CONDUCTED, AuditStatus.REPORTED):
        raise ValidationError(
            _("Record the audit's results before reporting it."), code="invalid_state"
        )
    summary, public_summary = (summary or "").strip(), (public_summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Write a summary of the audit.")})
    if public_summary != audit.public_summary:
        audit.public_summary_approved_at = None
        audit.public_summary_approved_by = None
    audit.summary = summary
    audit.public_summary = public_summary
    audit.status = AuditStatus.REPORTED
    audit._history_user = user
    audit.save()
    _event(audit, user, TimelineAction.REPORTED, _("Audit reported."))
    return audit


@transaction.atomic
def public_summary_approve(*, user, audit: Audit) -> Audit:
    """The secretariat approves the public summary; anonymous visitors then see it."""
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(_("Only the secretariat approves public summaries."))
    if audit.status not in (AuditStatus.REPORTED, AuditStatus.CLOSED):
        raise ValidationError(
            _("Only the public summary of a reported audit can be approved."),
            code="invalid_state",
        )
    if not audit.public_summary.strip():
        raise ValidationError(_("The audit has no public summary to approve."))
    if audit.public_summary_approved_at is not None:
        raise ValidationError(_("The public summary is already approved."), code="invalid_state")
    audit.public_summary_approved_by = user
    audit.public_summary_approved_at = timezone.now()
    audit._history_user = user
    audit.save()
    _event(audit, user, TimelineAction.SUMMARY_APPROVED, _("Public summary approved."))
    return audit


@transaction.atomic
def audit_close(*, user, audit: Audit) -> Audit:
    """Close a reported audit whose findings are all verified closed or escalated."""
    _require_planner(user, audit)
    if audit.status != AuditStatus.REPORTED:
        raise ValidationError(
            _("Only a reported audit can be closed; this one is %(status)s.")
            % {"status": audit.get_status_display().lower()},
            code="invalid_state",
        )
    unsettled = list(audit.findings.exclude(status__in=FINDING_SETTLED_STATUSES).order_by("pk"))
    if unsettled:
        raise ValidationError(
            _(
                "The audit cannot be closed while these findings are neither verified closed "
                "nor escalated: %(findings)s."
            )
            % {"findings": "; ".join(f"#{f.pk} {f} ({f.get_status_display()})" for f in unsettled)},
            code="open_findings",
        )
    audit.status = AuditStatus.CLOSED
    audit._history_user = user
    audit.save()
    _event(audit, user, TimelineAction.CLOSED, _("Audit closed."))
    return audit


@transaction.atomic
def evidence_add(
    *, user, audit: Audit, uploaded_file, finding=None, result=None, description: str = ""
) -> Evidence:
    """Store a file checked by its content, under a server-generated name, with its hash."""
    _require(user, audit)
    _require_open(audit)
    if finding is not None and finding.audit_id != audit.pk:
        raise ValidationError({"finding": _("The finding belongs to another audit.")})
    if result is not None and result.audit_id != audit.pk:
        raise ValidationError({"result": _("The result belongs to another audit.")})
    sniffed = check_evidence_file(uploaded_file)
    original_name = (getattr(uploaded_file, "name", "") or "file")[-255:]
    evidence = Evidence(
        audit=audit,
        finding=finding,
        result=result,
        original_name=original_name,
        content_type=sniffed.content_type,
        size=sniffed.size,
        sha256=sniffed.sha256,
        description=description or "",
        uploaded_by=user,
    )
    # The stored name comes from upload_to; its suffix from the detected type, not the upload.
    uploaded_file.seek(0)
    evidence.file.save(f"evidence.{sniffed.extension}", uploaded_file, save=False)
    try:
        evidence.save()
        _event(
            audit,
            user,
            TimelineAction.EVIDENCE_ADDED,
            _("Evidence added: %(name)s") % {"name": original_name},
            {"evidence": evidence.pk},
        )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence
