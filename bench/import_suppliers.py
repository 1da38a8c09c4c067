"""Import of 10 000 suppliers from XLSX, against PostgreSQL COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallbar_bench \\
        .venv/bin/python bench/import_suppliers.py [--rows 10000] [--runs 3]

Each run deletes the bench's synthetic suppliers, then imports the XLSX file through the whole
path a secretariat upload takes (reading and checking the file, every row through the supplier
service, history, one transaction). The baseline is COPY of the same name/number/country rows
into a temporary table. Prints one JSON line: medians, their ratio, and the process's peak memory
(issue 6 asks at most 30 s and 300 MB for 10 000 rows).

``measure_import(rows, runs)`` is the same measurement as a function (bench/run.py runs this
script in a process of its own, so that the peak memory is the import's).
"""

import argparse
import io
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings.local")

import django
from django.apps import apps

if not apps.ready:
    django.setup()

from django.core.management import call_command
from django.db import connection

from bench.common import bench_secretariat

PREFIX = "Benchleverantör"


def org_number(n: int) -> str:
    """A valid (Luhn) organisation number for row n: 55 + 7 digits + check digit."""
    from core.validators import luhn_check_digit_ok

    base = f"55{n:07d}"
    return next(base + str(d) for d in range(10) if luhn_check_digit_ok(base + str(d)))


def rows(count: int) -> list[list[str]]:
    return [
        [
            f"{PREFIX} {n:05d} AB",
            org_number(n) if n % 2 == 0 else "",
            "SE" if n % 5 else "DE",
            "",
            f"Alias {n:05d}" if n % 10 == 0 else "",
        ]
        for n in range(count)
    ]


def xlsx(data: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["name", "organisation_number", "country", "notes", "aliases"])
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def clear() -> None:
    """Remove the bench's suppliers, their aliases and their history, in SQL.

    Not a measured figure: the rows were all made by the previous run's import. A queryset
    delete would send pre_delete/post_delete for each of the 10 000 suppliers (core/signals.py:
    an UPDATE of the incidents that list the supplier, a Deletion row) and take about 80 s.
    """
    from suppliers.models import Supplier

    ids = list(Supplier.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM suppliers_supplieralias WHERE supplier_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM suppliers_supplier WHERE id = ANY(%s)", [ids])
    Supplier.history.filter(name__startswith=PREFIX).delete()


def copy_baseline(data: list[list[str]]) -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_supplier_copy (name text, organisation_number text, "
            "country text, notes text, aliases text)"
        )
        with cursor.cursor.copy("COPY bench_supplier_copy FROM STDIN") as copy:
            for row in data:
                copy.write_row(row)
        cursor.execute("DROP TABLE bench_supplier_copy")
    return time.perf_counter() - start


def _import_once(user, file: bytes, count: int, check_duplicates: bool) -> tuple[float, int]:
    """One import of the file; (seconds, rows marked as possible duplicates)."""
    from core.imports import import_dataset
    from core.resources import REGISTRY
    from core.spreadsheets import read_table

    resource_class = REGISTRY["suppliers"]
    resource_class.check_duplicates = check_duplicates
    try:
        clear()
        start = time.perf_counter()
        dataset = read_table("suppliers.xlsx", file)
        outcome = import_dataset(
            user=user, resource_class=resource_class, dataset=dataset, dry_run=False
        )
        seconds = time.perf_counter() - start
    finally:
        resource_class.check_duplicates = True
    if not (outcome.saved and outcome.counts["new"] == count):
        raise RuntimeError(f"The import saved {outcome.counts}: {outcome.errors[:3]}")
    return seconds, outcome.warning_count


def measure_import(count: int = 10_000, runs: int = 3) -> dict:
    """Median times of importing ``count`` suppliers from XLSX (with the check for possible
    duplicates, as the portal runs it, and without it) and of COPY of the same rows."""
    from suppliers.models import Supplier

    user = bench_secretariat()
    data = rows(count)
    file = xlsx(data)
    imports, unchecked, copies = [], [], []
    warned = 0
    for _ in range(runs):
        seconds, warned = _import_once(user, file, count, check_duplicates=True)
        imports.append(seconds)
        unchecked.append(_import_once(user, file, count, check_duplicates=False)[0])
        copies.append(copy_baseline(data))
    clear()
    median_import, median_copy = statistics.median(imports), statistics.median(copies)
    median_unchecked = statistics.median(unchecked)
    return {
        "case": "import_suppliers_xlsx",
        "rows": count,
        "xlsx_kb": round(len(file) / 1024),
        "import_s": round(median_import, 2),
        "copy_s": round(median_copy, 3),
        "ratio": round(median_import / median_copy, 1),
        # The check for possible duplicates (suppliers/duplicates.py) against the register.
        "register_suppliers": Supplier.objects.count(),
        "import_without_duplicate_check_s": round(median_unchecked, 2),
        "duplicate_check_ratio": round(median_import / median_unchecked, 2),
        "rows_marked_as_possible_duplicates": warned,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-setup", action="store_true", help="skip migrate and seed_2024 (done already)"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL to a scratch database.")
    if not args.no_setup:
        call_command("migrate", verbosity=0)
        call_command("seed_2024", verbosity=0)
    print(json.dumps(measure_import(args.rows, args.runs)))


if __name__ == "__main__":
    main()
