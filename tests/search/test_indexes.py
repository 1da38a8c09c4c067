"""On PostgreSQL the search's queries can use the indexes of migration search/0001: the trigram
indexes on UPPER(name) and UPPER(title), the Swedish full-text indexes on the texts. The
planner is told to avoid sequential scans and plain index scans, so only a bitmap scan of an
index whose expression matches the query's condition is left: the plan shows whether one does
(on a test database's few rows it would otherwise scan, and an index scan in the list's order,
filtered row by row, could win on the statistics earlier tests left behind)."""

import pytest
from django.db import connection, transaction

from audits.models import Finding
from incidents.models import Incident
from search import selectors
from search.terms import parse
from suppliers.models import Supplier, SupplierAlias

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes"),
]


def plan(queryset) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("text", ["Betcon Dickinson", "Navamedic"])
def test_supplier_and_alias_names_use_the_trigram_indexes(text):
    # Enough rows that a scan of another index over the whole table is no cheaper.
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Leverantör {n} AB") for n in range(2000)
    )
    SupplierAlias.objects.bulk_create(
        SupplierAlias(supplier=s, name=f"Tidigare {s.name}", kind="former_name") for s in suppliers
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE suppliers_supplier, suppliers_supplieralias")
        # The planner costs a whole scan of the (supplier, name) key below the trigram index on
        # a test's few aliases; without it the plan shows whether the index fits the query.
        # The test's transaction is rolled back, the key with it.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE suppliers_supplieralias DROP CONSTRAINT supplier_alias_unique_per_supplier"
        )
    terms = parse(text)
    assert "search_supplier_name_trgm" in plan(
        Supplier.objects.filter(selectors._name_match("name", terms)).values("pk").order_by()
    )
    assert "search_alias_name_trgm" in plan(
        SupplierAlias.objects.filter(selectors._name_match("name", terms))
        .values("supplier_id")
        .order_by()
    )


def test_texts_use_the_full_text_indexes():
    terms = parse("riskanalys saknas")
    for model, fields, index in [
        (Finding, selectors.FINDING_TEXTS, "search_finding_fts"),
        (Incident, selectors.INCIDENT_TEXTS, "search_incident_fts"),
    ]:
        queryset, condition = selectors._text_match(model.objects.all(), fields, terms)
        assert index in plan(queryset.filter(condition)), model
