"""Findings of an audit and their status: added to an audit that was carried out, moved along
open → action plan received → verified closed (by an audit that verified it) or escalated, each
step dated the day it happened and written to the finding's status log."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.choices import (
    CARRIED_OUT_STATUSES,
    FINDING_SETTLED_STATUSES,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    TimelineAction,
)
from audits.models import Audit, Finding, FindingStatusChange
from audits.services._common import (
    day_text,
    event,
    last_status_day,
    lock_audits,
    lock_finding,
    lock_findings,
    require_change,
    require_open,
    state_error,
)
from core.dates import step_date
from core.permissions import Action

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


def _raised_day(audit: Audit, day):
    return step_date(
        day, field="raised_on", not_before=audit.start_date, not_before_what=_("the audit's start")
    )


@transaction.atomic
def finding_add(*, user, audit: Audit, **values) -> Finding:
    """A finding of an audit that was carried out: kind, severity, clause, description, root
    cause, required action, deadline, and the day it was raised (the audit's end, else start,
    unless given; never before the audit's start nor in the future)."""
    unknown = set(values) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"finding_add() got unknown fields {sorted(unknown)}")
    lock_audits(audit)
    require_change(user, audit)
    require_open(audit)
    if audit.status not in (AuditStatus.CONDUCTED, AuditStatus.REPORTED):
        raise state_error(_("Record that the audit was carried out before adding findings."))
    values["raised_on"] = _raised_day(
        audit, values.get("raised_on") or audit.end_date or audit.start_date
    )
    _check_finding_fields(audit, values)
    finding = Finding(audit=audit, status=FindingStatus.OPEN, **values)
    finding._history_user = user
    finding.full_clean()
    finding.save()
    FindingStatusChange.objects.create(
        finding=finding,
        status=FindingStatus.OPEN,
        on=finding.raised_on,
        recorded_at=finding.created,
        by=user,
    )
    event(
        audit,
        user,
        TimelineAction.FINDING_ADDED,
        finding.description,
        {"finding": finding.pk},
        on=finding.raised_on,
    )
    return finding


@transaction.atomic
def finding_update(*, user, finding: Finding, **values) -> Finding:
    """Change a finding's text, deadline or the day it was raised (not after its first status
    change)."""
    unknown = set(values) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"finding_update() got unknown fields {sorted(unknown)}")
    audit = finding.audit
    lock_audits(audit)
    lock_finding(finding)
    require_change(user, finding)
    require_open(audit)
    if values.get("raised_on") is None:
        values.pop("raised_on", None)
    first_log = finding.status_changes.order_by("on", "recorded_at", "pk").first()
    raised_moved = "raised_on" in values and values["raised_on"] != finding.raised_on
    if raised_moved:
        day = _raised_day(audit, values["raised_on"])
        later = finding.status_changes.exclude(pk=getattr(first_log, "pk", None))
        steps = [
            *later.values_list("on", flat=True),
            finding.action_plan_received_on,
            finding.closed_on,
        ]
        first_step = min((d for d in steps if d is not None), default=None)
        if first_step is not None and day > first_step:
            raise ValidationError(
                {
                    "raised_on": _(
                        "The finding's status changed on %(date)s; it cannot have been raised "
                        "after that."
                    )
                    % {"date": day_text(first_step)}
                }
            )
        values["raised_on"] = day
    _check_finding_fields(audit, values)
    for field, value in values.items():
        setattr(finding, field, value)
    finding._history_user = user
    finding.full_clean()
    finding.save()
    if raised_moved and first_log is not None:
        first_log.on = finding.raised_on
        first_log.save(update_fields=["on", "modified"])
    event(
        audit,
        user,
        TimelineAction.UPDATED,
        _("Finding: %(finding)s") % {"finding": finding.description},
        {"finding": finding.pk},
    )
    return finding


def _check_transition(finding: Finding, status) -> None:
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


