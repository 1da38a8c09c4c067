"""Locks held until the transaction ends: a row's (``lock_row``), and PostgreSQL's advisory
locks for what is not a row yet (``advisory_xact_lock``).

What a row lock cannot guard (two imports of one register inserting rows that do not exist yet)
takes an advisory lock named by what it guards; it is held until the transaction ends. SQLite
lets one writer at a time anyway, so there it is no lock at all.
"""

from __future__ import annotations

import hashlib

from django.db import DEFAULT_DB_ALIAS, connections


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (the same in every process, unlike hash())."""
    digest = hashlib.blake2b(f"hallbar:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def advisory_xact_lock(name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Wait for, then hold until the transaction ends, the lock named ``name``.

    Call it inside ``transaction.atomic()``: outside one, the lock would end with the statement.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_xact_lock needs a transaction (transaction.atomic()).")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])


def lock_row(obj, *, using: str | None = None) -> bool:
    """Lock ``obj``'s row until the transaction ends; False when the row is gone (deleted since
    ``obj`` was read). A change or deletion that holds this lock cannot be raced by a deletion:
    the deletion waits for it, or it finds the row gone and says so (404) instead of saving a
    deleted row again (Django's save() would INSERT it) or failing with a 500.

    On SQLite (no row locks; one writer at a time) it only checks that the row is there.
    """
    from django.db import router

    model = type(obj)
    using = using or router.db_for_write(model, instance=obj)
    if not connections[using].in_atomic_block:
        raise RuntimeError("lock_row needs a transaction (transaction.atomic()).")
    rows = model._base_manager.using(using).select_for_update().filter(pk=obj.pk)
    return bool(list(rows.values_list("pk", flat=True)))
