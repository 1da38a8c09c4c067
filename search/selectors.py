"""The search across the registers: each kind through its model's gate, ranked, a page each.

On PostgreSQL names match by trigram word similarity (misspellings: "Betcon Dickinson" finds
Becton Dickinson) and texts by full-text search with the Swedish configuration, each served by
an index of migration search/0001. Elsewhere (SQLite) a plain case-blind containment is used.
Every kind is one query: its rows and, as a window over the same rows, how many there are. What
the gate hides is not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import SearchLookup, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import Count, FloatField, Q, QuerySet, Value, Window
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Finding
from core.models import short_text
from core.permissions import Action
from incidents.models import Incident
from requirements_catalog.models import Instrument
from riskanalysis.models import RiskAnalysis
from search.terms import Terms, parse, raw_tsquery
from suppliers.models import Supplier, SupplierAlias

PER_KIND = 10
# Where a search finds more rows than this, the page says "more than 1 000" instead of counting
# them all (a common word is in a third of the 200 000 findings at scale 20).
COUNT_CAP = 1000
# The suppliers whose audits and incidents are searched too (one more than the cap, so that the
# count of suppliers can say "more than").
MAX_SUPPLIERS = COUNT_CAP + 1
CONFIG = "swedish"

# The texts searched per model. Migration search/0001 indexes the same expressions on
# PostgreSQL; tests/search/test_indexes.py checks that the queries use them.
FINDING_TEXTS = ("description", "required_action")
AUDIT_TEXTS = ("summary",)
INCIDENT_TEXTS = ("title", "description", "outcome", "source_detail")
RISK_ANALYSIS_TEXTS = ("title", "products_areas", "summary", "measures")
INSTRUMENT_TEXTS = ("title", "products_areas", "description")


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class KindResult:
    key: str
    label: str
    list_url: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)

    @property
    def capped(self) -> bool:
        """Counted up to COUNT_CAP only: there are more than COUNT_CAP."""
        return self.total > COUNT_CAP


def _on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _contains(fields: tuple[str, ...], terms: Terms, value: str | None = None) -> Q:
    """Any of ``fields`` contains the value (SQLite: in each spelling of ``Terms.variants``)."""
    value = terms.text if value is None else value
    values = [value] if _on_postgres() else terms.variants(value)
    condition = Q()
    for name in fields:
        for each in values:
            condition |= Q(**{f"{name}__icontains": each})
    return condition


def _text_match(queryset: QuerySet, fields: tuple[str, ...], terms: Terms) -> tuple:
    """(queryset with ``search_rank``, the condition) for the full-text match of ``fields``."""
    if not _on_postgres() or not terms.words:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())), (
            _contains(fields, terms)
        )
    vector = SearchVector(*fields, config=CONFIG)
    query = SearchQuery(raw_tsquery(terms.words), search_type="raw", config=CONFIG)
    return queryset.annotate(search_rank=SearchRank(vector, query)), Q(SearchLookup(vector, query))


def _name_match(field_name: str, terms: Terms) -> Q:
    """The name contains the search text without company forms, or (PostgreSQL) is similar to
    it word by word; both served by the trigram index on UPPER(name)."""
    condition = _contains((field_name,), terms, terms.name)
    if _on_postgres():
        condition |= Q(TrigramWordSimilar(Upper(field_name), Value(terms.name)))
    return condition


def _supplier_ids(terms: Terms) -> list[int]:
    """The ids of the suppliers whose name, alias or organisation number matches, at most
    MAX_SUPPLIERS. Not gated: only ever used inside a gated query.

    Read once per search (suppliers, audits and incidents use them). On PostgreSQL the planner
    prices pg_trgm's word-similarity operator like a cheap comparison and would compute it for
    each of 50 000 suppliers (540 ms at scale 20) rather than read the trigram index (35 ms):
    sequential scans are turned off for this one query."""
    by_name = _name_match("name", terms)
    if terms.organisation_number:
        by_name |= Q(organisation_number__startswith=terms.organisation_number)
    queries = [
        Supplier.objects.filter(by_name).values_list("pk", flat=True),
        SupplierAlias.objects.filter(_name_match("name", terms)).values_list(
            "supplier_id", flat=True
        ),
    ]
    found: dict[int, None] = {}
    with connection.cursor() as cursor:
        if _on_postgres():
            cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset in queries:
            found.update(dict.fromkeys(queryset.order_by()[:MAX_SUPPLIERS]))
        if _on_postgres():
            cursor.execute("SET LOCAL enable_seqscan = on")
    return list(found)[:MAX_SUPPLIERS]


def _counted(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(search_total=Window(Count("pk")))


def _page(queryset: QuerySet) -> tuple[list, int]:
    rows = list(queryset[:PER_KIND])
    return rows, (rows[0].search_total if rows else 0)


def _suppliers(user, terms: Terms) -> tuple[list[Hit], int]:
    queryset = Supplier.objects.for_user(user, Action.VIEW).filter(pk__any_of=terms.supplier_ids)
    if _on_postgres():
        queryset = queryset.annotate(
            search_rank=TrigramWordSimilarity(Value(terms.name), Upper("name"))
        ).order_by("-search_rank", "name")
    rows, total = _page(_counted(queryset.only("pk", "name", "organisation_number", "country")))
    hits = [
        Hit(
            s.name,
            s.get_absolute_url(),
            " · ".join(p for p in (_formatted_number(s.organisation_number), s.country) if p),
        )
        for s in rows
    ]
    return hits, total


def _formatted_number(number: str) -> str:
    return f"{number[:6]}-{number[6:]}" if len(number) == 10 else number


def _audits(user, terms: Terms) -> tuple[list[Hit], int]:
    queryset, text = _text_match(Audit.objects.for_user(user, Action.VIEW), AUDIT_TEXTS, terms)
    queryset = (
        queryset.filter(Q(supplier_id__any_of=terms.supplier_ids) | text)
        .select_related("supplier", "lead_organisation")
        .order_by("-search_rank", "-year", "supplier__name", "pk")
    )
    rows, total = _page(_counted(queryset))
    hits = [
        Hit(
            str(a),
            a.get_absolute_url(),
            " · ".join(p for p in (a.get_status_display(), str(a.lead_organisation or "")) if p),
        )
        for a in rows
    ]
    return hits, total


def _findings(user, terms: Terms) -> tuple[list[Hit], int]:
    # Two steps: the ids of up to COUNT_CAP + 1 findings found (the index alone), then the
    # page ranked among them. Counting and ranking every finding a common word is in would
    # compute tens of thousands of vectors again (0.6–4.8 s at scale 20).
    _unranked, text = _text_match(Finding.objects.none(), FINDING_TEXTS, terms)
    ids = list(
        Finding.objects.for_user(user, Action.VIEW)
        .filter(text)
        .order_by()
        .values_list("pk", flat=True)[: COUNT_CAP + 1]
    )
    queryset, _text = _text_match(Finding.objects.filter(pk__any_of=ids), FINDING_TEXTS, terms)
    rows = list(
        queryset.select_related("audit__supplier").order_by("-search_rank", "-audit__year", "pk")[
            :PER_KIND
        ]
    )
    total = len(ids)
    hits = [
        Hit(
            short_text(f.description, 120),
            f"{f.audit.get_absolute_url()}#finding-{f.pk}",
            f"{f.get_kind_display()} · {f.audit}",
        )
        for f in rows
    ]
    return hits, total


def _incidents(user, terms: Terms) -> tuple[list[Hit], int]:
    # The incidents of the suppliers found, as a list (one query): a subquery in the OR would
    # keep PostgreSQL from the full-text index. The title is in the full-text vector there.
    involving = list(
        Incident.suppliers.through.objects.filter(
            supplier_id__any_of=terms.supplier_ids
        ).values_list("incident_id", flat=True)
    )
    queryset, text = _text_match(
        Incident.objects.for_user(user, Action.VIEW), INCIDENT_TEXTS, terms
    )
    queryset = queryset.filter(text | Q(pk__any_of=involving)).order_by(
        "-search_rank", "-year_opened", "title"
    )
    rows, total = _page(_counted(queryset))
    hits = [
        Hit(i.title, i.get_absolute_url(), f"{i.year_opened} · {i.get_status_display()}")
        for i in rows
    ]
    return hits, total


def _risk_analyses(user, terms: Terms) -> tuple[list[Hit], int]:
    queryset, text = _text_match(
        RiskAnalysis.objects.for_user(user, Action.VIEW), RISK_ANALYSIS_TEXTS, terms
    )
    queryset = queryset.filter(text | _contains(("title",), terms)).order_by(
        "-search_rank", "-year", "title"
    )
    rows, total = _page(_counted(queryset))
    return [Hit(r.title, r.get_absolute_url(), str(r.year)) for r in rows], total


def _instruments(user, terms: Terms) -> tuple[list[Hit], int]:
    queryset, text = _text_match(
        Instrument.objects.for_user(user, Action.VIEW), INSTRUMENT_TEXTS, terms
    )
    queryset = queryset.filter(text | _contains(("title", "code"), terms)).order_by(
        "-search_rank", "kind", "title"
    )
    rows, total = _page(_counted(queryset))
    return [Hit(i.title, i.get_absolute_url(), i.get_kind_display()) for i in rows], total


# (key, label, list URL name, function): the order of the results page.
KINDS: list[tuple[str, object, str, Callable]] = [
    ("suppliers", _("Suppliers"), "suppliers:supplier_list", _suppliers),
    ("audits", _("Audits"), "audits:audit_list", _audits),
    ("findings", _("Findings"), "audits:finding_list", _findings),
    ("incidents", _("Incidents"), "incidents:incident_list", _incidents),
    ("risk_analyses", _("Risk analyses"), "riskanalysis:riskanalysis_list", _risk_analyses),
    ("instruments", _("Requirements"), "requirements_catalog:instrument_list", _instruments),
]


def search(user, text: str) -> list[KindResult]:
    """Every kind's hits for ``text`` that ``user`` may see (the caller has checked the text
    with ``search.terms.problem``)."""
    terms = parse(text)
    results = []
    with transaction.atomic():
        terms.supplier_ids = _supplier_ids(terms)
        for key, label, list_url_name, find in KINDS:
            hits, total = find(user, terms)
            results.append(KindResult(key, label, reverse(list_url_name), hits, total))
    return results
