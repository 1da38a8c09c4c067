"""The steps of an audit after its plan: carried out, report, the approval of its public
summary, close, and its evidence (the results: results.py). Each is dated the day it happened
(core/dates.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.choices import (
    FINDING_SETTLED_STATUSES,
    AuditStatus,
    TimelineAction,
)
from audits.files import check_evidence_file
from audits.models import Audit, Evidence
from audits.services._common import (
    day_text,
    event,
    last_status_day,
    lock_audits,
    lock_findings,
    require_change,
    require_open,
    require_planner,
    state_error,
)
from audits.services.plan import check_carried_out_dates, year_moved_text
from core.dates import step_date
from core.permissions import get_scope


@transaction.atomic
def audit_conduct(*, user, audit: Audit, start_date=None, end_date=None) -> Audit:
    """The audit was carried out: from ``start_date`` (today unless given) to ``end_date`` (the
    start unless given). A planned audit becomes conducted; its year becomes the start date's
    (the timeline says so when that moves it)."""
    lock_audits(audit)
    require_change(user, audit)
    require_open(audit)
    if audit.status != AuditStatus.PLANNED:
        raise state_error(
            _("Only a planned audit is carried out; this one is %(status)s.")
            % {"status": audit.get_status_display().lower()}
        )
    start, end = check_carried_out_dates(audit, start_date or timezone.localdate(), end_date)
    old_year = audit.year
    audit.start_date, audit.end_date = start, end
    audit.year = start.year
    audit.status = AuditStatus.CONDUCTED
    audit._history_user = user
    audit.full_clean()
    audit.save()
    # The entry is dated the last day and labelled "Carried out": its text adds only what the
    # label and the day do not say.
    message = ""
    if start != end:
        message = _("From %(start)s to %(end)s.") % {"start": day_text(start), "end": day_text(end)}
    if audit.year != old_year:
        message = " ".join(filter(None, [message, year_moved_text(old_year, audit.year)]))
    event(audit, user, TimelineAction.CONDUCTED, message, on=end)
    return audit


@transaction.atomic
def audit_report(*, user, audit: Audit, summary: str, public_summary: str, on=None) -> Audit:
    """Write the summary and the public summary on ``on`` (today unless given; not before the
    audit ended); the audit becomes reported. Reporting again revises the text (the report's
    day stays the first). A changed public summary needs the secretariat's approval again."""
    lock_audits(audit)
    require_change(user, audit)
    require_open(audit)
    if audit.status not in (AuditStatus.CONDUCTED, AuditStatus.REPORTED):
        raise state_error(_("Record that the audit was carried out before reporting it."))
    summary, public_summary = (summary or "").strip(), (public_summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Write a summary of the audit.")})
    first = audit.status == AuditStatus.CONDUCTED
    if first:
        day = step_date(
            on,
            field="on",
            not_before=audit.end_date or audit.start_date,
            not_before_what=_("the audit's end"),
        )
        audit.reported_on = day
    else:
        day = step_date(
            on,
            field="on",
            not_before=audit.reported_on,
            not_before_what=_("the day the audit was reported"),
        )
    if public_summary != audit.public_summary:
        audit.public_summary_approved_at = None
        audit.public_summary_approved_on = None
        audit.public_summary_approved_by = None
    audit.summary = summary
    audit.public_summary = public_summary
    audit.status = AuditStatus.REPORTED
    audit._history_user = user
    audit.full_clean()
    audit.save()
    event(
        audit,
        user,
        TimelineAction.REPORTED,
        "" if first else _("Report revised."),
        on=day,
    )
    return audit


@transaction.atomic
def public_summary_approve(*, user, audit: Audit, on=None) -> Audit:
    """The secretariat approves the public summary on ``on`` (today unless given; not before the
    audit was reported); anonymous visitors then see it."""
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(_("Only the secretariat approves public summaries."))
    lock_audits(audit)
    if audit.status not in (AuditStatus.REPORTED, AuditStatus.CLOSED):
        raise state_error(_("Only the public summary of a reported audit can be approved."))
    if not audit.public_summary.strip():
        raise ValidationError(_("The audit has no public summary to approve."))
    if audit.public_summary_approved_at is not None:
        raise state_error(_("The public summary is already approved."))
    day = step_date(
        on,
        field="on",
        not_before=audit.reported_on,
        not_before_what=_("the day the audit was reported"),
    )
    audit.public_summary_approved_by = user
    audit.public_summary_approved_at = timezone.now()
    audit.public_summary_approved_on = day
    audit._history_user = user
    audit.full_clean()
    audit.save()
    event(audit, user, TimelineAction.SUMMARY_APPROVED, on=day)
    return audit


@transaction.atomic
def audit_close(*, user, audit: Audit, on=None) -> Audit:
    """Close a reported audit whose findings are all verified closed or escalated, on ``on``
    (today unless given; not before it was reported nor before its last finding was
    settled)."""
    lock_audits(audit)
    require_planner(user, audit)
    if audit.status != AuditStatus.REPORTED:
        raise state_error(
            _("Only a reported audit can be closed; this one is %(status)s.")
            % {"status": audit.get_status_display().lower()}
        )
    findings = list(lock_findings(audit.findings.values_list("pk", flat=True)).values())
    unsettled = [f for f in findings if f.status not in FINDING_SETTLED_STATUSES]
    if unsettled:
        raise ValidationError(
            _(
                "The audit cannot be closed while these findings are neither verified closed "
                "nor escalated: %(findings)s."
            )
            % {"findings": "; ".join(f"#{f.pk} {f} ({f.get_status_display()})" for f in unsettled)},
            code="open_findings",
        )
    reported = audit.reported_on or audit.end_date or audit.start_date
    settled = last_status_day(*findings) if findings else None
    known = [
        (day, what)
        for day, what in (
            (reported, _("the day the audit was reported")),
            (settled, _("the day its last finding was settled")),
        )
        if day is not None
    ]
    not_before, what = max(known, key=lambda item: item[0]) if known else (None, "")
    day = step_date(on, field="on", not_before=not_before, not_before_what=what)
    audit.status = AuditStatus.CLOSED
    audit.closed_on = day
    audit._history_user = user
    audit.full_clean()
    audit.save()
    event(audit, user, TimelineAction.CLOSED, on=day)
    return audit


@transaction.atomic
def evidence_add(
    *, user, audit: Audit, uploaded_file, finding=None, result=None, description: str = ""
) -> Evidence:
    """Store a file checked by its content, under a server-generated name, with its hash."""
    lock_audits(audit)
    require_change(user, audit)
    require_open(audit)
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
        event(
            audit,
            user,
            TimelineAction.EVIDENCE_ADDED,
            original_name,
            {"evidence": evidence.pk},
        )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence
