"""OpenID Connect login of one organisation's IdP (the relying party).

Authorization code flow with PKCE (S256), state and nonce kept in the session, through Authlib's
Django client (``DjangoOAuth2App``). Authlib was chosen over writing the steps by hand because its
one call ``authorize_access_token`` checks the state, exchanges the code with the verifier, and
validates the ID token completely (signature against the IdP's JWKS, fetching the set again
when the key id is unknown; ``iss`` against the discovery document, ``aud``/``azp`` against the
client id, ``exp``/``iat``, ``nonce``, ``at_hash``): the least code of ours around the checks
that matter. The client is built per request from the ``IdentityProvider`` row (client id,
secret, issuer and scopes live in the database, not in settings), so Authlib's registry is not
used.

The only outbound calls are to the IdP, at login and logout: its discovery document
(``<issuer>/.well-known/openid-configuration``) and its JWKS, kept together in Django's cache
for ``HALLBAR_OIDC_CACHE_SECONDS`` (the cache falls back to process memory while Redis is
unreachable: core/cache.py), then the token and userinfo endpoints. Every call has a bounded
timeout (``HALLBAR_OIDC_TIMEOUT``). Whatever goes wrong ends in ``identity.login.failed``: the
"Login not accepted" page (400) with a message that says what, never a server error.
"""

from __future__ import annotations

import hashlib
import logging
import time
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError

from identity import login as sso

logger = logging.getLogger(__name__)

# The discovery document's entries the client uses (nothing else of it is kept).
METADATA_KEYS = (
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
    "id_token_signing_alg_values_supported",
    "token_endpoint_auth_methods_supported",
)
REQUIRED_KEYS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
# Claims of the protocol itself, not of the person: not kept as attributes.
PROTOCOL_CLAIMS = {"iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "jti"}
# An ID token longer than this is not kept in the session for the logout hint; the logout then
# names the client instead (and the IdP asks the person to confirm).
ID_TOKEN_KEPT_CHARS = 4096


class OidcError(Exception):
    """The IdP could not be used; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _timeout() -> float:
    return float(settings.HALLBAR_OIDC_TIMEOUT)


def _issuer(provider) -> str:
    return (provider.oidc_issuer or "").strip().rstrip("/")


def _cache_key(issuer: str) -> str:
    return "hallbar:oidc:" + hashlib.sha256(issuer.encode()).hexdigest()[:32]


def _get_json(url: str) -> dict:
    unreachable = _("The identity provider could not be reached. Try again later.")
    try:
        response = requests.get(url, timeout=_timeout(), headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except requests.RequestException as error:  # connection, timeout, HTTP status, not JSON
        logger.warning("OIDC: %s could not be read: %s", url, error)
        raise OidcError(unreachable) from error
    if not isinstance(data, dict):
        raise OidcError(unreachable)
    return data


def metadata(provider, *, refresh: bool = False) -> dict:
    """The IdP's discovery document (the entries the client uses) and its JWKS under ``jwks``:
    from the cache, else fetched and cached for a few minutes."""
    issuer = _issuer(provider)
    if not issuer:
        raise OidcError(_("This organisation's login is not fully set up (no issuer)."))
    key = _cache_key(issuer)
    found = None if refresh else cache.get(key)
    if isinstance(found, dict):
        return found
    document = _get_json(f"{issuer}/.well-known/openid-configuration")
    missing = [name for name in REQUIRED_KEYS if not isinstance(document.get(name), str)]
    if missing or str(document["issuer"]).rstrip("/") != issuer:
        logger.warning("OIDC: the discovery document of %s is unusable (%s)", issuer, missing)
        raise OidcError(
            _("The identity provider's configuration does not match its issuer %(issuer)s.")
            % {"issuer": issuer}
        )
    found = {name: document[name] for name in METADATA_KEYS if name in document}
    found["jwks"] = _get_json(document["jwks_uri"])
    cache.set(key, found, settings.HALLBAR_OIDC_CACHE_SECONDS)
    return found


def _scopes(provider) -> str:
    scopes = (provider.oidc_scopes or "").split()
    return " ".join(["openid", *[s for s in scopes if s != "openid"]])


def _client(provider, found: dict) -> DjangoOAuth2App:
    """Authlib's Django client for this IdP, given what discovery found (so Authlib fetches
    nothing of its own but a new JWKS when the key id is unknown)."""
    methods_key = "token_endpoint_auth_methods_supported"
    methods = found.get(methods_key) or ["client_secret_basic"]
    basic = "client_secret_basic" in methods
    name = f"hallbar_oidc_{provider.pk}"
    server_metadata = {k: v for k, v in found.items() if k != methods_key}
    return DjangoOAuth2App(
        DjangoIntegration(name),
        name=name,
        client_id=provider.oidc_client_id,
        client_secret=provider.oidc_client_secret,
        client_kwargs={
            "scope": _scopes(provider),
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic" if basic else "client_secret_post",
            "default_timeout": _timeout(),
        },
        _loaded_at=time.time(),
        **server_metadata,
    )


def redirect_uri(request, provider) -> str:
    return request.build_absolute_uri(reverse("identity:oidc_callback", args=[provider.pk]))


def begin(request, provider):
    """Off to the IdP's authorization endpoint (through ``identity.login.onward``); state, nonce
    and the PKCE verifier stay in the session until the IdP sends the person back."""
    try:
        client = _client(provider, metadata(provider))
        found = client.create_authorization_url(redirect_uri(request, provider))
    except OidcError as error:
        return sso.failed(request, provider, error.message)
    # What the callback needs, not the whole URL (the session stays small).
    client.save_authorize_data(
        request,
        redirect_uri=redirect_uri(request, provider),
        state=found["state"],
        code_verifier=found["code_verifier"],
        nonce=found["nonce"],
    )
    return sso.onward(request, found["url"], heading=_("On to your organisation's login"))


def _attributes(id_claims: dict, userinfo: dict) -> dict:
    """The person's claims: the ID token's, then userinfo's (same subject) on top."""
    merged = {k: v for k, v in id_claims.items() if k not in PROTOCOL_CLAIMS}
    merged.update({k: v for k, v in userinfo.items() if k not in PROTOCOL_CLAIMS})
    return merged


