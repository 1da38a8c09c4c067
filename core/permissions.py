"""The one permission gate: who may view, change or delete what.

Every model that holds shared data has a queryset method ``for_user(user, action)``. The rules:

- secretariat (and Django superusers): everything;
- procurer: views all shared data; changes audits, findings, incidents and agreements only where
  one of their organisations is the lead or a co-lead;
- reader: views shared data, changes nothing;
- auditor: views and fills in only the audits assigned to them;
- confidential incidents: secretariat and the involved organisations only;
- anonymous: approved public audit summaries only.

Core sits below ``organisations`` in the dependency order, so memberships are read through
``settings.HALLBAR_MEMBERSHIP_MODEL`` rather than imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    PROCURER = "procurer", _("Procurer")
    READER = "reader", _("Reader")
    AUDITOR = "auditor", _("Auditor")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")


SHARED_DATA_ROLES = frozenset({Role.SECRETARIAT, Role.PROCURER, Role.READER})
# The organisation kind of the secretariat (organisations.choices.OrganisationKind.SECRETARIAT).
SECRETARIAT_KIND = "secretariat"


@dataclass(frozen=True)
class Scope:
    """What one user may reach, computed once per user object from their memberships."""

    user_id: int | None = None
    is_superuser: bool = False
    in_secretariat: bool = False
    roles: frozenset[str] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    procurer_organisation_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_secretariat(self) -> bool:
        return self.is_superuser or self.in_secretariat

    @property
    def views_shared_data(self) -> bool:
        return bool(self.roles & SHARED_DATA_ROLES) or self.is_superuser


ANONYMOUS = Scope()


def get_scope(user) -> Scope:
    """The user's scope, cached on the user object for the length of a request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_hallbar_scope", None)
    if cached is not None:
        return cached
    membership_model = apps.get_model(settings.HALLBAR_MEMBERSHIP_MODEL)
    rows = list(
        membership_model.objects.filter(user=user).values_list(
            "organisation_id", "role", "organisation__kind"
        )
    )
    scope = Scope(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        # The secretariat role counts only in the secretariat itself, whatever a row says.
        in_secretariat=any(
            role == Role.SECRETARIAT and kind == SECRETARIAT_KIND for _org, role, kind in rows
        ),
        roles=frozenset(role for _org, role, _kind in rows),
        organisation_ids=frozenset(org for org, _role, _kind in rows),
        procurer_organisation_ids=frozenset(
            org
            for org, role, kind in rows
            if role == Role.PROCURER or (role == Role.SECRETARIAT and kind == SECRETARIAT_KIND)
        ),
    )
    user._hallbar_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope, after a membership of this user changed."""
    if hasattr(user, "_hallbar_scope"):
        del user._hallbar_scope


def can_add(user, model) -> bool:
    """Whether the user may create rows of ``model``.

    A model opts in with a classmethod ``gate_can_add(scope)``; without one, only the
    secretariat adds (the registers it curates).
    """
    scope = get_scope(user)
    if scope.is_secretariat:
        return True
    rule = getattr(model, "gate_can_add", None)
    return bool(rule and rule(scope))


def can(user, obj, action: str) -> bool:
    """Whether the user may take ``action`` on this one object, through the model's gate."""
    return obj.__class__._default_manager.for_user(user, action).filter(pk=obj.pk).exists()
