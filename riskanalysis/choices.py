from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskArea(models.TextChoices):
    """The four areas of the code of conduct."""

    HUMAN_RIGHTS = "human_rights", _("Human rights")
    LABOUR_RIGHTS = "labour_rights", _("Labour rights")
    ENVIRONMENT = "environment", _("Environment")
    BUSINESS_ETHICS = "business_ethics", _("Business ethics")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class RiskAnalysisKind(models.TextChoices):
    OVERVIEW = "overview", _("Overview of the category tree")
    IN_DEPTH = "in_depth", _("In-depth risk analysis")


class SupplyChainStage(models.TextChoices):
    RAW_MATERIAL = "raw_material", _("Raw material")
    COMPONENTS = "components", _("Components")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    TRANSPORT = "transport", _("Transport")
    USE = "use", _("Use")
    END_OF_LIFE = "end_of_life", _("End of life")
