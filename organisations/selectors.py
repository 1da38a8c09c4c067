"""Reads of organisations that need query shaping."""

from django.db.models import Case, Q, QuerySet, Value, When

from core.permissions import Action, get_scope
from organisations.choices import OrganisationKind
from organisations.models import Membership, Organisation


def organisation_get_by_code(code: str) -> Organisation | None:
    """The organisation with this code (case-insensitive), or None."""
    return Organisation.objects.filter(code__iexact=code.strip()).first()


def region_list() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("name")


def organisation_list_queryset() -> QuerySet[Organisation]:
    """Regions first, then the others by kind and name."""
    return Organisation.objects.annotate(
        kind_order=Case(When(kind=OrganisationKind.REGION, then=Value(0)), default=Value(1))
    ).order_by("kind_order", "kind", "name")


def organisation_led_audits(*, organisation: Organisation, user):
    return (
        organisation.led_audits.for_user(user, Action.VIEW)
        .select_related("supplier")
        .order_by("-year", "supplier__name", "pk")
    )


def organisation_agreements(*, organisation: Organisation, user):
    """Agreements the organisation leads or co-leads."""
    agreement_model = organisation.led_agreements.model
    return (
        agreement_model.objects.for_user(user, Action.VIEW)
        .filter(
            Q(lead_organisation=organisation)
            | Q(pk__in=organisation.co_led_agreements.values("pk"))
        )
        .select_related("supplier", "lead_organisation")
        .order_by("supplier__name", "pk")
    )


def organisation_led_incidents(*, organisation: Organisation, user):
    return organisation.led_incidents.for_user(user, Action.VIEW).order_by("-year_opened", "title")


def organisation_risk_analyses(*, organisation: Organisation, user):
    return organisation.risk_analyses.for_user(user, Action.VIEW).order_by("-year", "title")


def organisation_members(*, organisation: Organisation, user):
    """Members of the organisation: the secretariat sees them, nobody else."""
    if not get_scope(user).is_secretariat:
        return Membership.objects.none()
    return (
        organisation.memberships.for_user(user, Action.VIEW)
        .select_related("user")
        .order_by("user__username")
    )
