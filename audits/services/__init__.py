"""The audit workflow: plan → carried out → results → findings → report → approval → follow-up
→ close (or cancel a plan).

Every step validates, locks the rows it checks, saves atomically, records the user for the
history and writes the audit's timeline (who, on which day it happened, when it was recorded).
Every step is dated the day it happened: today unless the user gives the day, never in the
future, never before the step it follows (core/dates.py). A refusal is a ValidationError with a
message for the user, keyed by the field the user typed where it concerns one (code
``invalid_state`` when the audit is in the wrong state for the step), or a PermissionDenied when
the user may not take the step at all.
"""

from audits.services._common import audit_year
from audits.services.findings import (
    FINDING_FIELDS,
    FINDING_TRANSITIONS,
    FOLLOW_UP_DECISIONS,
    finding_add,
    finding_status_set,
    finding_update,
    follow_up_review,
)
from audits.services.imports import audit_import_row, finding_import_row
from audits.services.plan import (
    AUDIT_FIELDS,
    IMPORT_STEP_FIELDS,
    PLAN_FIELDS,
    audit_cancel,
    audit_import,
    audit_plan,
    audit_update,
)
from audits.services.results import audit_results_record
from audits.services.steps import (
    audit_close,
    audit_conduct,
    audit_report,
    evidence_add,
    public_summary_approve,
)

__all__ = [
    "AUDIT_FIELDS",
    "FINDING_FIELDS",
    "FINDING_TRANSITIONS",
    "FOLLOW_UP_DECISIONS",
    "IMPORT_STEP_FIELDS",
    "PLAN_FIELDS",
    "audit_cancel",
    "audit_close",
    "audit_conduct",
    "audit_import",
    "audit_import_row",
    "audit_plan",
    "audit_report",
    "audit_results_record",
    "audit_update",
    "audit_year",
    "evidence_add",
    "finding_add",
    "finding_import_row",
    "finding_status_set",
    "finding_update",
    "follow_up_review",
    "public_summary_approve",
]
