"""Reads of organisations that need query shaping."""

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When

from core.permissions import Action, get_scope
from organisations.choices import OrganisationKind
from organisations.models import Membership, Organisation, Partnership, PartnershipYear


def organisation_get_by_code(code: str) -> Organisation | None:
    """The organisation with this code (case-insensitive), or None."""
    return Organisation.objects.filter(code__iexact=code.strip()).first()


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


# Partnerships ----------------------------------------------------------------------------------


def partnerships_active_in(year: int) -> QuerySet[Partnership]:
    """The partnerships that ran in ``year`` (begun by then, not ended before)."""
    return Partnership.objects.filter(
        Q(since_year__isnull=True) | Q(since_year__lte=year),
        Q(until_year__isnull=True) | Q(until_year__gte=year),
    )


def partnerships_of_year(*, year: int) -> list[tuple[Partnership, str]]:
    """Each partnership active in ``year`` with that year's text ("" when the year has none),
    oldest first: the report's partner table. Two queries, whatever the number."""
    partnerships = (
        partnerships_active_in(year)
        .select_related("partner")
        .prefetch_related(
            Prefetch("years", queryset=PartnershipYear.objects.filter(year=year), to_attr="of_year")
        )
        .order_by("since_year", "partner__name", "kind")
    )
    return [
        (partnership, partnership.of_year[0].description if partnership.of_year else "")
        for partnership in partnerships
    ]


def partnership_list_queryset() -> QuerySet[Partnership]:
    """The partnership list: partner and the years that have a text, from two queries."""
    return Partnership.objects.select_related("partner").prefetch_related(
        Prefetch("years", queryset=PartnershipYear.objects.order_by("-year", "pk"))
    )


def partnership_years(*, partnership: Partnership, user) -> QuerySet[PartnershipYear]:
    return partnership.years.for_user(user, Action.VIEW).order_by("-year", "pk")


def organisation_partnerships(*, organisation: Organisation, user) -> QuerySet[Partnership]:
    return organisation.partnerships.for_user(user, Action.VIEW).order_by("since_year", "kind")
