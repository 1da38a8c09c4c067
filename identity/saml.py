"""SAML 2.0 login of one organisation's IdP (OneLogin's python3-saml): the portal as a service
provider (SP), one per IdP, with its own entity id (the URL of its metadata).

``settings_for`` builds python3-saml's settings from the IdP's fields and the SP's optional key
(HALLBAR_SAML_SP_KEY / HALLBAR_SAML_SP_CERT); ``begin`` sends the AuthnRequest and remembers its
id for the InResponseTo check; ``response_read`` verifies the IdP's answer at the ACS;
``logout_redirect`` sends the LogoutRequest of single logout. Nothing is fetched from the IdP at
login: its entity id, URLs and certificates are what the secretariat saved. The views are in
identity/views/saml.py.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Constants
from onelogin.saml2.errors import OneLogin_Saml2_ValidationError as ValidationFailure
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from identity import login as sso


def idp_metadata_read(xml: str, entity_id: str | None = None) -> dict:
    """What the portal needs of an IdP's metadata (pasted, or fetched when the secretariat saves
    the IdP; never at login): ``entity_id``, ``sso_url``, ``slo_url`` and ``x509_certs`` (the
    signing certificates, base64 without PEM armour). A ``ValidationError`` says what is wrong."""
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml.strip(), entity_id=entity_id or None)
    except Exception as error:  # lxml/defusedxml raise many kinds on bad input
        raise ValidationError(
            _("The metadata is not valid SAML metadata: %(error)s") % {"error": error},
            code="metadata_invalid",
        ) from error
    idp = parsed.get("idp") or {}
    if not idp.get("entityId") or not idp.get("singleSignOnService", {}).get("url"):
        raise ValidationError(
            _("The metadata describes no identity provider with a single sign-on URL."),
            code="metadata_no_idp",
        )
    certs = list(idp.get("x509certMulti", {}).get("signing") or [])
    if idp.get("x509cert"):
        certs.insert(0, idp["x509cert"])
    certs = list(dict.fromkeys(c.strip() for c in certs if c and c.strip()))
    if not certs:
        raise ValidationError(
            _("The metadata holds no signing certificate of the identity provider."),
            code="metadata_no_cert",
        )
    return {
        "entity_id": idp["entityId"],
        "sso_url": idp["singleSignOnService"]["url"],
        "slo_url": (idp.get("singleLogoutService") or {}).get("url", ""),
        "x509_certs": certs,
    }


REQUEST_KEY = "hallbar_saml_request"  # the AuthnRequest waiting for its answer: id, IdP, time
LOGOUT_KEY = "hallbar_saml_logout"  # the LogoutRequest waiting for its answer


# The certificate and key of the SP may come from the environment with "\n" for line breaks.
def _pem(value: str) -> str:
    return (value or "").replace("\\n", "\n").strip()


def sp_key_and_cert() -> tuple[str, str]:
    """The SP's signing key and certificate (PEM), or ("", "") when it signs nothing."""
    key = _pem(getattr(settings, "HALLBAR_SAML_SP_KEY", ""))
    cert = _pem(getattr(settings, "HALLBAR_SAML_SP_CERT", ""))
    return (key, cert) if key and cert else ("", "")


def request_data(request) -> dict:
    """The request as python3-saml reads it, from what Django knows (scheme and host behind the
    proxy as SECURE_PROXY_SSL_HEADER and ALLOWED_HOSTS say), so the URLs it compares with the
    Destination match the ACS and SLS URLs the portal announces."""
    return {
        "https": "on" if request.is_secure() else "off",
        "http_host": request.get_host(),
        "script_name": request.path,
        "get_data": request.GET.copy(),
        "post_data": request.POST.copy() if request.method == "POST" else {},
        "query_string": request.META.get("QUERY_STRING", ""),
        # Some IdPs (ADFS) encode the signed query in lower case.
        "lowercase_urlencoding": False,
    }


def sp_urls(request, provider) -> dict:
    """The SP's entity id (its metadata URL), ACS and SLS URLs for ``provider``."""
    return {
        name: request.build_absolute_uri(reverse(f"identity:saml_{name}", args=[provider.pk]))
        for name in ("metadata", "acs", "sls")
    }


