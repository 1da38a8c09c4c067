"""Every change to users and memberships goes through here."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import forget_scope
from organisations.choices import OrganisationKind, Role
from organisations.models import ApiToken, Membership, Organisation, User

SECRETARIAT_GROUP = "Kansliet"
# The apps whose models the secretariat curates in the admin, its fallback tool.
CURATED_APPS = (
    "organisations",
    "riskanalysis",
    "suppliers",
    "requirements_catalog",
    "incidents",
    "audits",
    "reporting",
)


def secretariat_group_ensure() -> Group:
    """The admin group of the secretariat, holding every permission on the curated apps."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = set(
        Permission.objects.filter(content_type__app_label__in=CURATED_APPS).values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


def role_validate(*, organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)s; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            code="unknown_role",
        )
    if role == Role.SECRETARIAT and organisation.kind != OrganisationKind.SECRETARIAT:
        raise ValidationError(
            _("The secretariat role belongs to the secretariat, not to %(organisation)s.")
            % {"organisation": organisation.name},
            code="secretariat_role_outside_secretariat",
        )


@transaction.atomic
def member_add(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    email: str | None = None,
    password: str | None = None,
) -> tuple[Membership, bool]:
    """Create or update a user and their membership of one organisation.

    Returns the membership and whether the user was created. Validates everything before
    writing anything, so a refusal leaves no trace.
    """
    username = username.strip()
    if not username:
        raise ValidationError(_("A username is required."), code="username_required")
    role_validate(organisation=organisation, role=role)
    if email:
        validate_email(email)
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    if password is not None:
        password_validation.validate_password(password, user)
    if email:
        user.email = email
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if role == Role.SECRETARIAT:
        user.is_staff = True
    user.save()
    if role == Role.SECRETARIAT:
        user.groups.add(secretariat_group_ensure())
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    forget_scope(user)
    return membership, created


# API tokens -----------------------------------------------------------------------------------

TOKEN_PREFIX = "hb_"


def api_token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int | None = None, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it with its plain text, which is never stored."""
    name = (name or "").strip()
    days = settings.HALLBAR_API_TOKEN_DEFAULT_DAYS if days is None else days
    if not name:
        raise ValidationError({"name": _("A token needs a name.")}, code="name_required")
    if not 1 <= days <= 3650:
        raise ValidationError(
            {"days": _("A token is valid for 1 to 3650 days.")}, code="days_out_of_range"
        )
    if not user.is_active:
        raise ValidationError(_("The user is not active."), code="inactive_user")
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise ValidationError(
            {"name": _("The user already has a token named %(name)s.") % {"name": name}},
            code="duplicate_name",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=api_token_digest(raw),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke a token at once; a revoked token is refused from then on."""
    if not ApiToken.objects.for_user(user, "change").filter(pk=token.pk).exists():
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "modified"])
    return token


def api_token_find(*, raw: str, now) -> ApiToken | None:
    """The usable token with this plain text, or None; notes when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable(now)
        .select_related("user")
        .filter(digest=api_token_digest(raw))
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1)
    ):
        # At most one write a minute per token, not one per request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
