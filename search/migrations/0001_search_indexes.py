"""The indexes of the search on PostgreSQL; nothing on other databases.

pg_trgm (a trusted extension: the database owner may create it) and, on the other apps' tables:
- GIN trigram indexes on UPPER(name) of suppliers and their aliases and on UPPER(title) of
  incidents: they serve both Django's case-blind ``icontains`` (UPPER(col) LIKE UPPER('%…%'))
  and the trigram word-similarity operator ``%>`` that finds misspelt names;
- GIN indexes on the Swedish full-text vector of the texts searched (search/selectors.py).

The index expressions are built from the same Django expressions as the queries, so PostgreSQL
matches them (tests/search/test_indexes.py checks that the queries use them). On SQLite the
search falls back to a plain containment and these indexes are skipped.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "swedish"

# (index name, table, column): GIN (UPPER(column) gin_trgm_ops). Written out, as Django 5.2's
# OpClass around a function leaves out the parentheses PostgreSQL needs there.
TRIGRAM_INDEXES = [
    ("search_supplier_name_trgm", "suppliers_supplier", "name"),
    ("search_alias_name_trgm", "suppliers_supplieralias", "name"),
    ("search_incident_title_trgm", "incidents_incident", "title"),
]
TEXT_INDEXES = [
    ("audits", "Finding", "search_finding_fts", ("description", "required_action")),
    ("audits", "Audit", "search_audit_fts", ("summary",)),
    ("incidents", "Incident", "search_incident_fts", ("title", "description", "outcome", "source_detail")),
    (
        "riskanalysis",
        "RiskAnalysis",
        "search_riskanalysis_fts",
        ("title", "products_areas", "summary", "measures"),
    ),
    (
        "requirements_catalog",
        "Instrument",
        "search_instrument_fts",
        ("title", "products_areas", "description"),
    ),
]


def _indexes(apps):
    for app, model, name, fields in TEXT_INDEXES:
        yield apps.get_model(app, model), GinIndex(SearchVector(*fields, config=CONFIG), name=name)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm, made here rather than by TrigramExtension: its backwards step asks PostgreSQL's
    # catalogue on any database (a migration test going back on SQLite failed), and dropping the
    # extension would take the suppliers' trigram index with it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {quote(table)} "
            f"USING gin ((UPPER({quote(column)})) gin_trgm_ops)"
        )
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0004_agreement_termination_message"),
        ("audits", "0007_timeline_said_once"),
        ("incidents", "0003_constraint_messages"),
        ("riskanalysis", "0004_category_history"),
        ("requirements_catalog", "0002_constraint_messages_and_one_draft"),
    ]

    operations = [migrations.RunPython(forward, backward)]