def settings_for(request, provider, *, sp_only: bool = False) -> OneLogin_Saml2_Settings:
    """python3-saml's settings for the SP of ``provider``: strict, the IdP's assertions signed,
    anything unsigned refused; the SP signs its requests when it has a key."""
    urls = sp_urls(request, provider)
    key, cert = sp_key_and_cert()
    signs = bool(key)
    authn_context = list(getattr(settings, "HALLBAR_SAML_REQUESTED_AUTHN_CONTEXT", []) or [])
    data = {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": urls["metadata"],
            "assertionConsumerService": {
                "url": urls["acs"],
                "binding": Constants.BINDING_HTTP_POST,
            },
            "singleLogoutService": {"url": urls["sls"], "binding": Constants.BINDING_HTTP_REDIRECT},
            "NameIDFormat": Constants.NAMEID_UNSPECIFIED,
            "x509cert": cert,
            "privateKey": key,
        },
        "security": {
            "authnRequestsSigned": signs,
            "logoutRequestSigned": signs,
            "logoutResponseSigned": signs,
            "signMetadata": False,
            # The assertion must be signed; the whole response may be too (as the IdP sends).
            "wantAssertionsSigned": True,
            "wantMessagesSigned": False,
            "wantNameId": True,
            "wantAttributeStatement": False,
            "wantAssertionsEncrypted": False,
            "wantNameIdEncrypted": False,
            "requestedAuthnContext": authn_context or False,
            "failOnAuthnContextMismatch": bool(authn_context),
            "rejectUnsolicitedResponsesWithInResponseTo": True,
            "rejectDeprecatedAlgorithm": True,
            "allowRepeatAttributeName": True,
            # A closed network may name its hosts with one label ("hallbar", "idp").
            "allowSingleLabelDomains": True,
            "signatureAlgorithm": Constants.RSA_SHA256,
            "digestAlgorithm": Constants.SHA256,
            # No expiry in the SP metadata (python3-saml's default is two days): an IdP that
            # imports it once would otherwise stop trusting the portal. Re-read weekly.
            "metadataValidUntil": "",
            "metadataCacheDuration": None,
        },
        "contactPerson": {},
        "organization": {},
    }
    if not sp_only:
        idp = {
            "entityId": provider.saml_entity_id,
            "singleSignOnService": {
                "url": provider.saml_sso_url,
                "binding": Constants.BINDING_HTTP_REDIRECT,
            },
            "x509certMulti": {"signing": list(provider.saml_x509_certs or [])},
        }
        if provider.saml_slo_url:
            idp["singleLogoutService"] = {
                "url": provider.saml_slo_url,
                "binding": Constants.BINDING_HTTP_REDIRECT,
            }
        data["idp"] = idp
    return OneLogin_Saml2_Settings(data, sp_validation_only=sp_only)


def metadata(request, provider) -> str:
    """The SP's metadata (XML) for the IdP's administrators; says so when the SP signs nothing."""
    saml_settings = settings_for(request, provider, sp_only=True)
    xml = saml_settings.get_sp_metadata()
    xml = xml.decode() if isinstance(xml, bytes) else xml
    if not sp_key_and_cert()[0]:
        note = (
            "<!-- This service provider has no signing key (HALLBAR_SAML_SP_KEY is empty): "
            "its AuthnRequests and logout messages are not signed. -->\n"
        )
        start = xml.find("<md:EntityDescriptor")
        xml = xml[:start] + note + xml[start:] if start >= 0 else note + xml
    return xml


def configured(provider) -> bool:
    return bool(provider.saml_entity_id and provider.saml_sso_url and provider.saml_x509_certs)


def begin(request, provider):
    """Off to the IdP with an AuthnRequest (HTTP-Redirect binding, through
    ``identity.login.onward``); its id waits in the session for the answer's InResponseTo."""
    if not configured(provider):
        return sso.refused(
            request,
            provider,
            _("Login through this organisation has not been set up completely."),
            status=503,
        )
    auth = OneLogin_Saml2_Auth(request_data(request), old_settings=settings_for(request, provider))
    url = auth.login(set_nameid_policy=True)
    request.session[REQUEST_KEY] = {
        "id": auth.get_last_request_id(),
        "provider": provider.pk,
        "at": int(time.time()),
    }
    return sso.onward(request, url, heading=_("On to your organisation's login"))


