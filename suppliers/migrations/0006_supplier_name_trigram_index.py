"""On PostgreSQL: pg_trgm and a GIN trigram index on the supplier's name, lower case with the
accents and Nordic letters folded (suppliers/duplicates.py, ``FOLDED_NAME_SQL``): a new
supplier's possible duplicates are found through it without reading the register. SQLite has
no such index; there the register's names are compared in Python (suppliers/duplicates.py)."""

from django.db import migrations

from suppliers.duplicates import FOLDED_NAME_SQL

INDEX = "supplier_name_folded_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON suppliers_supplier "
            f"USING gin (({FOLDED_NAME_SQL}) gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0005_duplicate_rejection")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
