from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
    DUE_DILIGENCE = "due_diligence", _("Due-diligence clauses")
    ENVIRONMENTAL_REQUIREMENT = (
        "environmental_requirement",
        _("Harmonised environmental requirement"),
    )
    GUIDANCE = "guidance", _("Guidance")
    ASSESSMENT_TEMPLATE = "assessment_template", _("Assessment template")


# The kinds that make up the yearly table of harmonised requirements and guidance.
HARMONISED_KINDS = (
    InstrumentKind.ENVIRONMENTAL_REQUIREMENT,
    InstrumentKind.GUIDANCE,
    InstrumentKind.DUE_DILIGENCE,
)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class RequirementLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")
    SPEARHEAD = "spearhead", _("Spearhead")
