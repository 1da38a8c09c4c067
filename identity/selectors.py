"""What the identity app reads for its pages and the login."""

from __future__ import annotations

import base64

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.db.models import Count, F, Max, Prefetch
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

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
        "mfa_methods": mfa_methods(user),
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


def mfa_methods(user) -> list[str]:
    """The kinds of second factor ``user`` has, in this order: "totp" (a confirmed TOTP app),
    "passkey" (a WebAuthn credential), "recovery" (recovery codes left). Empty: none. The
    secretariat's user pages show this as the user's MFA status."""
    if user is None or not user.pk:
        return []
    methods = []
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        methods.append("totp")
    if WebAuthnCredential.objects.filter(user=user).exists():
        methods.append("passkey")
    if StaticToken.objects.filter(device__user=user).exists():
        methods.append("recovery")
    return methods


def mfa_overview(user) -> dict:
    """The user's methods for the "Two-step verification" page."""
    recovery = StaticDevice.objects.filter(user=user).first()
    return {
        "totp_devices": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user).order_by("name")),
        "recovery_device": recovery,
        "recovery_left": recovery.token_set.count() if recovery else 0,
    }


def mfa_history(user, limit: int = 30) -> list[dict]:
    """Who added or removed which of ``user``'s methods, newest first: the history of the TOTP
    devices, recovery codes and passkeys together."""
    rows = []
    for model, kind in (
        (TOTPDevice, "totp"),
        (StaticDevice, "recovery"),
        (WebAuthnCredential, "passkey"),
    ):
        records = (
            model.history.filter(user_id=user.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for record in records:
            rows.append(
                {
                    "at": record.history_date,
                    "kind": kind,
                    "name": getattr(record, "name", ""),
                    "change": record.history_type,
                    "by": record.history_user,
                }
            )
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows[:limit]


def saml_providers():
    """The SAML IdPs, enabled or not (the SP's metadata is needed before an IdP is turned on,
    and a logout is answered after it is turned off)."""
    from identity.choices import Protocol

    return IdentityProvider.objects.filter(protocol=Protocol.SAML).select_related("organisation")
