"""Reads of suppliers, sites and agreements that need query shaping.

Suppliers sit below audits and incidents in the dependency order: what a supplier's page shows
of them is reached through the related managers (which carry the gate) or, for findings, a
provider that audits registers (suppliers/providers.py, core/providers.py), never imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet

from core.permissions import Action
from suppliers import providers
from suppliers.duplicates import FOLDED_NAME_SQL, SQL_FOLD, NameIndex, Reason, name_key
from suppliers.models import (
    DuplicateRejection,
    FrameworkAgreement,
    Site,
    Supplier,
    SupplierAlias,
    SupplierSite,
)


def supplier_list_queryset() -> QuerySet[Supplier]:
    """The supplier register as the list page shows it: parent and counts in one query."""
    return Supplier.objects.select_related("parent").annotate(
        audit_count=Count("audits", distinct=True),
        agreement_count=Count("agreements", distinct=True),
    )


def supplier_detail_queryset() -> QuerySet[Supplier]:
    return Supplier.objects.select_related("parent")


def supplier_sites(*, supplier: Supplier) -> QuerySet[SupplierSite]:
    return supplier.site_links.select_related("site", "site__operator").order_by(
        "tier", "site__name"
    )


def supplier_agreements(*, supplier: Supplier, user) -> QuerySet[FrameworkAgreement]:
    return (
        supplier.agreements.for_user(user, Action.VIEW)
        .select_related("lead_organisation", "category")
        .prefetch_related("co_lead_organisations")
    )


def supplier_audits(*, supplier: Supplier, user):
    return (
        supplier.audits.for_user(user, Action.VIEW)
        .select_related("lead_organisation", "category")
        .order_by("-year", "-planned_date", "pk")
    )


def supplier_open_findings(*, supplier: Supplier, user):
    """Findings of the supplier's audits still open, as audits defines open."""
    return providers.supplier_open_findings(supplier=supplier, user=user)


def supplier_incidents(*, supplier: Supplier, user):
    """Incidents the user may see: confidential ones only for the secretariat and those involved."""
    return supplier.incidents.for_user(user, Action.VIEW).select_related("lead_organisation")


def supplier_subsidiaries(*, supplier: Supplier) -> QuerySet[Supplier]:
    return supplier.subsidiaries.order_by("name")


def agreement_list_queryset() -> QuerySet[FrameworkAgreement]:
    return FrameworkAgreement.objects.select_related(
        "supplier", "lead_organisation", "category", "category__parent"
    ).prefetch_related("co_lead_organisations")


def site_list_queryset() -> QuerySet[Site]:
    return Site.objects.select_related("operator").annotate(
        supplier_count=Count("supplier_links", distinct=True)
    )


def site_supplier_links(*, site: Site) -> QuerySet[SupplierSite]:
    return site.supplier_links.select_related("supplier").order_by("tier", "supplier__name")


def site_incidents(*, site: Site, user):
    return site.incidents.for_user(user, Action.VIEW)


def supplier_search_condition(value: str) -> Q:
    """Name, alias or organisation number (with or without the hyphen)."""
    value = value.strip()
    condition = Q(name__icontains=value) | Q(aliases__name__icontains=value)
    digits = value.replace("-", "").replace(" ", "")
    if digits.isdigit():
        condition |= Q(organisation_number__contains=digits)
    return condition


def supplier_suggestions(*, user, typed: str, limit: int = 20) -> list[Supplier]:
    """Suppliers the user may see whose name starts with what was typed, then those whose name,
    alias or organisation number contains it; at most ``limit``, by name."""
    typed = typed.strip()
    if len(typed) < 2:
        return []
    visible = Supplier.objects.for_user(user, Action.VIEW).only("id", "name", "organisation_number")
    found = list(visible.filter(name__istartswith=typed).order_by("name")[:limit])
    if len(found) < limit:
        more = (
            visible.filter(supplier_search_condition(typed))
            .exclude(pk__in=[supplier.pk for supplier in found])
            .distinct()
            .order_by("name")[: limit - len(found)]
        )
        found.extend(more)
    return found


