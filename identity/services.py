"""Every change the identity app makes: the user an IdP vouches for, their membership and role
from its attributes, the IdPs themselves and the MFA rules."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.db_locks import advisory_xact_lock
from core.login_lock import normalise_username
from identity.choices import ROLE_STRENGTH, Protocol, Role
from identity.metadata_fetch import metadata_fetch
from identity.models import (
    ExternalIdentity,
    IdentityProvider,
    MfaRequirement,
    UserStatusChange,
)
from identity.saml import idp_metadata_read
from organisations.models import Membership, User
from organisations.services import (
    role_validate,
    secretariat_only,
    user_active_set,
    user_privileges_sync,
)


class SsoRefused(Exception):
    """The IdP vouched for someone the portal will not let in; ``message`` says why, in the
    user's language."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def first(attributes: dict, name: str) -> str:
    """The first value of an attribute (SAML sends lists, OIDC mostly single values)."""
    if not name:
        return ""
    value = attributes.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def values(attributes: dict, name: str) -> list[str]:
    if not name:
        return []
    value = attributes.get(name)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None]
    return [str(value).strip()]


def role_from(provider: IdentityProvider, attributes: dict) -> str | None:
    """The strongest role the mapping gives for the attribute's values, else the default role;
    None when neither gives one."""
    mapping = provider.role_mapping or {}
    roles = [mapping[v] for v in values(attributes, provider.attr_role) if v in mapping]
    roles = [r for r in roles if r in ROLE_STRENGTH]
    if roles:
        return max(roles, key=lambda r: ROLE_STRENGTH[r])
    return provider.default_role or None


_UNSAFE = re.compile(r"[^\w.@+-]+")


def _free_username(provider: IdentityProvider, wanted: str) -> str:
    """``wanted`` if no user has it (in any spelling the login normalises alike); else with the
    organisation's code, then a number. An IdP never takes over an existing account."""
    base = _UNSAFE.sub("", wanted)[:120] or "sso-user"
    candidates = [base, f"{base}.{provider.organisation.code.lower()}"]
    candidates += [f"{base}.{provider.organisation.code.lower()}.{n}" for n in range(2, 100)]
    for candidate in candidates:
        if not User.objects.filter(username__iexact=normalise_username(candidate)).exists():
            return candidate
    raise SsoRefused(_("No free username for this person."), code="no_username")


def _membership_set(user: User, provider: IdentityProvider, role: str | None) -> None:
    organisation = provider.organisation
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if role is None:
        if membership is not None:
            membership._history_user = user
            membership.delete()
    elif membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        membership._history_user = user
        membership.save()
    elif membership.role != role:
        membership.role = role
        membership._history_user = user
        membership.save()
    user_privileges_sync(user)


def sso_login(*, provider: IdentityProvider, subject: str, attributes: dict, now=None) -> User:
    """The user the IdP vouches for as ``subject``, created at their first login, with their
    membership of the IdP's organisation and its role set from ``attributes`` as they are now.

    Refuses (``SsoRefused``) a disabled IdP, a deactivated user, an unknown subject when the IdP
    may not create users, and anyone whose attributes give no role; in that last case their
    membership of the organisation is removed first (the IdP took the role away).
    """
    now = now or timezone.now()
    subject = (subject or "").strip()
    if not subject:
        raise SsoRefused(_("The identity provider sent no subject."), code="no_subject")
    refused = None
    with transaction.atomic():
        # One login of an IdP at a time: a first login twice at once makes one user.
        provider = (
            IdentityProvider.objects.select_for_update()
            .select_related("organisation")
            .get(pk=provider.pk)
        )
        if not provider.enabled:
            raise SsoRefused(_("Login through this organisation is turned off."), "disabled")
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(provider=provider, subject=subject)
            .first()
        )
        role = role_from(provider, attributes)
        if role is not None:
            try:
                role_validate(organisation=provider.organisation, role=role)
            except ValidationError:
                role = None
        if identity is not None and not identity.user.is_active:
            raise SsoRefused(
                _("Your account has been deactivated. Contact the secretariat."), "inactive"
            )
        if identity is None:
            if role is None:
                raise SsoRefused(
                    _("Your organisation has given you no role in Hållbar."), code="no_role"
                )
            if not provider.create_users:
                raise SsoRefused(
                    _("Your account has not been set up in Hållbar. Contact the secretariat."),
                    code="unknown_user",
                )
            wanted = (
                first(attributes, provider.attr_username)
                or first(attributes, provider.attr_email)
                or subject
            )
            user = User(username=_free_username(provider, wanted))
            user.set_unusable_password()
            user.save()
            identity = ExternalIdentity(provider=provider, user=user, subject=subject)
        user = identity.user
        changed = []
        for field, attribute in (
            ("email", provider.attr_email),
            ("first_name", provider.attr_first_name),
            ("last_name", provider.attr_last_name),
        ):
            value = first(attributes, attribute)[: User._meta.get_field(field).max_length]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        _membership_set(user, provider, role)
        identity.attributes = {k: values(attributes, k) for k in attributes}
        identity.last_login = now
        identity._history_user = user
        identity.save()
        if role is None:
            refused = SsoRefused(
                _("Your organisation has given you no role in Hållbar."), code="no_role"
            )
    if refused is not None:
        raise refused
    return user


def mfa_required_roles() -> set[str]:
    """The roles whose local accounts must use a second factor: the secretariat always."""
    required = set(MfaRequirement.objects.filter(required=True).values_list("role", flat=True))
    return required | {Role.SECRETARIAT}


def mfa_required(user) -> bool:
    """Whether this local account must use a second factor: any of its roles requires one (a
    superuser counts as the secretariat)."""
    if user.is_superuser:
        return True
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return bool(roles & mfa_required_roles())


@transaction.atomic
def mfa_requirement_set(*, role: str, required: bool, user) -> MfaRequirement:
    if role not in Role.values:
        raise ValidationError(_("Choose one of the roles."), code="unknown_role")
    if role == Role.SECRETARIAT and not required:
        raise ValidationError(
            _("MFA is always required for the secretariat."), code="secretariat_mfa"
        )
    row = MfaRequirement.objects.select_for_update().filter(role=role).first()
    row = row or MfaRequirement(role=role)
    row.required = required
    row._history_user = user
    row.save()
    return row


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


# The secretariat's page of users: deactivating and reactivating an account ---------------------


@transaction.atomic
def user_status_set(*, target: User, active: bool, user, reason: str = "") -> UserStatusChange:
    """Deactivate (``active=False``) or reactivate an account, and record who did it and why.

    Deactivated, the user is logged out at their next request, cannot log in (locally or through
    an IdP: ``sso_login`` refuses), and their API tokens are refused at once. Nothing else is
    removed: memberships, tokens, identities and history stay for a reactivation.
    """
    current = User.objects.select_for_update().filter(pk=target.pk).first()
    if current is not None and current.is_active == active:
        raise ValidationError(
            _("%(user)s is already active.") % {"user": current}
            if active
            else _("%(user)s is already deactivated.") % {"user": current},
            code="unchanged",
        )
    user_active_set(target=target, active=active, user=user)
    return UserStatusChange.objects.create(
        user=target, active=active, changed_by=user, reason=(reason or "").strip()[:500]
    )
