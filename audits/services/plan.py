"""Planning an audit, changing its plan, cancelling it, and recording one from a follow-up log
(an import) in the state it has reached."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from audits.choices import CARRIED_OUT_STATUSES, AuditKind, AuditStatus, TimelineAction
from audits.models import Audit, AuditEvent
from audits.services._common import (
    audit_year,
    day_text,
    event,
    lock_audits,
    require_open,
    require_planner,
    state_error,
)
from core.dates import step_date
from core.permissions import Role, can_add, get_scope
from requirements_catalog.choices import InstrumentKind, VersionStatus

# Fields that editing sets on an audit. The start and end dates are the "carried out" step's;
# editing corrects them on an audit that was carried out.
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
CARRIED_OUT_DATES = ("start_date", "end_date")
# Fields that planning sets.
PLAN_FIELDS = tuple(field for field in AUDIT_FIELDS if field not in CARRIED_OUT_DATES)
# The days and reason an imported audit may bring for the state it has reached.
IMPORT_STEP_FIELDS = ("reported_on", "closed_on", "cancelled_on", "cancellation_reason")


def _check_audit_fields(
    *,
    user,
    values: dict,
    existing: bool = False,
    current_lead_id=None,
    current_auditor_id=None,
    current_template_id=None,
) -> None:
    """The rules of a plan that depend on the user and on other rows. ``existing``: the values
    change an audit whose lead, auditor and template are the ``current_*`` ones."""
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
    elif (
        template is not None
        and template.status == VersionStatus.DRAFT
        and template.pk != current_template_id
    ):
        # A draft may still change: the audit would be scored against criteria that move.
        errors["template_version"] = _(
            "%(version)s is a draft: choose a published version of the assessment template."
        ) % {"version": template}
    lead_error = _lead_error(
        scope=get_scope(user),
        lead=values.get("lead_organisation"),
        existing=existing,
        current_lead_id=current_lead_id,
    )
    if lead_error:
        errors["lead_organisation"] = lead_error
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


def _lead_error(*, scope, lead, existing: bool, current_lead_id) -> str | None:
    """Every audit planned has a lead organisation, and it stays led: only the lead
    organisation's own members and the secretariat hand the lead over, so a co-lead cannot
    take it. (An audit recorded before the portal may lack one: the report did not say.)"""
    lead_id = lead.pk if lead is not None else None
    if lead_id is None and (not existing or current_lead_id is not None):
        return _("An audit has a lead organisation: choose the organisation that leads it.")
    if lead_id is None or lead_id == current_lead_id or scope.is_secretariat:
        return None
    if current_lead_id is not None and current_lead_id not in scope.procurer_organisation_ids:
        return _(
            "Only the lead organisation and the secretariat change the lead organisation; "
            "a co-lead organisation does not."
        )
    if lead_id not in scope.procurer_organisation_ids:
        return _("The lead organisation must be one of your own organisations.")
    return None


def check_carried_out_dates(audit: Audit, start, end):
    """The days an audit was carried out: a start (required), an end (the start if not given),
    neither in the future, the end not before the start; the start not after its results were
    recorded or a finding was raised, the end not after it was reported. Returns (start, end)."""
    if start is None:
        raise ValidationError({"start_date": _("Give the day the audit started.")})
    start = step_date(start, field="start_date")
    end = step_date(
        end or start, field="end_date", not_before=start, not_before_what=_("the start date")
    )
    if audit.pk is not None:
        first_results = AuditEvent.objects.filter(
            audit=audit, action=TimelineAction.RESULTS_RECORDED
        ).aggregate(day=Min("occurred_on"))["day"]
        first_finding = audit.findings.aggregate(day=Min("raised_on"))["day"]
        for day, message in (
            (
                first_results,
                _("Results were recorded on %(date)s; the audit cannot have started after that."),
            ),
            (
                first_finding,
                _("A finding was raised on %(date)s; the audit cannot have started after that."),
            ),
        ):
            if day is not None and start > day:
                raise ValidationError({"start_date": message % {"date": day_text(day)}})
    if audit.reported_on is not None and end > audit.reported_on:
        raise ValidationError(
            {
                "end_date": _(
                    "The audit was reported on %(date)s; it cannot have ended after that."
                )
                % {"date": day_text(audit.reported_on)}
            }
        )
    return start, end


def year_moved_text(old: int, new: int) -> str:
    return _("The year moved from %(old)d to %(new)d, the year of the audit's date.") % {
        "old": old,
        "new": new,
    }


@transaction.atomic
def audit_plan(
    *,
    user,
    supplier,
    kind,
    year=None,
    category=None,
    lead_organisation=None,
    co_lead_organisations: Iterable = (),
    auditor=None,
    planned_date=None,
    template_version=None,
    follows_up=None,
    observer_required=False,
    internal_note="",
) -> Audit:
    """Plan an audit. A procurer leads it from one of their own organisations. Left empty, the
    year is the planned date's (else this year); a stated year must agree with that date."""
    values = {
        "supplier": supplier,
        "kind": kind,
        "year": year,
        "category": category,
        "lead_organisation": lead_organisation,
        "auditor": auditor,
        "planned_date": planned_date,
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
    # The label says it all ("Planerad"): no text that says it again.
    event(audit, user, TimelineAction.PLANNED)
    return audit


@transaction.atomic
def audit_import(
    *,
    user,
    status,
    co_lead_organisations: Iterable = (),
    reported_on=None,
    closed_on=None,
    cancelled_on=None,
    cancellation_reason: str = "",
    **values,
) -> Audit:
    """Record an audit from an earlier follow-up log (a spreadsheet import) in the state it has
    reached: planned, conducted, reported, closed or cancelled, with the days the file gives
    (none in the future, each not before the step it follows; a day the file does not give
    stays empty). The same rules as planning apply; the timeline says it was imported, and in
    which state."""
    unknown = set(values) - set(AUDIT_FIELDS)
    if unknown:
        raise TypeError(f"audit_import() got unknown fields {sorted(unknown)}")
    if status not in AuditStatus:
        raise ValidationError({"status": _("Unknown status.")})
    errors = {}
    if status not in CARRIED_OUT_STATUSES:
        for field in CARRIED_OUT_DATES:
            if values.get(field) is not None:
                errors[field] = _(
                    "Only an audit that was carried out has this date; leave it empty for a "
                    "planned or cancelled audit."
                )
    cancellation_reason = (cancellation_reason or "").strip()
    if cancellation_reason and status != AuditStatus.CANCELLED:
        errors["cancellation_reason"] = _("Only a cancelled audit has a reason for cancelling.")
    days = {
        "start_date": values.get("start_date"),
        "end_date": values.get("end_date"),
        "reported_on": reported_on,
        "closed_on": closed_on,
        "cancelled_on": cancelled_on,
    }
    for field, day in days.items():
        if day is not None and field not in errors:
            try:
                step_date(day, field=field)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    audit = _audit_create(
        user=user,
        values=values,
        status=status,
        co_lead_organisations=co_lead_organisations,
        # A follow-up log rarely says which audit a follow-up follows up; the portal can add it.
        follows_up_required=False,
        steps={
            "reported_on": reported_on,
            "closed_on": closed_on,
            "cancelled_on": cancelled_on,
            "cancellation_reason": cancellation_reason,
        },
    )
    event(
        audit,
        user,
        TimelineAction.IMPORTED,
        _("Status on import: %(status)s.") % {"status": audit.get_status_display().lower()},
    )
    return audit


def _audit_create(
    *, user, values: dict, status, co_lead_organisations, follows_up_required=True, steps=None
) -> Audit:
    if not can_add(user, Audit):
        raise PermissionDenied(_("You may not plan audits."))
    values = {field: values.get(field) for field in AUDIT_FIELDS}
    values["observer_required"] = bool(values["observer_required"])
    values["internal_note"] = values["internal_note"] or ""
    values["year"] = audit_year(
        year=values["year"], planned_date=values["planned_date"], start_date=values["start_date"]
    )
    checked = dict(values)
    if not follows_up_required and checked["follows_up"] is None:
        del checked["follows_up"]
    _check_audit_fields(user=user, values=checked)
    audit = Audit(status=status, **values, **(steps or {}))
    audit._history_user = user
    audit.full_clean()
    audit.save()
    audit.co_lead_organisations.set(list(co_lead_organisations or ()))
    return audit


def _updated_year(audit: Audit, values: dict, merged: dict) -> int:
    """A stated year must agree with the dates; an unstated one follows changed dates."""
    if "year" in values:
        return audit_year(
            year=values["year"],
            planned_date=merged["planned_date"],
            start_date=merged["start_date"],
        )
    dates_changed = any(
        field in values and values[field] != getattr(audit, field)
        for field in ("planned_date", "start_date")
    )
    if dates_changed and (merged["start_date"] or merged["planned_date"]):
        return audit_year(
            year=None, planned_date=merged["planned_date"], start_date=merged["start_date"]
        )
    return audit.year


@transaction.atomic
def audit_update(*, user, audit: Audit, co_lead_organisations=None, **values) -> Audit:
    """Change the plan of an audit (any of AUDIT_FIELDS, and the co-leads). The start and end
    dates are the "carried out" step's: they are corrected here only once it was taken."""
    unknown = set(values) - set(AUDIT_FIELDS)
    if unknown:
        raise TypeError(f"audit_update() got unknown fields {sorted(unknown)}")
    lock_audits(audit)
    require_planner(user, audit)
    require_open(audit)
    current_lead_id, current_auditor_id = audit.lead_organisation_id, audit.auditor_id
    dates = {
        field: values[field]
        for field in CARRIED_OUT_DATES
        if field in values and values[field] != getattr(audit, field)
    }
    if dates:
        if audit.status not in CARRIED_OUT_STATUSES:
            raise ValidationError(
                {
                    next(iter(dates)): _(
                        "The days an audit was carried out are recorded with the step "
                        "“Carried out”."
                    )
                }
            )
        values["start_date"], values["end_date"] = check_carried_out_dates(
            audit,
            values.get("start_date", audit.start_date),
            values.get("end_date", audit.end_date),
        )
    merged = {field: getattr(audit, field) for field in AUDIT_FIELDS}
    merged.update(values)
    year = _updated_year(audit, values, merged)
    merged["year"] = year
    _check_audit_fields(
        user=user,
        values=merged,
        existing=True,
        current_lead_id=current_lead_id,
        current_auditor_id=current_auditor_id,
        current_template_id=audit.template_version_id,
    )
    old_year = audit.year
    for field, value in values.items():
        setattr(audit, field, value)
    audit.year = year
    audit._history_user = user
    audit.full_clean()
    audit.save()
    if co_lead_organisations is not None:
        audit.co_lead_organisations.set(list(co_lead_organisations))
    message = _("The audit's plan.")
    if year != old_year:
        message = f"{message} {year_moved_text(old_year, year)}"
    event(audit, user, TimelineAction.UPDATED, message)
    return audit


@transaction.atomic
def audit_cancel(*, user, audit: Audit, reason: str, on=None) -> Audit:
    """Cancel a planned audit, with the reason and the day (today unless given). What was
    carried out stays on record: a conducted audit is reported and closed, not cancelled."""
    lock_audits(audit)
    require_planner(user, audit)
    require_open(audit)
    if audit.status != AuditStatus.PLANNED:
        raise state_error(
            _(
                "Only a planned audit can be cancelled; this one is %(status)s, and what was "
                "carried out stays on record."
            )
            % {"status": audit.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"cancellation_reason": _("Give the reason the audit was cancelled.")}
        )
    day = step_date(on, field="on")
    audit.status = AuditStatus.CANCELLED
    audit.cancelled_on = day
    audit.cancellation_reason = reason
    audit._history_user = user
    audit.full_clean()
    audit.save()
    event(
        audit,
        user,
        TimelineAction.CANCELLED,
        reason,
        on=day,
    )
    return audit