def supplier_aliases(*, supplier: Supplier) -> QuerySet[SupplierAlias]:
    return supplier.aliases.order_by("name", "pk")


# Likely duplicates (suppliers/duplicates.py) ------------------------------------------------


def supplier_name_index() -> NameIndex:
    """Every supplier's name, organisation number and country, read once (one query)."""
    return NameIndex(Supplier.objects.values_list("pk", "name", "organisation_number", "country"))


# How alike a name must be, as pg_trgm measures it, to be compared in Python at all.
TRIGRAM_CANDIDATE_THRESHOLD = 0.3


def _trigram_candidates(name: str, organisation_number: str) -> list[tuple]:
    """On PostgreSQL, the suppliers whose folded name is trigram-similar to ``name`` or starts
    with its first word, or that have its organisation number: through the GIN index, not the
    whole register."""
    folded = name_key(name).translate(SQL_FOLD)
    first = folded.split()[0] if folded.split() else folded
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [TRIGRAM_CANDIDATE_THRESHOLD])
        # One query per condition, each on its index (an OR of them is a sequential scan).
        columns = "SELECT id, name, organisation_number, country FROM suppliers_supplier"
        similar = (
            f"({columns} WHERE {FOLDED_NAME_SQL} %% %s "
            f"ORDER BY similarity({FOLDED_NAME_SQL}, %s) DESC LIMIT 500)"
        )
        parts = [similar, f"({columns} WHERE {FOLDED_NAME_SQL} LIKE %s LIMIT 500)"]
        params = [folded, folded, f"{first}%"]
        if organisation_number:
            parts.append(f"({columns} WHERE organisation_number = %s)")
            params.append(organisation_number)
        cursor.execute(" UNION ".join(parts), params)
        return cursor.fetchall()


def supplier_likely_duplicates(
    *, name: str, organisation_number: str = "", country: str = "", exclude_pk=None
):
    """Suppliers of the register that look like a supplier of this name and number, best first.
    On PostgreSQL the candidates come from the trigram index and are then judged as on SQLite
    (suppliers/duplicates.py); with fewer candidates no block is too common to compare, so
    PostgreSQL may name a few more similar suppliers than SQLite."""
    if connection.vendor == "postgresql":
        index = NameIndex(_trigram_candidates(name, organisation_number))
    else:
        index = supplier_name_index()
    return index.matches(
        name, organisation_number, country, exclude={exclude_pk} if exclude_pk else ()
    )


@dataclass
class DuplicatePair:
    first: Supplier
    second: Supplier
    reason: str
    score: int


def duplicate_pairs(*, limit: int = 200) -> tuple[list[DuplicatePair], int]:
    """The pairs of suppliers that look alike and were not said to differ (DuplicateRejection):
    the same organisation number first, then the same name, then the most similar names. At
    most ``limit`` of them, with the number of all."""
    index = supplier_name_index()
    rejected = set(DuplicateRejection.objects.values_list("first_id", "second_id"))
    order = {Reason.ORGANISATION_NUMBER: 0, Reason.SAME_NAME: 1, Reason.SIMILAR_NAME: 2}
    pairs = sorted(
        (pair for pair in index.pairs() if (pair[0], pair[1]) not in rejected),
        key=lambda pair: (order[pair[2]], -pair[3], index.entries[pair[0]].name, pair[0], pair[1]),
    )
    shown = pairs[:limit]
    suppliers = Supplier.objects.in_bulk({pk for pair in shown for pk in pair[:2]})
    return [
        DuplicatePair(suppliers[a], suppliers[b], reason, score) for a, b, reason, score in shown
    ], len(pairs)


def supplier_merge_counts(*, supplier: Supplier) -> list[tuple[str, int]]:
    """What refers to ``supplier`` (from any app, found through its relations): what a merge
    moves, as (what, how many), the kinds that hold none left out."""
    counts = []
    for relation in Supplier._meta.related_objects:
        if relation.many_to_many and not relation.through._meta.auto_created:
            continue  # the through model's own foreign key is counted
        model = relation.related_model
        count = model._default_manager.filter(**{relation.field.name: supplier}).count()
        if count:
            counts.append((str(model._meta.verbose_name_plural), count))
    return counts
