"""Locks held until the transaction ends: PostgreSQL's advisory locks for what is not a row
yet (``advisory_xact_lock``).

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

