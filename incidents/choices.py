from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentSource(models.TextChoices):
    AUDIT = "audit", _("Audit")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    RESEARCH = "research", _("Research")
    MEDIA = "media", _("Media")
    AUTHORITY = "authority", _("Authority")
    OWN_MAPPING = "own_mapping", _("Own risk mapping")
    WHISTLEBLOWER = "whistleblower", _("Whistleblower")


class IncidentRiskArea(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    CHILD_LABOUR = "child_labour", _("Child labour")
    CORRUPTION = "corruption", _("Corruption")
    ILLEGAL_EMPLOYMENT = "illegal_employment", _("Breach of immigration or employment law")
    WORKING_CONDITIONS = "working_conditions", _("Working conditions")
    ENVIRONMENT = "environment", _("Environment")
    MISLEADING_ORIGIN = "misleading_origin", _("Misleading origin")
    OTHER = "other", _("Other")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class DatePrecision(models.TextChoices):
    """How much of a date the source gives: '2023', 'January 2025' or a day."""

    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class TimelineKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    ACTION = "action", _("Action")
    DECISION = "decision", _("Decision")
    FINDING = "finding", _("Finding")
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")
    NOTE = "note", _("Note")


class LabTestStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SAMPLING = "sampling", _("Sampling")
    ANALYSING = "analysing", _("Analysing")
    DONE = "done", _("Done")
