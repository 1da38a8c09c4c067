from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    INTERNAL_TRAINING = "internal_training", _("Internal training")
    WEBINAR = "webinar", _("Webinar")
    CONFERENCE = "conference", _("Conference")
    MARKET_DIALOGUE = "market_dialogue", _("Market dialogue")
    MEETING = "meeting", _("Meeting")
    EXTERNAL_APPEARANCE = "external_appearance", _("External appearance")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class FigureKey(models.TextChoices):
    """Yearly figures that are counted by hand rather than derived from records."""

    NEWSLETTERS = "newsletters", _("Newsletters sent")
    NEWSLETTER_SUBSCRIBERS = "newsletter_subscribers", _("Newsletter subscribers")
    MEDIA_ARTICLES = "media_articles", _("Media articles")
    LINKEDIN_FOLLOWERS = "linkedin_followers", _("LinkedIn followers")
    SECRETARIAT_STAFF = "secretariat_staff", _("Secretariat staff")
    COMMUNICATION_FTE_PERCENT = (
        "communication_fte_percent",
        _("Communication work, percent of a full-time post"),
    )
    AUDITS_TOTAL = "audits_total", _("Audits in total (before the portal)")
    EW_FACTORIES_REVIEWED = "ew_factories_reviewed", _("Factories reviewed by Electronics Watch")
    EW_MINES_REVIEWED = "ew_mines_reviewed", _("Mines reviewed by Electronics Watch")


class ReportSection(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    YEAR_IN_BRIEF = "year_in_brief", _("The year in brief")
    PROCESS = "process", _("Sustainability in the purchasing process")
    RISKS = "risks", _("Identifying and prioritising risks")
    HARMONISED_REQUIREMENTS = "harmonised_requirements", _("Harmonised requirements")
    AUDITS = "audits", _("Contract follow-up and audits")
    INCIDENTS = "incidents", _("Incidents")
    ORGANISATION = "organisation", _("Organisation and resources")
    COMPETENCE = "competence", _("Competence")
    COMMUNICATION = "communication", _("Communication")
    COLLABORATION = "collaboration", _("National and international collaboration")
    NORDIC = "nordic", _("Nordic collaboration")
    ELECTRONICS_WATCH = "electronics_watch", _("Electronics Watch")
    IWGEPP = "iwgepp", _("International Working Group on Ethical Public Procurement")
    ACCOUNTS = "accounts", _("Annual accounts")


class CostKind(models.TextChoices):
    STAFF = "staff", _("Staff costs")
    RENT_IT = "rent_it", _("Rent and IT workplace")
    TRAVEL = "travel", _("Travel")
    CONSULTANTS = "consultants", _("Consultants and purchased services")
    MEMBERSHIP_FEES = "membership_fees", _("Membership fees")
    OTHER = "other", _("Other")


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
