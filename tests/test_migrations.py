"""The migrations, run on an empty database, give the very schema the tests run on.

The test databases are made from the models and completed by the migrations' raw SQL
(tests/database.py); production databases are made by the migrations. This test runs every
migration on an empty database of the same kind, on each pass (PostgreSQL, SQLite: the embedded
default migrates with its own SQLite triggers), and compares the two schemas: every column with
its type, nullability and default, every constraint with its name and definition, every index,
trigger and extension. ``makemigrations --check`` (make lint) holds the models to the
migrations' state; this holds the databases they make to each other.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.database import empty_database, real_migrations, schema_of

# Django's own difference, not the project's: the migration of Django's auth app makes the id of
# the group-permission table with the project's DEFAULT_AUTO_FIELD (bigint), the model with the
# auth app's own AutoField (integer). No code of the project reads that id.
DJANGO_OWN = {("column", "auth_group_permissions", "id")}


def _ours(facts: set[tuple]) -> set[tuple]:
    return {fact for fact in facts if fact[:3] not in DJANGO_OWN}


@pytest.mark.django_db(transaction=True)
def test_the_migrations_make_the_schema_the_tests_run_on():
    expected = schema_of(connection)
    with real_migrations(), empty_database() as test_connection:
        migrated = connection  # the empty database, now the default
        assert migrated is not test_connection
        executor = MigrationExecutor(migrated)
        executor.migrate(executor.loader.graph.leaf_nodes())
        after = MigrationExecutor(migrated)
        assert not after.migration_plan(after.loader.graph.leaf_nodes())
        made = _ours(schema_of(migrated))
    expected = _ours(expected)
    only_migrated = sorted(map(str, made - expected))
    only_tests = sorted(map(str, expected - made))
    assert (only_migrated, only_tests) == ([], []), (
        "The migrations and the test database differ.\nOnly from the migrations:\n"
        + "\n".join(only_migrated)
        + "\nOnly in the test database:\n"
        + "\n".join(only_tests)
    )
    assert len(expected) > 500  # it did read a schema
