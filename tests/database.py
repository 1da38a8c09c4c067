"""The test databases: made from the models, not by running the migrations.

Running the project's migrations on an empty database renders the models' state again after
nearly every operation (about 16 000 model classes for 47 migrations): ~20 s of CPU for each test
process on each pass, against ~1 s to create the tables from the models as they are
(pytest-django's ``--no-migrations``, in pyproject's ``addopts``). What the models cannot say is
added by the migrations' own code (``SCHEMA_EXTRAS``): the follow-up audit's composite key (or
SQLite's triggers) and the search's PostgreSQL indexes. Every migration is then recorded as
applied, as ``migrate`` would have (the backup's manifest lists them).

tests/test_migrations.py runs the real migrations on an empty database on each pass (PostgreSQL
and SQLite) and checks that they give the same schema, column by column, constraint by
constraint, index by index: a migration that does not match its models, or a new piece of raw
SQL missing from ``SCHEMA_EXTRAS``, fails there.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import re
import tempfile
from pathlib import Path

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

# (migration module, its forward function, its backward function): the schema objects that only
# a migration's code makes. The backward step first, so a kept database (--reuse-db) takes them
# again; every backward step drops only what exists.
SCHEMA_EXTRAS = (
    ("audits.migrations.0003_follow_up_same_supplier", "forward", "backward"),
    ("suppliers.migrations.0006_supplier_name_trigram_index", "forward", "backward"),
    ("search.migrations.0001_search_indexes", "forward", "backward"),
)


def real_migrations():
    """Settings under which Django reads the project's migrations (the test run turns them off)."""
    return override_settings(MIGRATION_MODULES={})


def add_what_only_migrations_make(connection) -> None:
    for module_name, forward, backward in SCHEMA_EXTRAS:
        module = importlib.import_module(module_name)
        with connection.schema_editor() as editor:
            getattr(module, backward)(global_apps, editor)
            getattr(module, forward)(global_apps, editor)


def record_every_migration_applied(connection) -> None:
    with real_migrations():
        nodes = MigrationLoader(connection, ignore_no_migrations=True).graph.nodes
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    recorder.migration_qs.bulk_create(
        recorder.Migration(app=app, name=name)
        for app, name in sorted(nodes)
        if (app, name) not in applied
    )


def complete_test_database(connection) -> None:
    """The test database made from the models, completed to what the migrations make."""
    add_what_only_migrations_make(connection)
    record_every_migration_applied(connection)


@contextlib.contextmanager
def empty_database():
    """A new, empty database of the test database's kind, made the default connection while the
    block runs (a migration's Python code reads and writes through the default connection); the
    test database's own connection is handed to the block. Dropped afterwards."""
    test_connection = connections[DEFAULT_DB_ALIAS]
    settings = copy.deepcopy(test_connection.settings_dict)
    with contextlib.ExitStack() as stack:
        if test_connection.vendor == "postgresql":
            settings["NAME"] = f"{test_connection.settings_dict['NAME']}_migrated"
            quoted = test_connection.ops.quote_name(settings["NAME"])
            with test_connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
                cursor.execute(f"CREATE DATABASE {quoted}")

            def drop():
                with test_connection._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")

            stack.callback(drop)
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            settings["NAME"] = str(Path(folder) / "migrated.sqlite3")
        settings["TEST"] = {**settings.get("TEST", {}), "NAME": settings["NAME"]}
        empty = test_connection.__class__(settings, alias=DEFAULT_DB_ALIAS)
        stack.callback(empty.close)
        setattr(connections._connections, DEFAULT_DB_ALIAS, empty)
        stack.callback(setattr, connections._connections, DEFAULT_DB_ALIAS, test_connection)
        yield test_connection


# The schema as a set of facts, to compare two databases. Constraint and index names are compared
# (the code finds a constraint's message by its name); an index's definition is compared without
# the name it repeats.
PG_SCHEMA = {
    "column": """
        SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision,
               numeric_scale, is_nullable, column_default, is_identity
        FROM information_schema.columns WHERE table_schema = 'public'""",
    "constraint": """
        SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = rel.relnamespace WHERE n.nspname = 'public'""",
    "index": """
        SELECT tablename, indexname, regexp_replace(indexdef, 'INDEX \\S+ ON', 'INDEX ON')
        FROM pg_indexes WHERE schemaname = 'public'""",
    "trigger": """
        SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
        FROM pg_trigger WHERE NOT tgisinternal""",
    "extension": "SELECT extname FROM pg_extension",
}


def _top_level_items(create_table: str) -> list[str]:
    """The column and constraint definitions of a CREATE TABLE statement."""
    body = create_table[create_table.index("(") + 1 : create_table.rindex(")")]
    items, depth, start = [], 0, 0
    for position, character in enumerate(body):
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif character == "," and depth == 0:
            items.append(body[start:position])
            start = position + 1
    items.append(body[start:])
    return [re.sub(r"\s+", " ", item).strip() for item in items]


def schema_of(connection) -> set[tuple]:
    facts: set[tuple] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for kind, query in PG_SCHEMA.items():
                cursor.execute(query)
                facts |= {(kind, *row) for row in cursor.fetchall()}
            return facts
        cursor.execute(
            "SELECT type, tbl_name, name, sql FROM sqlite_master "
            "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        )
        for kind, table, name, sql in cursor.fetchall():
            if kind == "table":
                facts |= {("column or constraint", table, item) for item in _top_level_items(sql)}
            else:
                unnamed = re.sub(r'^CREATE (UNIQUE )?(INDEX|TRIGGER) "?[^" ]+"?', r"\1\2", sql)
                facts.add((kind, table, name, re.sub(r"\s+", " ", unnamed).strip()))
    return facts
