"""Every change the identity app makes: the user an IdP vouches for, their membership and role
from its attributes, the IdPs themselves and the MFA rules."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.login_lock import normalise_username
from identity.choices import ROLE_STRENGTH, Role
from identity.models import (
    ExternalIdentity,
    IdentityProvider,
    MfaRequirement,
    UserStatusChange,
)
from organisations.models import Membership, User
from organisations.services import (
    api_tokens_revoke_all,
    role_validate,
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
            # No role left anywhere: the user's tokens stop working with it.
            if not Membership.objects.filter(user=user).exists():
                api_tokens_revoke_all(user=user, now=now)
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
