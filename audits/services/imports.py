"""One row of a follow-up log (a spreadsheet import): the resource maps the row's cells to the
arguments below and calls one entry point per row; the rules are the workflow's own services.

Each row is one transaction: a refusal of any of its steps leaves nothing of the row saved.
An audit row records a new audit in its state (``audit_import``), or changes an existing one's
plan (``audit_update``) and takes at most the step the file may take: a planned audit carried
out or cancelled, a reported one closed. A finding row adds (``finding_add``) or changes
(``finding_update``) a finding and moves its status along the workflow
(``finding_status_set``), each step dated as the file says (today where it gives no day). The
day of a step already taken is not changed by a file.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audits.choices import CARRIED_OUT_STATUSES, AuditStatus, FindingStatus
from audits.models import Audit, Finding
from audits.services.findings import FINDING_FIELDS, finding_add, finding_status_set, finding_update
from audits.services.plan import (
    AUDIT_FIELDS,
    IMPORT_STEP_FIELDS,
    audit_cancel,
    audit_import,
    audit_update,
)
from audits.services.steps import audit_close, audit_conduct

# The plan fields an audit row sets: the service's, but for those a follow-up log does not
# hold (the auditor, the audit followed up, the internal note). The rest of an audit comes from
# the workflow steps.
AUDIT_PLAN_FIELDS = tuple(
    field for field in AUDIT_FIELDS if field not in ("auditor", "follows_up", "internal_note")
)
# The days (and reason) of the steps an audit row may bring: set when the row records a new
# audit in its state, or when it takes the step (closing a reported audit, cancelling a plan).
AUDIT_STEP_FIELDS = IMPORT_STEP_FIELDS
# The step columns a move takes: cancelling sets the day and reason, closing the day.
STEP_COLUMNS_OF = {
    AuditStatus.CANCELLED: ("cancelled_on", "cancellation_reason"),
    AuditStatus.CLOSED: ("closed_on",),
}
# A finding row's days of its status steps, and the date of the audit that verified it.
FINDING_STEP_FIELDS = (
    "action_plan_received_on",
    "closed_on",
    "escalated_on",
    "verified_by_audit_date",
)


def keyed(error: ValidationError, column: str) -> ValidationError:
    """A step's refusal of its day (keyed ``on``) under the file's column for that day."""
    if not hasattr(error, "error_dict") or "on" not in error.error_dict:
        return error
    errors = dict(error.error_dict)
    errors[column] = errors.pop("on")
    return ValidationError(errors)


# -- audits -----------------------------------------------------------------------------------


@transaction.atomic
def audit_import_row(*, user, audit: Audit | None, values: dict) -> Audit:
    """An audit row: ``values`` holds AUDIT_PLAN_FIELDS, the status (None or "": planned for a
    new audit, unchanged for an existing one), ``co_lead_organisations`` (None: the file has no
    such column) and the step fields. ``audit`` is the stored audit the row names, or None."""
    values = dict(values)
    status = values.pop("status", None)
    co_leads = values.pop("co_lead_organisations", None)
    steps = {field: values.pop(field, None) for field in AUDIT_STEP_FIELDS}
    steps["cancellation_reason"] = steps["cancellation_reason"] or ""
    plan = {field: values.pop(field) for field in AUDIT_PLAN_FIELDS if field in values}
    if values:
        raise TypeError(f"audit_import_row() got unknown values {sorted(values)}")
    if audit is None:
        return audit_import(
            user=user,
            status=status or AuditStatus.PLANNED,
            co_lead_organisations=co_leads or (),
            **plan,
            **steps,
        )
    if plan.get("year") is None:
        plan.pop("year", None)  # an empty year keeps the audit's
    wanted = status or audit.status
    changed = {field: value for field, value in plan.items() if value != getattr(audit, field)}
    carried_out = {}
    if audit.status == AuditStatus.PLANNED and wanted in CARRIED_OUT_STATUSES:
        # The days a planned audit was carried out are the "carried out" step's.
        carried_out = {
            field: changed.pop(field) for field in ("start_date", "end_date") if field in changed
        }
    moved = wanted != audit.status
    _refuse_changed_steps(audit, steps, taken=wanted if moved else None)
    co_leads_changed = co_leads is not None and sorted(o.pk for o in co_leads) != sorted(
        audit.co_lead_organisations.values_list("pk", flat=True)
    )
    if changed or co_leads_changed:
        audit_update(
            user=user,
            audit=audit,
            co_lead_organisations=co_leads if co_leads_changed else None,
            **changed,
        )
    if moved:
        _audit_move(user, audit, wanted, steps, carried_out)
    return audit


def _refuse_changed_steps(audit: Audit, steps: dict, *, taken) -> None:
    """The day of a step the audit already took is not changed by a file."""
    errors = {
        field: _(
            "An import records this only with its step (a new audit, or the step the row "
            "takes); it does not change it afterwards."
        )
        for field, value in steps.items()
        if (value or None) != (getattr(audit, field) or None)
        and field not in STEP_COLUMNS_OF.get(taken, ())
    }
    if errors:
        raise ValidationError(errors)


def _audit_move(user, audit: Audit, new, steps: dict, carried_out: dict) -> None:
    old = audit.status
    if old == AuditStatus.PLANNED and new == AuditStatus.CONDUCTED:
        if not carried_out.get("start_date"):
            raise ValidationError({"start_date": _("Give the day the audit started.")})
        audit_conduct(user=user, audit=audit, **carried_out)
        return
    if old == AuditStatus.PLANNED and new == AuditStatus.CANCELLED:
        try:
            reason, on = steps["cancellation_reason"], steps["cancelled_on"]
            audit_cancel(user=user, audit=audit, reason=reason, on=on)
        except ValidationError as error:
            raise keyed(error, "cancelled_on") from None
        return
    if old == AuditStatus.REPORTED and new == AuditStatus.CLOSED:
        try:
            audit_close(user=user, audit=audit, on=steps["closed_on"])
        except ValidationError as error:
            raise keyed(error, "closed_on") from None
        return
    raise ValidationError(
        {
            "status": _(
                "The audit is %(old)s; an import can record a planned audit as conducted or "
                "cancelled, and close a reported one. Take the other steps (results, report) "
                "in the portal."
            )
            % {"old": AuditStatus(old).label.lower()}
        }
    )


# -- findings ---------------------------------------------------------------------------------


@transaction.atomic
def finding_import_row(*, user, audit: Audit, finding: Finding | None, values: dict) -> Finding:
    """A finding row of ``audit``: ``values`` holds FINDING_FIELDS (``raised_on`` None: the
    audit's last day for a new finding, unchanged for an existing one), the status (None or "":
    open for a new finding, unchanged for an existing one) and FINDING_STEP_FIELDS.
    ``finding`` is the stored finding the row names, or None."""
    values = dict(values)
    status = values.pop("status", None)
    steps = {field: values.pop(field, None) for field in FINDING_STEP_FIELDS}
    fields = {field: values.pop(field) for field in FINDING_FIELDS if field in values}
    if values:
        raise TypeError(f"finding_import_row() got unknown values {sorted(values)}")
    if fields.get("raised_on") is None:
        fields.pop("raised_on", None)
    if finding is None:
        finding = finding_add(user=user, audit=audit, **fields)
    else:
        changed = {
            field: value for field, value in fields.items() if value != getattr(finding, field)
        }
        if changed:
            finding_update(user=user, finding=finding, **changed)
    _finding_move(user, finding, status or finding.status, steps)
    return finding


def _verifier(finding: Finding, day) -> Audit | None:
    """The audit named by ``verified_by_audit_date``: of the finding's supplier, not its own,
    planned or started that day."""
    if day is None:
        return None
    found = list(
        Audit.objects.filter(supplier_id=finding.audit.supplier_id)
        .exclude(pk=finding.audit_id)
        .filter(Q(planned_date=day) | Q(start_date=day))
        .order_by("pk")[:2]
    )
    if not found:
        raise ValidationError(
            {
                "verified_by_audit_date": _(
                    "No other audit of %(supplier)s has the planned or start date %(date)s."
                )
                % {"supplier": finding.audit.supplier, "date": day.isoformat()}
            }
        )
    if len(found) > 1:
        raise ValidationError(
            {
                "verified_by_audit_date": _(
                    "Several audits of %(supplier)s have the date %(date)s; close the "
                    "finding in the portal."
                )
                % {"supplier": finding.audit.supplier, "date": day.isoformat()}
            }
        )
    return found[0]


def _step(user, finding: Finding, status, on, column: str, **kwargs) -> None:
    try:
        finding_status_set(user=user, finding=finding, status=status, on=on, **kwargs)
    except ValidationError as error:
        raise keyed(error, column) from None


def _finding_move(user, finding: Finding, new, steps: dict) -> None:
    """The status along the workflow, each step dated as the file says (today where it gives
    no day)."""
    old = finding.status
    if new == old:
        return
    received_on = steps["action_plan_received_on"]
    if new == FindingStatus.VERIFIED_CLOSED and old == FindingStatus.OPEN and received_on:
        received = FindingStatus.ACTION_PLAN_RECEIVED
        _step(user, finding, received, received_on, "action_plan_received_on")
    if new == FindingStatus.VERIFIED_CLOSED:
        verifier = _verifier(finding, steps["verified_by_audit_date"])
        _step(user, finding, new, steps["closed_on"], "closed_on", verified_by_audit=verifier)
        return
    column, on = {
        FindingStatus.ACTION_PLAN_RECEIVED: ("action_plan_received_on", received_on),
        FindingStatus.ESCALATED: ("escalated_on", steps["escalated_on"]),
    }.get(new, ("status", None))
    _step(user, finding, new, on, column)
