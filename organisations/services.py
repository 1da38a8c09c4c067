"""Every change to users and memberships goes through here."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import forget_scope, get_scope
from organisations.choices import OrganisationKind, Role
from organisations.models import (
    ApiToken,
    Membership,
    Organisation,
    Partnership,
    PartnershipYear,
    User,
)

SECRETARIAT_GROUP = "Kansliet"
# The apps whose models the secretariat curates in the admin, its fallback tool.
CURATED_APPS = (
    *(app for app in settings.LOCAL_APPS if app != "core"),
    # django-axes' login attempts: the secretariat sees and unlocks locked accounts.
    "axes",
)
# Of core's plumbing, the models the secretariat handles in the admin too (its import jobs, sent
# forms and the deletion log stay out of reach).
CURATED_CORE_MODELS = ("accessibilityreport", "historicalaccessibilityreport")


def secretariat_group_ensure() -> Group:
    """The admin group of the secretariat, holding every permission on the curated apps."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = set(
        Permission.objects.filter(
            Q(content_type__app_label__in=CURATED_APPS)
            | Q(content_type__app_label="core", content_type__model__in=CURATED_CORE_MODELS)
        ).values_list("pk", flat=True)
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
    user.save()
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    user_privileges_sync(user)
    return membership, created


def _in_secretariat(user: User) -> bool:
    # The secretariat role counts only in the secretariat itself, as in the permission gate.
    return Membership.objects.filter(
        user=user, role=Role.SECRETARIAT, organisation__kind=OrganisationKind.SECRETARIAT
    ).exists()


@transaction.atomic
def user_privileges_sync(user: User) -> None:
    """Derive the user's admin access from their memberships as they stand now.

    A member of the secretariat is staff and in the secretariat's admin group; anyone else is
    neither, so a demotion or a removed membership takes the admin away at once. A superuser
    (made with createsuperuser, never by the portal) stays staff. Called after every change of
    a membership: the services, the admin, and the signal on Membership as the safety net.
    """
    fresh = User.objects.filter(pk=user.pk).first()
    if fresh is None:  # the user is being deleted together with their memberships
        return
    in_secretariat = _in_secretariat(fresh)
    staff = in_secretariat or fresh.is_superuser
    if fresh.is_staff != staff:
        fresh.is_staff = staff
        fresh.save(update_fields=["is_staff"])
    if in_secretariat:
        fresh.groups.add(secretariat_group_ensure())
    else:
        group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
        if group is not None:
            fresh.groups.remove(group)
    user.is_staff = staff
    _forget_rights(user)


def _forget_rights(user) -> None:
    """Drop what this user object cached of its rights: the gate's scope, the admin's perms."""
    forget_scope(user)
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)


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


def api_tokens_revoke_all(*, user: User, now=None) -> int:
    """Revoke every token of ``user`` that is not revoked yet (the user lost their last role);
    how many."""
    now = now or timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now, modified=now
    )


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


# Organisations (the secretariat's register) -----------------------------------------------------

ORGANISATION_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "country",
    "population",
    "website",
    "description",
]


@transaction.atomic
def organisation_save(*, organisation: Organisation, user) -> Organisation:
    """Create or change an organisation: a region, a partner, an authority (the secretariat).

    The secretariat's own kind is fixed both ways: its members' rights follow from it.
    """
    secretariat_only(user, _("Only the secretariat changes the organisations."))
    organisation.code = (organisation.code or "").strip()
    organisation.country = (organisation.country or "").strip().upper()
    if organisation.kind == OrganisationKind.REGION:
        organisation.code = organisation.code.upper()
    before = None
    if organisation.pk is not None:
        before = Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    was_secretariat = before is not None and before.kind == OrganisationKind.SECRETARIAT
    if was_secretariat != (organisation.kind == OrganisationKind.SECRETARIAT):
        raise ValidationError(
            {
                "kind": ValidationError(
                    _(
                        "The secretariat stays the secretariat, and no other organisation "
                        "becomes it."
                    ),
                    code="secretariat_kind_fixed",
                )
            }
        )
    organisation.full_clean()
    organisation._history_user = user
    organisation.save()
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation, user) -> None:
    """Delete an organisation nothing refers to (members, audits, agreements … keep it:
    ProtectedError)."""
    secretariat_only(user, _("Only the secretariat changes the organisations."))
    if organisation.kind == OrganisationKind.SECRETARIAT:
        raise ValidationError(_("The secretariat cannot be deleted."), code="conflict")
    organisation._history_user = user
    organisation.delete()


# Partnerships (the secretariat's register) ------------------------------------------------------

PARTNERSHIP_FIELDS = ["partner", "kind", "since_year", "until_year"]
PARTNERSHIP_YEAR_FIELDS = ["year", "description"]


def secretariat_only(user, message: str) -> None:
    """Refuse (PermissionDenied) anyone but the secretariat, which curates the registers."""
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(message)


def year_not_after_this_year(year: int | None, *, field: str = "year", today=None) -> None:
    """A register of what was done: a year that has not begun is refused, on ``field``."""
    this_year = (today or timezone.localdate()).year
    if year is not None and year > this_year:
        raise ValidationError(
            {
                field: ValidationError(
                    _("The year cannot be later than this year (%(year)s).") % {"year": this_year},
                    code="year_in_future",
                )
            }
        )


