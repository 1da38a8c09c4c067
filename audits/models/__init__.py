"""Audits of suppliers (revisioner), their per-criterion results, findings (avvikelser) and
corrective actions, evidence, and the timeline of who did what: ``audits.models`` names them all
(the audit in ``audit.py``, what belongs to it in ``records.py``)."""

from audits.models.audit import Audit, AuditQuerySet
from audits.models.records import (
    AuditChildQuerySet,
    AuditEvent,
    AuditEventQuerySet,
    AuditResult,
    Evidence,
    Finding,
    FindingStatusChange,
    FindingStatusChangeQuerySet,
    evidence_upload_to,
)

__all__ = [
    "Audit",
    "AuditChildQuerySet",
    "AuditEvent",
    "AuditEventQuerySet",
    "AuditQuerySet",
    "AuditResult",
    "Evidence",
    "Finding",
    "FindingStatusChange",
    "FindingStatusChangeQuerySet",
    "evidence_upload_to",
]
