from django.db import models
from django.utils.translation import gettext_lazy as _

from core.permissions import SECRETARIAT_KIND, Role

__all__ = ["OrganisationKind", "PartnershipKind", "Role"]


class OrganisationKind(models.TextChoices):
    REGION = "region", _("Region")
    SECRETARIAT = SECRETARIAT_KIND, _("Secretariat")
    PURCHASING_BODY = "purchasing_body", _("Purchasing body")
    AUTHORITY = "authority", _("Authority")
    NGO = "ngo", _("Non-governmental organisation")
    NETWORK = "network", _("Network")
    NORDIC_PARTNER = "nordic_partner", _("Nordic partner")
    OTHER = "other", _("Other")


class PartnershipKind(models.TextChoices):
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
    MEMBERSHIP = "membership", _("Membership")
    DECLARATION_OF_INTENT = "declaration_of_intent", _("Declaration of intent")
    COLLABORATION = "collaboration", _("Collaboration")
