"""The secretariat's register of identity providers: saving one (SAML metadata pasted or fetched
once from its URL, OIDC client details, e-mail domains, the role mapping) and deleting one.

Apart from identity.services because it reads SAML metadata with identity.saml, which imports
the login (identity.login), which imports identity.services: one module would make a cycle.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.db_locks import advisory_xact_lock
from identity.choices import Protocol
from identity.metadata_fetch import metadata_fetch
from identity.models import ExternalIdentity, IdentityProvider
from identity.saml import idp_metadata_read
from organisations.services import role_validate, secretariat_only

# The secretariat's register of IdPs --------------------------------------------------------------

# The fields the secretariat edits (the IdP form reads this list). What the SAML metadata gives
# (SSO/SLO URLs, certificates) is read from it, never typed; the OIDC client secret is an argument
# of its own (``provider_save(client_secret=…)``), never shown back.
PROVIDER_FIELDS = [
    "organisation",
    "protocol",
    "enabled",
    "email_domains",
    "saml_metadata_url",
    "saml_metadata_xml",
    "saml_entity_id",
    "oidc_issuer",
    "oidc_client_id",
    "oidc_scopes",
    "attr_username",
    "attr_email",
    "attr_first_name",
    "attr_last_name",
    "attr_role",
    "role_mapping",
    "default_role",
    "create_users",
]

_DOMAIN_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def email_domains_clean(domains) -> list[str]:
    """The domains lower-cased, without a leading ``@`` or a trailing dot, each once; a
    ValidationError on ``email_domains`` names one that is not a domain."""
    cleaned = []
    for domain in domains or []:
        domain = str(domain).strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_domain = ""
        labels = ascii_domain.split(".")
        if len(labels) < 2 or len(ascii_domain) > 253 or not all(map(_DOMAIN_LABEL.match, labels)):
            raise ValidationError(
                {
                    "email_domains": ValidationError(
                        _("%(domain)s is not an e-mail domain (such as regionorebrolan.se).")
                        % {"domain": domain},
                        code="domain_invalid",
                    )
                }
            )
        if domain not in cleaned:
            cleaned.append(domain)
    return cleaned


def _domains_free(provider: IdentityProvider, domains: list[str]) -> None:
    """Each domain picks one IdP at the login: refuse one that another IdP has."""
    others = IdentityProvider.objects.exclude(pk=provider.pk).select_related("organisation")
    for other in others:
        taken = sorted(set(domains) & {d.lower() for d in other.email_domains or []})
        if taken:
            raise ValidationError(
                {
                    "email_domains": ValidationError(
                        _("%(domain)s is already a domain of %(organisation)s's IdP.")
                        % {"domain": taken[0], "organisation": other.organisation.name},
                        code="domain_taken",
                    )
                }
            )


def _roles_check(provider: IdentityProvider) -> None:
    """The mapping's roles and the default role exist and fit the organisation (the secretariat
    role only in the secretariat); a mapping needs the attribute it reads."""
    organisation = provider.organisation
    mapping = provider.role_mapping or {}
    if not isinstance(mapping, dict):
        raise ValidationError({"role_mapping": _("The role mapping maps values to roles.")})
    for value, role in mapping.items():
        try:
            role_validate(organisation=organisation, role=role)
        except ValidationError as error:
            raise ValidationError(
                {"role_mapping": f"{value} = {role}: {' '.join(error.messages)}"}
            ) from None
    if mapping and not provider.attr_role.strip():
        raise ValidationError(
            {"attr_role": _("Name the attribute whose values the role mapping reads.")},
            code="role_attribute_missing",
        )
    if provider.default_role:
        try:
            role_validate(organisation=organisation, role=provider.default_role)
        except ValidationError as error:
            raise ValidationError({"default_role": error.messages}) from None


def _saml_metadata_load(provider, before, refetch: bool) -> None:
    """The metadata XML (fetched once from the URL where it is to be), and what the portal reads
    of it: the entity id, the SSO and SLO URLs and the signing certificates."""
    url = (provider.saml_metadata_url or "").strip()
    xml = (provider.saml_metadata_xml or "").strip()
    url_changed = before is None or before.saml_metadata_url != url
    xml_changed = before is None or before.saml_metadata_xml.strip() != xml
    fetched = bool(url) and (not xml or refetch or (url_changed and not xml_changed))
    if fetched:
        xml = metadata_fetch(url).strip()
    if not xml:
        raise ValidationError(
            {"saml_metadata_xml": _("Give the IdP's metadata URL or paste its metadata.")},
            code="metadata_missing",
        )
    try:
        read = idp_metadata_read(xml, entity_id=provider.saml_entity_id.strip() or None)
    except ValidationError as error:
        field = "saml_metadata_url" if fetched else "saml_metadata_xml"
        if fetched:
            prefix = _("The metadata fetched from the URL cannot be used; nothing was saved.")
        else:
            prefix = _("The pasted metadata cannot be used; nothing was saved.")
        raise ValidationError({field: [prefix, *error.messages]}) from None
    provider.saml_metadata_url = url
    provider.saml_metadata_xml = xml
    provider.saml_entity_id = read["entity_id"]
    provider.saml_sso_url = read["sso_url"]
    provider.saml_slo_url = read["slo_url"] or ""
    provider.saml_x509_certs = read["x509_certs"]


def _oidc_check(provider: IdentityProvider, client_secret: str | None, before) -> None:
    errors = {}
    provider.oidc_issuer = (provider.oidc_issuer or "").strip().rstrip("/")
    provider.oidc_client_id = (provider.oidc_client_id or "").strip()
    provider.oidc_scopes = " ".join((provider.oidc_scopes or "").split())
    if not provider.oidc_issuer:
        errors["oidc_issuer"] = _("Give the IdP's issuer (its address).")
    if not provider.oidc_client_id:
        errors["oidc_client_id"] = _("Give the client id the IdP gave the portal.")
    if "openid" not in provider.oidc_scopes.split():
        errors["oidc_scopes"] = _("The scopes must include openid.")
    if client_secret:
        provider.oidc_client_secret = client_secret.strip()
    else:  # left empty: the stored secret stays
        provider.oidc_client_secret = before.oidc_client_secret if before is not None else ""
    if not provider.oidc_client_secret:
        errors["oidc_client_secret"] = _("Give the client secret the IdP gave the portal.")
    if errors:
        raise ValidationError(errors, code="oidc_incomplete")


@transaction.atomic
def provider_save(
    *,
    provider: IdentityProvider,
    user,
    client_secret: str | None = None,
    refetch_metadata: bool = False,
) -> IdentityProvider:
    """Create or change an organisation's IdP (the secretariat).

    SAML: the metadata is pasted, or fetched from its URL here (once, bounded in time and size;
    again when ``refetch_metadata``), and the entity id, SSO/SLO URLs and certificates are read
    from it. OIDC: issuer, client id and scopes; ``client_secret`` empty keeps the stored one.
    E-mail domains are lower-cased and each belongs to one IdP; the role mapping's roles must fit
    the organisation. Nothing is saved when anything is refused.
    """
    secretariat_only(user, _("Only the secretariat changes the identity providers."))
    # Two IdPs saved at once must not both take one e-mail domain.
    advisory_xact_lock("identity.provider_save")
    before = None
    if provider.pk is not None:
        before = IdentityProvider.objects.select_for_update().filter(pk=provider.pk).first()
        if before is None:
            raise ValidationError(_("The IdP was deleted meanwhile."), code="gone")
    provider.email_domains = email_domains_clean(provider.email_domains)
    for name in ("attr_username", "attr_email", "attr_first_name", "attr_last_name", "attr_role"):
        setattr(provider, name, (getattr(provider, name) or "").strip())
    provider.full_clean(exclude=["oidc_client_secret"])
    _roles_check(provider)
    _domains_free(provider, provider.email_domains)
    if provider.protocol == Protocol.SAML:
        _saml_metadata_load(provider, before, refetch_metadata)
    else:
        _oidc_check(provider, client_secret, before)
    # What was read from the metadata fits the columns too.
    provider.full_clean(validate_unique=False, validate_constraints=False)
    provider._history_user = user
    provider.save()
    return provider


def provider_delete_refusal(provider: IdentityProvider) -> str | None:
    """Why this IdP cannot be deleted, or None. One that users have logged in through is kept:
    deleting it would cut the link between the IdP's subjects and the accounts (a new IdP would
    make them new accounts); it is turned off instead, which keeps everything."""
    linked = ExternalIdentity.objects.filter(provider=provider).count()
    if not linked:
        return None
    return ngettext(
        "%(count)d user has logged in through this IdP: it cannot be deleted. Turn it off "
        "instead (untick Enabled); the user's account and link are kept.",
        "%(count)d users have logged in through this IdP: it cannot be deleted. Turn it off "
        "instead (untick Enabled); the users' accounts and links are kept.",
        linked,
    ) % {"count": linked}


@transaction.atomic
def provider_delete(*, provider: IdentityProvider, user) -> None:
    """Delete an IdP nobody has logged in through (a mistaken registration); see
    ``provider_delete_refusal``."""
    secretariat_only(user, _("Only the secretariat changes the identity providers."))
    refusal = provider_delete_refusal(provider)
    if refusal:
        raise ValidationError(refusal, code="linked_users")
    provider._history_user = user
    provider.delete()
