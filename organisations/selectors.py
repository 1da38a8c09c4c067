"""Reads of organisations that need query shaping."""

from django.db.models import QuerySet

from organisations.choices import OrganisationKind
from organisations.models import Organisation


def organisation_get_by_code(code: str) -> Organisation | None:
    """The organisation with this code (case-insensitive), or None."""
    return Organisation.objects.filter(code__iexact=code.strip()).first()


def region_list() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("name")
