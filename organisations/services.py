"""Every change to users and memberships goes through here."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import forget_scope
from organisations.choices import OrganisationKind, Role
from organisations.models import Membership, Organisation, User

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
