from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    OFFICE = "office", _("Office audit")
    FOLLOW_UP = "follow_up", _("Follow-up audit")
    ON_SITE = "on_site", _("On-site audit")
    DESK = "desk", _("Desk review")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONDUCTED = "conducted", _("Conducted")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The states of an audit that was carried out (the "carried out" step has been taken).
CARRIED_OUT_STATUSES = (AuditStatus.CONDUCTED, AuditStatus.REPORTED, AuditStatus.CLOSED)


class ResultOutcome(models.TextChoices):
    FULFILLED = "fulfilled", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class FindingKind(models.TextChoices):
    NON_COMPLIANCE = "non_compliance", _("Non-compliance")
    OBSERVATION = "observation", _("Observation")
    GOOD_PRACTICE = "good_practice", _("Good practice")


class FindingSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTION_PLAN_RECEIVED = "action_plan_received", _("Action plan received")
    VERIFIED_CLOSED = "verified_closed", _("Verified closed")
    ESCALATED = "escalated", _("Escalated")


# A finding in one of these states no longer keeps its audit from closing.
FINDING_SETTLED_STATUSES = (FindingStatus.VERIFIED_CLOSED, FindingStatus.ESCALATED)


class TimelineAction(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONDUCTED = "conducted", _("Carried out")
    UPDATED = "updated", _("Updated")
    RESULTS_RECORDED = "results_recorded", _("Results recorded")
    FINDING_ADDED = "finding_added", _("Finding added")
    FINDING_STATUS = "finding_status", _("Finding status changed")
    EVIDENCE_ADDED = "evidence_added", _("Evidence added")
    REPORTED = "reported", _("Reported")
    SUMMARY_APPROVED = "summary_approved", _("Public summary approved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    IMPORTED = "imported", _("Imported")
