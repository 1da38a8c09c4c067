"""Reads of the requirements catalogue that need query shaping."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from core.permissions import Action
from requirements_catalog.choices import VersionStatus
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


def latest_published_version(
    *, instrument: Instrument, draft: InstrumentVersion | None = None
) -> InstrumentVersion | None:
    """The version a new draft supersedes: the newest of the instrument's versions that is not
    a draft and that no other version supersedes yet (but ``draft`` itself)."""
    heads = Q(superseded_by__isnull=True)
    versions = instrument.versions.exclude(status=VersionStatus.DRAFT)
    if draft is not None:
        heads |= Q(superseded_by=draft.pk)
        versions = versions.exclude(pk=draft.pk)
    return versions.filter(heads).order_by("-year", "-pk").first()


def open_draft(*, instrument: Instrument) -> InstrumentVersion | None:
    """The instrument's draft, if it has one (at most one)."""
    return instrument.versions.filter(status=VersionStatus.DRAFT).first()
