"""What the steps of the audit workflow share: the timeline, who may act, the state an audit
must be in, the row locks, the days of the steps and the year an audit belongs to."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audits.choices import AuditStatus
from audits.models import Audit, AuditEvent, Finding, FindingStatusChange
from core.permissions import Action, can


def day_text(day: datetime.date) -> str:
    """A day as the messages write it (2025-03-04 in both languages)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def latest(*days):
    """The latest of the days given, None when none is."""
    known = [day for day in days if day is not None]
    return max(known) if known else None


def event(audit, user, action, message="", data=None, *, on=None) -> AuditEvent:
    """A timeline entry: ``on`` is the day it happened (today unless the step says otherwise);
    ``at`` is when it was recorded."""
    return AuditEvent.objects.create(
        audit=audit,
        actor=user,
        at=timezone.now(),
        occurred_on=on or timezone.localdate(),
        action=action,
        message=message,
        data=data or {},
    )


def require_change(user, obj, action=Action.CHANGE) -> None:
    if not can(user, obj, action):
        raise PermissionDenied(_("You may not change this audit."))


def require_planner(user, audit) -> None:
    """Changing the plan, cancelling or closing is for the lead and co-lead organisations, not
    the auditor."""
    if not Audit.objects.planned_by(user).filter(pk=audit.pk).exists():
        raise PermissionDenied(_("Only the lead and co-lead organisations change the plan."))


def require_open(audit) -> None:
    if audit.status in (AuditStatus.CLOSED, AuditStatus.CANCELLED):
        raise ValidationError(
            _("The audit is %(status)s and can no longer be changed.")
            % {"status": audit.get_status_display().lower()},
            code="invalid_state",
        )


def state_error(message: str) -> ValidationError:
    """A step asked of an audit in the wrong state: the API answers 409."""
    return ValidationError(message, code="invalid_state")


def lock_audits(*audits) -> None:
    """Lock the rows of ``audits`` until the step commits, and read them again.

    A step checks the state and then writes: without the lock two requests could both pass the
    check (two closes, a close and a new finding). The rows are locked in id order, so two steps
    that lock the same audits never wait for each other. SQLite has no row locks; it serialises
    the writes instead.
    """
    present = [audit for audit in audits if audit is not None and audit.pk is not None]
    ids = sorted({audit.pk for audit in present})
    list(Audit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    for audit in present:
        audit.refresh_from_db()


def lock_findings(ids) -> dict[int, Finding]:
    """The findings with these ids, locked (in id order) and read afresh, by id."""
    return {
        finding.pk: finding
        for finding in Finding.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk")
    }


def lock_finding(finding: Finding) -> None:
    """Lock one finding's row (its audit is locked first by the caller) and read it again."""
    lock_findings([finding.pk])
    finding.refresh_from_db()


def log_status(finding: Finding, status, *, on: datetime.date, user, note: str = ""):
    """One more entry of the finding's status log (audits.models.FindingStatusChange)."""
    return FindingStatusChange.objects.create(
        finding=finding,
        status=status,
        on=on,
        recorded_at=timezone.now(),
        by=user if getattr(user, "pk", None) else None,
        note=note,
    )


def last_status_day(*findings: Finding) -> datetime.date | None:
    """The day of the latest status step of these findings: from their log, and from their own
    dated fields for a finding recorded before the log existed."""
    logged = FindingStatusChange.objects.filter(finding__in=[f.pk for f in findings]).aggregate(
        day=Max("on")
    )["day"]
    return latest(
        logged,
        *(latest(f.raised_on, f.action_plan_received_on, f.closed_on) for f in findings),
    )


def audit_year(*, year, planned_date, start_date) -> int:
    """The year an audit belongs to: the year of its start date, else of its planned date, else
    this year, when none is stated; a stated year must agree with those dates."""
    if start_date is not None:
        basis, message = start_date, _("The year %(year)s does not match the start date %(date)s.")
    elif planned_date is not None:
        basis, message = (
            planned_date,
            _("The year %(year)s does not match the planned date %(date)s."),
        )
    else:
        basis, message = None, ""
    if year in (None, ""):
        return basis.year if basis is not None else timezone.localdate().year
    if basis is not None and basis.year != year:
        raise ValidationError({"year": message % {"year": year, "date": day_text(basis)}})
    return year
