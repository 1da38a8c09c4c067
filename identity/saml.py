"""SAML 2.0 login of one organisation's IdP (OneLogin's python3-saml).

To be built (issue 19): ``begin`` (the AuthnRequest) and ``logout_redirect`` (single logout);
the ACS, SLS and SP metadata views are in identity/views/saml.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser


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


def begin(request, provider):
    raise Http404


def logout_redirect(request, provider, data) -> str | None:
    return None