def _verify(request, provider) -> tuple[dict, dict]:
    """The token response and the person's claims, verified; raises OidcError."""
    stale = _(
        "The login could not be matched to one started in this browser (it may have expired, or "
        "been used already). Start the login again."
    )
    error = request.GET.get("error")
    if error:
        # The IdP's own words only for a login started here (a link made up elsewhere could
        # carry any text), and not at any length.
        if not _forget_state(request, provider):
            raise OidcError(stale)
        description = (request.GET.get("error_description") or error)[:200]
        raise OidcError(
            _("The identity provider did not log you in: %(reason)s") % {"reason": description}
        )
    if not request.GET.get("state") or not request.GET.get("code"):
        raise OidcError(stale)
    found = metadata(provider)
    client = _client(provider, found)
    try:
        token = client.authorize_access_token(request)
    except MismatchingStateError as failure:
        raise OidcError(stale) from failure
    except OAuthError as failure:  # the token endpoint's error answer
        logger.warning("OIDC %s: token endpoint refused: %s", provider.pk, failure)
        raise OidcError(
            _("The identity provider did not accept the login (%(reason)s). Start again.")
            % {"reason": getattr(failure, "error", "") or "invalid_grant"}
        ) from failure
    except requests.RequestException as failure:
        logger.warning("OIDC %s: token endpoint unreachable: %s", provider.pk, failure)
        raise OidcError(
            _("The identity provider could not be reached. Try again later.")
        ) from failure
    except ExpiredTokenError as failure:
        raise OidcError(_("The identity provider's ID token has expired.")) from failure
    except ClaimError as failure:
        logger.warning("OIDC %s: ID token claim refused: %s", provider.pk, failure)
        raise OidcError(
            _("The identity provider's ID token is not valid for this portal (claim %(claim)s).")
            % {"claim": getattr(failure, "claim", "") or "?"}
        ) from failure
    except (JoseError, ValueError, KeyError, TypeError, RuntimeError) as failure:
        logger.warning("OIDC %s: ID token refused: %s", provider.pk, failure)
        raise OidcError(
            _("The identity provider's ID token could not be verified (signature or format).")
        ) from failure
    if found.get("jwks") != client.server_metadata.get("jwks"):  # the IdP rotated its keys
        found["jwks"] = client.server_metadata["jwks"]
        cache.set(
            _cache_key(_issuer(provider)),
            found,
            settings.HALLBAR_OIDC_CACHE_SECONDS,
        )
    id_claims = dict(token.get("userinfo") or {})
    if not token.get("id_token") or not id_claims.get("sub"):
        raise OidcError(_("The identity provider sent no ID token."))
    userinfo = {}
    if found.get("userinfo_endpoint"):
        try:
            userinfo = dict(client.userinfo(token=token))
        except (requests.RequestException, OAuthError, ValueError) as failure:
            logger.warning("OIDC %s: userinfo unreachable: %s", provider.pk, failure)
            raise OidcError(
                _("The identity provider could not be reached. Try again later.")
            ) from failure
        if str(userinfo.get("sub", "")) != str(id_claims["sub"]):
            raise OidcError(_("The identity provider's user information is of another person."))
    return token, _attributes(id_claims, userinfo)


def _forget_state(request, provider) -> bool:
    """Forget the login the answer's state names; whether it was one started here."""
    state = request.GET.get("state")
    if not state:
        return False
    integration = DjangoIntegration(f"hallbar_oidc_{provider.pk}")
    started = integration.get_state_data(request.session, state) is not None
    integration.clear_state_data(request.session, state)
    return started


def callback(request, provider):
    """The IdP sent the person back: verify, then log in (``identity.login.complete``)."""
    try:
        token, attributes = _verify(request, provider)
    except OidcError as error:
        return sso.failed(request, provider, error.message)
    except Exception:  # an IdP's answer of a shape nobody foresaw: a message, not a 500
        logger.exception("OIDC %s: the IdP's answer could not be handled", provider.pk)
        return sso.failed(
            request,
            provider,
            _("The login through your organisation could not be completed. Try again later."),
        )
    id_token = token["id_token"]
    logout_data = (
        {"id_token": id_token}
        if len(id_token) <= ID_TOKEN_KEPT_CHARS
        else {"client_id": provider.oidc_client_id}
    )
    return sso.complete(
        request,
        provider,
        subject=str(attributes["sub"]),
        attributes=attributes,
        logout_data=logout_data,
    )


def logout_redirect(request, provider, data) -> str | None:
    """The IdP's end-session URL (RP-initiated logout) where its discovery document offers one,
    with the ID token as hint and the login page to come back to; else None."""
    try:
        found = metadata(provider)
    except OidcError:
        return None
    endpoint = found.get("end_session_endpoint")
    if not endpoint:
        return None
    params = {"post_logout_redirect_uri": request.build_absolute_uri(reverse("login"))}
    if data.get("id_token"):
        params["id_token_hint"] = data["id_token"]
    params["client_id"] = provider.oidc_client_id
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
