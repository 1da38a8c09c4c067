"""A follow-up audit must concern the same supplier as the audit it follows up.

PostgreSQL: a composite foreign key (follows_up_id, supplier_id) → (id, supplier_id), backed by
the unique constraint ``audit_unique_id_supplier``; changing the supplier of an audit that has
follow-ups is refused too. SQLite cannot add such a key to an existing table, so triggers enforce
the same rule there.
"""

from django.db import migrations

CONSTRAINT = "audit_follow_up_same_supplier"
MESSAGE = "A follow-up audit must follow up an audit of the same supplier."

POSTGRES_FORWARD = f"""
ALTER TABLE audits_audit
    ADD CONSTRAINT {CONSTRAINT}
    FOREIGN KEY (follows_up_id, supplier_id) REFERENCES audits_audit (id, supplier_id);
"""
POSTGRES_BACKWARD = f"ALTER TABLE audits_audit DROP CONSTRAINT IF EXISTS {CONSTRAINT};"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER {CONSTRAINT}_insert BEFORE INSERT ON audits_audit
    WHEN NEW.follows_up_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM audits_audit WHERE id = NEW.follows_up_id AND supplier_id = NEW.supplier_id
    )
    BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER {CONSTRAINT}_update BEFORE UPDATE OF follows_up_id, supplier_id ON audits_audit
    WHEN (NEW.follows_up_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM audits_audit
            WHERE id = NEW.follows_up_id AND supplier_id = NEW.supplier_id
        ))
        OR EXISTS (
            SELECT 1 FROM audits_audit
            WHERE follows_up_id = NEW.id AND supplier_id != NEW.supplier_id
        )
    BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {MESSAGE}'); END;
    """,
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {CONSTRAINT}_insert;",
    f"DROP TRIGGER IF EXISTS {CONSTRAINT}_update;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audits", "0002_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
