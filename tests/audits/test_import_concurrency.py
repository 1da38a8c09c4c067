"""Two imports of the same register at once run one after the other (an advisory lock on the
register): the same audit file sent twice at once makes its audits once, and the second import
finds them unchanged. Real PostgreSQL connections (threads); SQLite has one writer anyway."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from audits.models import Audit
from core.imports import import_dataset
from core.resources import REGISTRY
from core.spreadsheets import read_table

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HEADER = "supplier,year,kind,status,lead_organisation,co_lead_organisations,planned_date\n"


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer at a time")


def audit_file(rows: int) -> bytes:
    start = datetime.date(2024, 1, 8)
    lines = [
        f"Abena,2024,office,,SE-T,,{start + datetime.timedelta(days=7 * n)}\n" for n in range(rows)
    ]
    return (HEADER + "".join(lines)).encode()


def test_the_same_audit_file_imported_twice_at_once_makes_its_audits_once(world):
    data, rows = audit_file(20), 20
    before = Audit.objects.count()
    barrier = threading.Barrier(2)
    outcomes, failures = [], []

    def run():
        try:
            dataset = read_table("revisioner.csv", data)
            barrier.wait(timeout=10)
            outcomes.append(
                import_dataset(
                    user=world.users["secretariat"],
                    resource_class=REGISTRY["audits"],
                    dataset=dataset,
                    dry_run=False,
                )
            )
        except Exception as error:  # reported below, with the thread's outcome
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures, failures
    assert Audit.objects.count() == before + rows
    counts = sorted((o.counts["new"], o.counts["unchanged"]) for o in outcomes)
    assert counts == [(0, rows), (rows, 0)], [o.as_dict()["counts"] for o in outcomes]
    assert all(o.saved for o in outcomes)
