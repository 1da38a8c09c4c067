from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.choices import Role

__all__ = ["ROLE_STRENGTH", "Protocol", "Role"]


class Protocol(models.TextChoices):
    SAML = "saml", _("SAML 2.0")
    OIDC = "oidc", _("OpenID Connect")


# When an IdP's attributes map to several roles, the strongest one is given.
ROLE_STRENGTH = {Role.READER: 1, Role.AUDITOR: 2, Role.PROCURER: 3, Role.SECRETARIAT: 4}