def full_clean_with_year(instance, *, field: str = "year") -> None:
    """``full_clean``, and the year not after this year: every refusal at once, by field."""
    errors: dict = {}
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if field not in errors:
        try:
            year_not_after_this_year(getattr(instance, field), field=field)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _partnership_period_check(partnership: Partnership, years) -> None:
    """Every year with a text lies within the partnership's own years."""
    since, until = partnership.since_year, partnership.until_year
    for year, given in years:
        if (since is None or since <= year) and (until is None or year <= until):
            continue
        if given:
            field = "years"
            message = _("%(year)s is outside the partnership's years (%(period)s).")
        else:
            field = "since_year" if since is not None and year < since else "until_year"
            message = _(
                "The partnership has a text for %(year)s, outside these years (%(period)s); "
                "delete that text first."
            )
        period = f"{since or '…'}–{until or '…'}"
        raise ValidationError(
            {field: ValidationError(message % {"year": year, "period": period}, code="period")}
        )


def _partnership_years_clean(years: Mapping[int, str] | None) -> dict[int, str]:
    cleaned = {int(year): (text or "").strip() for year, text in (years or {}).items()}
    for year, text in cleaned.items():
        if text:
            year_not_after_this_year(year, field="years")
    return cleaned


@transaction.atomic
def partnership_save(
    *, partnership: Partnership, user, years: Mapping[int, str] | None = None
) -> Partnership:
    """Create or change a partnership (the secretariat).

    ``years`` maps years to their text: each year named gets that text (an empty text removes
    the year's); the other years keep theirs, so the report of an earlier year never changes
    because a later one was written.
    """
    secretariat_only(user, _("Only the secretariat changes the partnerships."))
    wanted = _partnership_years_clean(years)
    if partnership.pk is not None:
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    partnership.full_clean()
    kept = set()
    if partnership.pk is not None:
        kept = set(partnership.years.values_list("year", flat=True))
    resulting = [(year, False) for year in sorted(kept - set(wanted))]
    resulting += [(year, True) for year, text in sorted(wanted.items()) if text]
    _partnership_period_check(partnership, resulting)
    partnership._history_user = user
    partnership.save()
    for year, text in sorted(wanted.items()):
        entry = PartnershipYear.objects.filter(partnership=partnership, year=year).first()
        if not text:
            if entry is not None:
                entry._history_user = user
                entry.delete()
            continue
        entry = entry or PartnershipYear(partnership=partnership, year=year)
        if entry.pk is None or entry.description != text:
            entry.description = text
            try:
                entry.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    {"years": [f"{year}: {message}" for message in error.messages]}
                ) from None
            entry._history_user = user
            entry.save()
    return partnership


@transaction.atomic
def partnership_delete(*, partnership: Partnership, user) -> None:
    """Delete a partnership with its years' texts (the secretariat)."""
    secretariat_only(user, _("Only the secretariat changes the partnerships."))
    for entry in partnership.years.all():
        entry._history_user = user
        entry.delete()
    partnership._history_user = user
    partnership.delete()


@transaction.atomic
def partnership_year_save(*, entry: PartnershipYear, user) -> PartnershipYear:
    """Write (or rewrite) a partnership's text of one year (the secretariat)."""
    secretariat_only(user, _("Only the secretariat changes the partnerships."))
    partnership = Partnership.objects.select_for_update().get(pk=entry.partnership_id)
    entry.description = (entry.description or "").strip()
    full_clean_with_year(entry)
    try:
        _partnership_period_check(partnership, [(entry.year, True)])
    except ValidationError as error:
        raise ValidationError({"year": error.message_dict["years"]}) from None
    entry._history_user = user
    entry.save()
    return entry


@transaction.atomic
def partnership_year_delete(*, entry: PartnershipYear, user) -> None:
    secretariat_only(user, _("Only the secretariat changes the partnerships."))
    entry._history_user = user
    entry.delete()


# Deactivating an account (the secretariat) -------------------------------------------------------


@transaction.atomic
def user_active_set(*, target: User, active: bool, user) -> User:
    """Deactivate or reactivate ``target`` (the secretariat; never oneself).

    An inactive user is logged out at their next request (Django's session authentication reads
    ``is_active`` each time: ModelBackend.get_user), may not log in, and their API tokens are
    refused at once (``ApiToken.objects.usable``). Their memberships, tokens and history stay:
    reactivating gives them back. The caller records who did it (identity.services).
    """
    secretariat_only(user, _("Only the secretariat deactivates users."))
    if target.pk == user.pk:
        raise ValidationError(
            _("You cannot deactivate or reactivate your own account."), code="own_account"
        )
    locked = User.objects.select_for_update().filter(pk=target.pk).first()
    if locked is None:
        raise ValidationError(_("The user was deleted meanwhile."), code="gone")
    if locked.is_active != active:
        locked.is_active = active
        locked.save(update_fields=["is_active"])
    target.is_active = active
    _forget_rights(target)
    return locked
