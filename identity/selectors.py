"""What the identity app reads for its pages and the login."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity.models import IdentityProvider, WebAuthnCredential


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