class Refusal(Exception):
    """The IdP's answer did not verify; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# What python3-saml's validation codes mean for the user.
def _message_for(code) -> str:
    messages = {
        ValidationFailure.WRONG_AUDIENCE: _("The answer was meant for another service."),
        ValidationFailure.WRONG_DESTINATION: _("The answer was meant for another service."),
        ValidationFailure.WRONG_INRESPONSETO: _(
            "The answer does not belong to the login started from this browser."
        ),
        ValidationFailure.WRONG_ISSUER: _("The answer came from another identity provider."),
        ValidationFailure.ASSERTION_EXPIRED: _("The answer has expired. Log in again."),
        ValidationFailure.RESPONSE_EXPIRED: _("The answer has expired. Log in again."),
        ValidationFailure.SESSION_EXPIRED: _("The answer has expired. Log in again."),
        ValidationFailure.ASSERTION_TOO_EARLY: _(
            "The answer is not valid yet. Check the clocks of the servers."
        ),
        ValidationFailure.STATUS_CODE_IS_NOT_SUCCESS: _(
            "Your organisation's login did not log you in."
        ),
    }
    return messages.get(
        code,
        _("The answer from your organisation's login is not signed correctly or not valid."),
    )


def _max_age() -> int:
    return int(getattr(settings, "HALLBAR_SAML_REQUEST_SECONDS", 600))


def response_read(request, provider) -> dict:
    """The subject, attributes and single-logout data of the IdP's verified answer, posted to
    the ACS; ``Refusal`` when it does not verify. The waiting AuthnRequest is used up either way,
    and each assertion is accepted once."""
    pending = request.session.pop(REQUEST_KEY, None)
    encoded = request.POST.get("SAMLResponse", "")
    if not encoded:
        raise Refusal(_("The identity provider sent no answer."))
    if not pending or pending.get("provider") != provider.pk:
        raise Refusal(
            _(
                "No login through this organisation was started from this browser, or its "
                "answer has already been used. Start the login again."
            )
        )
    if time.time() - pending.get("at", 0) > _max_age():
        raise Refusal(_("The login took too long. Start it again."))
    try:
        response = OneLogin_Saml2_Response(settings_for(request, provider), encoded)
        response.is_valid(request_data(request), pending["id"], raise_exceptions=True)
    except ValidationFailure as failure:
        raise Refusal(_message_for(failure.code)) from failure
    except Exception as error:  # bad base64, XML, an unexpected structure
        raise Refusal(_message_for(None)) from error
    if response.get_nameid_format() == Constants.NAMEID_TRANSIENT:
        raise Refusal(
            _(
                "The identity provider sent a transient NameID, which changes at every login. "
                "It must send a persistent or unspecified NameID."
            )
        )
    assertion_id = response.get_assertion_id() or response.get_id()
    try:
        fresh = cache.add(f"hallbar:saml:assertion:{assertion_id}", 1, timeout=_max_age() * 2)
    except Exception:  # the cache is down: the used-up AuthnRequest still stops a replay
        fresh = True
    if not fresh:
        raise Refusal(_("This answer has already been used. Start the login again."))
    return {
        "subject": response.get_nameid(),
        "attributes": response.get_attributes(),
        "logout_data": {
            "name_id": response.get_nameid(),
            "name_id_format": response.get_nameid_format(),
            "session_index": response.get_session_index(),
            "name_id_nq": response.get_nameid_nq(),
            "name_id_spnq": response.get_nameid_spnq(),
        },
    }


def logout_redirect(request, provider, data) -> str | None:
    """After the local logout: the URL of the LogoutRequest to the IdP's SLO URL (the logout view
    sends the browser there); None when the IdP offers no single logout. Its id waits in the new
    session for the IdP's LogoutResponse."""
    if not provider.saml_slo_url or not data.get("name_id") or not configured(provider):
        return None
    auth = OneLogin_Saml2_Auth(request_data(request), old_settings=settings_for(request, provider))
    url = auth.logout(
        name_id=data.get("name_id"),
        session_index=data.get("session_index"),
        nq=data.get("name_id_nq"),
        name_id_format=data.get("name_id_format"),
        spnq=data.get("name_id_spnq"),
    )
    request.session[LOGOUT_KEY] = {
        "id": auth.get_last_request_id(),
        "provider": provider.pk,
        "at": int(time.time()),
    }
    return url


def logout_answer(request, provider, *, end_session) -> tuple[str, str | None]:
    """The IdP's message at the SLS: ("response", None) for its LogoutResponse to our request,
    ("request", URL of our LogoutResponse) for an IdP-initiated LogoutRequest, after
    ``end_session(name_id)`` has ended the local session. ``Refusal`` when it does not verify."""
    auth = OneLogin_Saml2_Auth(request_data(request), old_settings=settings_for(request, provider))
    if "SAMLResponse" in request.GET:
        pending = request.session.pop(LOGOUT_KEY, None)
        if not pending or pending.get("provider") != provider.pk:
            raise Refusal(_("No logout was started from this browser."))
        try:
            auth.process_slo(keep_local_session=True, request_id=pending["id"])
        except Exception as error:
            raise Refusal(_("The logout answer of the identity provider is not valid.")) from error
        if auth.get_errors():
            raise Refusal(_("The logout answer of the identity provider is not valid."))
        return "response", None
    if "SAMLRequest" in request.GET:
        if "Signature" not in request.GET:
            raise Refusal(_("The identity provider's logout request is not signed."))
        from onelogin.saml2.logout_request import OneLogin_Saml2_Logout_Request

        try:
            name_id = OneLogin_Saml2_Logout_Request.get_nameid(
                OneLogin_Saml2_Logout_Request(
                    auth.get_settings(), request.GET["SAMLRequest"]
                ).get_xml(),
                None,
            )
            url = auth.process_slo(
                keep_local_session=False, delete_session_cb=lambda: end_session(name_id)
            )
        except Exception as error:
            raise Refusal(_("The identity provider's logout request is not valid.")) from error
        if auth.get_errors() or not url:
            raise Refusal(_("The identity provider's logout request is not valid."))
        return "request", url
    raise Refusal(_("The identity provider sent no logout message."))