def _status_day(finding: Finding, on, *, field: str = "on"):
    """The day of a status step: today unless given, never in the future, not before the finding
    was raised nor before its previous status step."""
    day = step_date(
        on,
        field=field,
        not_before=finding.raised_on,
        not_before_what=_("the day the finding was raised"),
    )
    return step_date(
        day,
        field=field,
        not_before=last_status_day(finding),
        not_before_what=_("the finding's previous status change"),
    )


def _verifier_errors(finding: Finding, verifier: Audit, day, *, field: str = "on") -> dict:
    """Why ``verifier`` cannot be the audit that verified ``finding`` on ``day`` (no errors: it
    can): a carried-out audit of the same supplier, not the finding's own, that did not start
    before the finding was raised nor after the day of the verification."""
    if verifier.pk == finding.audit_id:
        return {"verified_by_audit": [_("A finding is verified by a later audit, not its own.")]}
    if verifier.supplier_id != finding.audit.supplier_id:
        return {"verified_by_audit": [_("The verifying audit must concern the same supplier.")]}
    if verifier.status not in CARRIED_OUT_STATUSES:
        return {
            "verified_by_audit": [
                _("The verifying audit must have been carried out; it is %(status)s.")
                % {"status": verifier.get_status_display().lower()}
            ]
        }
    if verifier.start_date is not None and verifier.start_date < finding.raised_on:
        return {
            "verified_by_audit": [
                _("The verifying audit started on %(start)s, before the finding was raised.")
                % {"start": day_text(verifier.start_date)}
            ]
        }
    if verifier.start_date is not None and day < verifier.start_date:
        return {
            field: [
                _("The date cannot be before %(what)s (%(date)s).")
                % {
                    "what": _("the start of the verifying audit"),
                    "date": day_text(verifier.start_date),
                }
            ]
        }
    return {}


def _change_status(*, user, finding, status, day, note="", verified_by_audit=None) -> Finding:
    """Move ``finding`` to ``status`` on ``day`` (checked by the caller): its fields, its status
    log, its audit's timeline."""
    old_label = finding.get_status_display()
    finding.status = status
    if status == FindingStatus.ACTION_PLAN_RECEIVED:
        finding.action_plan_received_on = day
        if note:
            finding.action_plan = note
    if status == FindingStatus.VERIFIED_CLOSED:
        finding.closed_on = day
        finding.verified_by_audit = verified_by_audit
    else:
        finding.closed_on = None
    finding._history_user = user
    finding.full_clean()
    finding.save()
    FindingStatusChange.objects.create(
        finding=finding, status=status, on=day, recorded_at=finding.modified, by=user, note=note
    )
    message = _("%(finding)s: %(old)s → %(new)s.") % {
        "finding": finding.description,
        "old": old_label,
        "new": finding.get_status_display(),
    }
    if note:
        message = f"{message} {note}"
    event(
        finding.audit,
        user,
        TimelineAction.FINDING_STATUS,
        message,
        {"finding": finding.pk, "status": status},
        on=day,
    )
    return finding


@transaction.atomic
def finding_status_set(
    *, user, finding: Finding, status, note: str = "", verified_by_audit=None, on=None
) -> Finding:
    """Open → action plan received → verified closed, or escalated, on ``on`` (today unless
    given; not before the finding was raised nor before its previous status step). Verified
    closed names the audit that verified the correction (a good practice needs none) and is not
    dated before that audit started."""
    audit = finding.audit
    lock_audits(audit, verified_by_audit)
    lock_finding(finding)
    require_change(user, finding)
    require_open(audit)
    _check_transition(finding, status)
    day = _status_day(finding, on)
    if status == FindingStatus.VERIFIED_CLOSED:
        if verified_by_audit is None and finding.kind != FindingKind.GOOD_PRACTICE:
            raise ValidationError(
                {"verified_by_audit": _("Name the audit that verified the correction.")}
            )
        if verified_by_audit is not None:
            errors = _verifier_errors(finding, verified_by_audit, day)
            if errors:
                raise ValidationError(errors)
    elif verified_by_audit is not None:
        raise ValidationError(
            {
                "verified_by_audit": _(
                    "Only a verified closed finding names the audit that verified it."
                )
            }
        )
    return _change_status(
        user=user,
        finding=finding,
        status=status,
        day=day,
        note=note,
        verified_by_audit=verified_by_audit,
    )


