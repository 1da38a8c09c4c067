from django.db import models
from django.utils.translation import gettext_lazy as _


class AliasKind(models.TextChoices):
    FORMER_NAME = "former_name", _("Former name")
    SPELLING = "spelling", _("Other spelling")
    TRADE_NAME = "trade_name", _("Trade name")


class SiteKind(models.TextChoices):
    FACTORY = "factory", _("Factory")
    MINE = "mine", _("Mine")
    FARM = "farm", _("Farm")
    WAREHOUSE = "warehouse", _("Warehouse")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class ClauseLevel(models.TextChoices):
    """The level of the due-diligence clauses an agreement carries."""

    NONE = "", _("None")
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")
