"""Passkeys and security keys (WebAuthn, py_webauthn): the options a page hands the browser and
the check of what the browser sends back.

Each ceremony's challenge is kept in the session (one per purpose) and used once. The relying
party is this site: its id is ``HALLBAR_WEBAUTHN_RP_ID`` or, empty, the host the request came to
(Django has checked it against ALLOWED_HOSTS), and the expected origin is that scheme and host.
A browser offers WebAuthn only in a secure context: HTTPS, or http://localhost and 127.0.0.1.
"""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from identity.models import WebAuthnCredential

SESSION_KEY = "hallbar_webauthn_challenge"
RP_NAME = "Hållbar"


class PasskeyRefused(Exception):
    """What the browser sent did not verify."""


def rp_id(request) -> str:
    return getattr(settings, "HALLBAR_WEBAUTHN_RP_ID", "") or request.get_host().rsplit(":", 1)[0]


def origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _remember(request, purpose: str, challenge: bytes) -> None:
    request.session[SESSION_KEY] = {"purpose": purpose, "challenge": bytes_to_base64url(challenge)}


def _take(request, purpose: str) -> bytes:
    data = request.session.pop(SESSION_KEY, None) or {}
    if data.get("purpose") != purpose or not data.get("challenge"):
        raise PasskeyRefused("no challenge")
    return base64url_to_bytes(data["challenge"])


def _descriptors(user) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(c.credential_id))
        for c in WebAuthnCredential.objects.filter(user=user)
    ]


def registration_options(request, user) -> str:
    """The JSON for ``navigator.credentials.create`` (a new challenge in the session)."""
    challenge = secrets.token_bytes(32)
    options = generate_registration_options(
        rp_id=rp_id(request),
        rp_name=RP_NAME,
        user_id=f"hallbar-user-{user.pk}".encode(),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        challenge=challenge,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _remember(request, "register", challenge)
    return options_to_json(options)


def registration_verify(request, credential_json: str) -> dict:
    """What to store of the new credential; ``PasskeyRefused`` when it does not verify."""
    challenge = _take(request, "register")
    try:
        credential = json.loads(credential_json)
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id(request),
            expected_origin=origin(request),
        )
    except (ValueError, TypeError, KeyError, AttributeError, WebAuthnException) as error:
        raise PasskeyRefused(str(error)) from error
    transports = (credential.get("response") or {}).get("transports") or []
    return {
        "credential_id": bytes_to_base64url(verified.credential_id),
        "public_key": bytes_to_base64url(verified.credential_public_key),
        "sign_count": verified.sign_count,
        "transports": [str(t) for t in transports][:10],
    }


def authentication_options(request, user) -> str:
    """The JSON for ``navigator.credentials.get`` with the user's credentials."""
    challenge = secrets.token_bytes(32)
    options = generate_authentication_options(
        rp_id=rp_id(request),
        challenge=challenge,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _remember(request, "authenticate", challenge)
    return options_to_json(options)


def authentication_verify(request, user, credential_json: str) -> tuple[WebAuthnCredential, int]:
    """The user's credential that signed the challenge, and its new signature counter;
    ``PasskeyRefused`` otherwise (another user's key, a wrong signature, a replayed answer)."""
    challenge = _take(request, "authenticate")
    try:
        credential = json.loads(credential_json)
        stored = WebAuthnCredential.objects.filter(
            user=user, credential_id=str(credential.get("id", ""))
        ).first()
        if stored is None:
            raise PasskeyRefused("not this user's credential")
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id(request),
            expected_origin=origin(request),
            credential_public_key=base64url_to_bytes(stored.public_key),
            credential_current_sign_count=stored.sign_count,
        )
    except (ValueError, TypeError, KeyError, AttributeError, WebAuthnException) as e:
        raise PasskeyRefused(str(e)) from e
    return stored, verified.new_sign_count
