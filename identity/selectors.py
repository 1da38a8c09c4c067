"""What the identity app reads for its pages and the login."""

from __future__ import annotations

import base64

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.db.models import Count, F, Max, Prefetch
from django.utils import timezone
from django_otp import devices_for_user

from identity.models import (
    ExternalIdentity,
    IdentityProvider,
    UserStatusChange,
    WebAuthnCredential,
)
from organisations.models import ApiToken, Membership, User


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


# The secretariat's pages: the IdPs and the users --------------------------------------------------


def provider_list_queryset():
    """The IdPs with how many users each has linked and when the last one logged in through it."""
    return IdentityProvider.objects.select_related("organisation").annotate(
        user_count=Count("identities", distinct=True),
        last_login_at=Max("identities__last_login"),
    )


def provider_identities(provider):
    """The users an IdP has logged in, the latest first."""
    return (
        ExternalIdentity.objects.filter(provider=provider)
        .select_related("user")
        .order_by(F("last_login").desc(nulls_last=True), "subject")
    )


def user_list_queryset():
    """Every account with its memberships and the IdPs it logs in through, in a fixed number of
    queries whatever the number of rows."""
    return User.objects.prefetch_related(
        Prefetch("memberships", Membership.objects.select_related("organisation")),
        Prefetch(
            "external_identities",
            ExternalIdentity.objects.select_related("provider__organisation"),
        ),
    )


def user_overview(user, now=None) -> dict:
    """What the user page shows of one account besides its fields: memberships, the identities
    IdPs hold for it, its API tokens (all and usable now), second factors, and the status
    changes the secretariat made."""
    now = now or timezone.now()
    tokens = ApiToken.objects.filter(user=user)
    return {
        "memberships": Membership.objects.filter(user=user).select_related("organisation"),
        "identities": ExternalIdentity.objects.filter(user=user).select_related(
            "provider__organisation"
        ),
        "token_count": tokens.count(),
        "usable_token_count": tokens.filter(revoked_at__isnull=True, expires_at__gt=now).count(),
        "passkeys": WebAuthnCredential.objects.filter(user=user).order_by("name"),
        "otp_device_count": sum(1 for _device in devices_for_user(user, confirmed=True)),
        "status_changes": UserStatusChange.objects.filter(user=user).select_related("changed_by"),
    }


def certificate_summaries(certs) -> list[dict]:
    """The IdP's signing certificates as an administrator checks them: subject, expiry and the
    SHA-256 fingerprint (a certificate that cannot be read says so)."""
    summaries = []
    for cert in certs or []:
        try:
            der = base64.b64decode("".join(cert.split()), validate=True)
            parsed = x509.load_der_x509_certificate(der)
        except (ValueError, TypeError):
            summaries.append({"readable": False})
            continue
        fingerprint = parsed.fingerprint(hashes.SHA256()).hex(":").upper()
        summaries.append(
            {
                "readable": True,
                "subject": parsed.subject.rfc4514_string(),
                "not_after": parsed.not_valid_after_utc,
                "expired": parsed.not_valid_after_utc < timezone.now(),
                "fingerprint": fingerprint,
            }
        )
    return summaries
