"""What the identity app reads for its pages and the login."""

from __future__ import annotations

from identity.models import IdentityProvider


def login_providers():
    """The enabled IdPs, for the login page's choice of organisation."""
    return (
        IdentityProvider.objects.filter(enabled=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled IdP whose e-mail domains hold this address's domain."""
    domain = (email or "").rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return None
    for provider in login_providers():
        if domain in {d.strip().lower() for d in provider.email_domains or []}:
            return provider
    return None


def saml_providers():
    """The SAML IdPs, enabled or not (the SP's metadata is needed before an IdP is turned on,
    and a logout is answered after it is turned off)."""
    from identity.choices import Protocol

    return IdentityProvider.objects.filter(protocol=Protocol.SAML).select_related("organisation")
