"""Reads of the requirements catalogue that need query shaping."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from core.permissions import Action
from requirements_catalog.models import Clause, Instrument, InstrumentVersion


def _latest_version(field: str) -> Subquery:
    return Subquery(
        InstrumentVersion.objects.filter(instrument=OuterRef("pk"))
        .order_by("-year", "-pk")
        .values(field)[:1]
    )


def instrument_list_queryset() -> QuerySet[Instrument]:
    """Instruments with their latest version and year, shaped for the list page."""
    return (
        Instrument.objects.select_related("category")
        .prefetch_related("responsible_organisations")
        .annotate(latest_version=_latest_version("version"), latest_year=_latest_version("year"))
    )


def instrument_versions(*, instrument: Instrument, user) -> QuerySet[InstrumentVersion]:
    """The versions of an instrument the user may see, newest first, with their clauses."""
    return (
        instrument.versions.for_user(user, Action.VIEW)
        .select_related("published_by", "supersedes")
        .prefetch_related(Prefetch("clauses", queryset=Clause.objects.order_by("order", "code")))
        .order_by("-year", "-pk")
    )


def version_clauses(*, version: InstrumentVersion, user) -> QuerySet[Clause]:
    """The clauses of one version in their order."""
    return version.clauses.for_user(user, Action.VIEW).order_by("order", "code")


def clause_export_queryset(*, user) -> QuerySet[Clause]:
    """Every clause the user may see, with its version and instrument (one query), in the
    order of the catalogue: instrument, version, then the clauses' own order."""
    return (
        Clause.objects.for_user(user, Action.VIEW)
        .select_related("version__instrument")
        .order_by("version__instrument__code", "version__year", "version__pk", "order", "code")
    )