@transaction.atomic
def follow_up_review(*, user, follow_up: Audit, decisions: Mapping) -> list[Finding]:
    """Close, keep or escalate each open finding of the audit that ``follow_up`` follows up.

    The follow-up audit must have been carried out; what it closes or escalates is dated the
    follow-up's day (its end date, else its start date), and a closed finding names it as the
    audit that verified it.
    """
    lock_audits(follow_up, follow_up.follows_up)
    require_change(user, follow_up)
    require_open(follow_up)
    original = follow_up.follows_up
    if follow_up.kind != AuditKind.FOLLOW_UP or original is None:
        raise ValidationError(_("This audit does not follow up another audit."))
    if original.supplier_id != follow_up.supplier_id:
        raise ValidationError(
            {"follows_up": _("A follow-up audit must follow up an audit of the same supplier.")}
        )
    if follow_up.status not in (AuditStatus.CONDUCTED, AuditStatus.REPORTED):
        raise state_error(
            _(
                "Record that the follow-up audit was carried out before it closes or escalates "
                "findings."
            )
        )
    day = follow_up.end_date or follow_up.start_date
    if day is None:
        raise state_error(
            _(
                "The follow-up audit has no dates: give its start date (edit the audit) before "
                "it closes or escalates findings."
            )
        )
    # Only findings the user may change: a follow-up led by another region closes nothing of
    # an audit it may merely read.
    changeable = (
        Finding.objects.for_user(user, Action.CHANGE)
        .filter(audit=original)
        .exclude(status__in=FINDING_SETTLED_STATUSES)
        .values_list("pk", flat=True)
    )
    open_findings = lock_findings(changeable)
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
    problems = []
    for pk, decision in sorted(decided.items()):
        if decision == "keep":
            continue
        finding = open_findings[pk]
        finding.audit = original
        previous = last_status_day(finding)
        if day < previous:
            problems.append(
                _(
                    "#%(id)d %(finding)s: the follow-up audit's day %(date)s is before the "
                    "finding's last step (%(previous)s)."
                )
                % {
                    "id": pk,
                    "finding": finding,
                    "date": day_text(day),
                    "previous": day_text(previous),
                }
            )
        elif decision == "close":
            for messages in _verifier_errors(finding, follow_up, day).values():
                problems += [f"#{pk} {finding}: {message}" for message in messages]
    if problems:
        raise ValidationError({"decisions": problems})
    changed, closed, kept, escalated = [], 0, 0, 0
    for pk, decision in decided.items():
        finding = open_findings[pk]
        if decision == "close":
            _change_status(
                user=user,
                finding=finding,
                status=FindingStatus.VERIFIED_CLOSED,
                day=day,
                note=_("Verified in the follow-up audit."),
                verified_by_audit=follow_up,
            )
            closed += 1
            changed.append(finding)
        elif decision == "escalate":
            _change_status(
                user=user,
                finding=finding,
                status=FindingStatus.ESCALATED,
                day=day,
                note=_("Escalated in the follow-up audit."),
            )
            escalated += 1
            changed.append(finding)
        else:
            kept += 1
    event(
        follow_up,
        user,
        TimelineAction.FINDING_STATUS,
        _("Follow-up of %(audit)s: %(closed)d closed, %(kept)d kept open, %(escalated)d escalated.")
        % {"audit": original, "closed": closed, "kept": kept, "escalated": escalated},
        {"decisions": {str(pk): d for pk, d in decided.items()}},
        on=day,
    )
    return changed
