from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NONE = "none", _("Never")


class Subject(models.TextChoices):
    """What a reminder is about."""

    FINDING_DEADLINE = "finding_deadline", _("Corrective action deadline")
    ACTION_PLAN = "action_plan", _("Corrective action plan awaited")
    INCIDENT_QUIET = "incident_quiet", _("Incident without a timeline entry")


class Stage(models.TextChoices):
    """Where on the ladder the item stands: due soon and due (to the responsible people),
    overdue (to the lead region's contact), escalated (to the secretariat)."""

    DUE_SOON = "due_soon", _("Due soon")
    DUE = "due", _("Due today")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Escalated to the secretariat")


class DigestState(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    EMPTY = "empty", _("Not sent: everything in it was settled")
