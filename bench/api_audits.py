"""A year's audits over the API at page_size 100 and 1000, against a raw baseline in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallbar_bench \\
        .venv/bin/python bench/api_audits.py [--audits 1000] [--runs 7]

The database named must be a scratch one: it is migrated, and synthetic audits (marked
is_synthetic) of the year 2099 are added to it once. Prints one JSON line per page size:
the API's median time and query count, the baseline's median time (psycopg fetching the same
columns, the co-leads and the results, serialised with orjson) and the ratio.

The functions are what `make bench` (bench/run.py) uses on the scale data: ``raw_audits_page``
and ``raw_suppliers_page`` (the baselines), ``token_client`` and ``measure``.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings.local")

import django
from django.apps import apps

if not apps.ready:
    django.setup()

import orjson
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import bench_secretariat

YEAR = 2099

RAW_AUDITS = """
SELECT a.id, a.supplier_id, s.name, a.kind, a.year, a.status, a.planned_date, a.start_date,
       a.end_date, a.lead_organisation_id, o.code, a.auditor_id, a.category_id, c.name,
       a.template_version_id, a.follows_up_id, a.incident_id, a.observer_required,
       a.internal_note, a.summary, a.public_summary, a.public_summary_approved_at, a.created,
       a.modified
FROM audits_audit a
JOIN suppliers_supplier s ON s.id = a.supplier_id
LEFT JOIN organisations_organisation o ON o.id = a.lead_organisation_id
LEFT JOIN riskanalysis_category c ON c.id = a.category_id
WHERE a.year = %s ORDER BY a.modified, a.id LIMIT %s
"""
# The supplier list as the API gives it (SupplierSerializer), in its default order.
RAW_SUPPLIERS = """
SELECT s.id, s.name, s.organisation_number, s.country, s.parent_id, p.name, s.website, s.notes,
       s.created, s.modified
FROM suppliers_supplier s
LEFT JOIN suppliers_supplier p ON p.id = s.parent_id
ORDER BY s.modified, s.id LIMIT %s
"""
RAW_ALIASES = """
SELECT a.supplier_id, a.id, a.name, a.kind, a.note FROM suppliers_supplieralias a
WHERE a.supplier_id = ANY(%s) ORDER BY a.name, a.id
"""
SUPPLIER_COLUMNS = [
    "id",
    "name",
    "organisation_number",
    "country",
    "parent",
    "parent_name",
    "website",
    "notes",
    "created",
    "modified",
]
RAW_CO_LEADS = """
SELECT l.audit_id, l.organisation_id, o.code FROM audits_audit_co_lead_organisations l
JOIN organisations_organisation o ON o.id = l.organisation_id
WHERE l.audit_id = ANY(%s) ORDER BY o.code
"""
RAW_RESULTS = """
SELECT r.audit_id, r.criterion_id, k.code, r.outcome, r.comment FROM audits_auditresult r
JOIN requirements_catalog_clause k ON k.id = r.criterion_id
WHERE r.audit_id = ANY(%s) ORDER BY k."order", k.code, r.id
"""
COLUMNS = [
    "id",
    "supplier",
    "supplier_name",
    "kind",
    "year",
    "status",
    "planned_date",
    "start_date",
    "end_date",
    "lead_organisation",
    "lead_organisation_code",
    "auditor",
    "category",
    "category_name",
    "template_version",
    "follows_up",
    "incident",
    "observer_required",
    "internal_note",
    "summary",
    "public_summary",
    "public_summary_approved_at",
    "created",
    "modified",
]


def raw_audits_page(size: int, year: int = YEAR) -> bytes:
    """The first ``size`` audits of ``year`` as the API lists them, by psycopg and orjson."""
    with connection.cursor() as cursor:
        cursor.execute(RAW_AUDITS, [year, size])
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        ids = [row["id"] for row in rows]
        cursor.execute(RAW_CO_LEADS, [ids])
        co_leads = {}
        for audit_id, org_id, code in cursor.fetchall():
            co_leads.setdefault(audit_id, []).append((org_id, code))
        cursor.execute(RAW_RESULTS, [ids])
        results = {}
        for audit_id, criterion, code, outcome, comment in cursor.fetchall():
            results.setdefault(audit_id, []).append(
                {
                    "criterion": criterion,
                    "criterion_code": code,
                    "outcome": outcome,
                    "comment": comment,
                }
            )
    for row in rows:
        row["url"] = f"http://localhost/api/v1/audits/{row['id']}/"
        pairs = co_leads.get(row["id"], [])
        row["co_lead_organisations"] = [pk for pk, _ in pairs]
        row["co_lead_organisation_codes"] = [code for _, code in pairs]
        row["results"] = results.get(row["id"], [])
    return orjson.dumps({"count": len(rows), "results": rows})


# The name the CLI and earlier notes used.
raw_page = raw_audits_page


def raw_suppliers_page(size: int) -> bytes:
    """The first ``size`` suppliers as the API lists them, with their aliases."""
    with connection.cursor() as cursor:
        cursor.execute(RAW_SUPPLIERS, [size])
        rows = [dict(zip(SUPPLIER_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        cursor.execute(RAW_ALIASES, [[row["id"] for row in rows]])
        aliases = {}
        for supplier_id, pk, name, kind, note in cursor.fetchall():
            aliases.setdefault(supplier_id, []).append(
                {"id": pk, "name": name, "kind": kind, "note": note}
            )
    for row in rows:
        row["url"] = f"http://localhost/api/v1/suppliers/{row['id']}/"
        row["aliases"] = aliases.get(row["id"], [])
    return orjson.dumps({"count": len(rows), "results": rows})


def token_client(user) -> Client:
    """A test client that sends a fresh one-day API token of ``user``."""
    from organisations.services import api_token_create

    _token, raw = api_token_create(user=user, name=f"bench-{time.time_ns()}", days=1)
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT="application/json", HTTP_HOST="localhost"
    )


def measure(client: Client, url: str, raw: Callable[[], bytes], runs: int) -> dict:
    """Median time and query count of GET ``url`` in-process against ``raw()`` in the same run,
    alternating, after one warm-up of each."""
    client.get(url)
    raw()
    api_times, raw_times = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            body = response.content
            api_times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {body[:300]!r}")
        start = time.perf_counter()
        baseline = raw()
        raw_times.append(time.perf_counter() - start)
    api, base = statistics.median(api_times), statistics.median(raw_times)
    rows, raw_rows = len(orjson.loads(body)["results"]), len(orjson.loads(baseline)["results"])
    if rows != raw_rows:
        raise RuntimeError(f"GET {url} gave {rows} rows, the baseline {raw_rows}")
    return {
        "rows": rows,
        "api_ms": round(api * 1000, 1),
        "queries": len(queries),
        "raw_ms": round(base * 1000, 1),
        "ratio": round(api / base, 2),
        "kb": round(len(body) / 1024),
    }


def ensure_data(count: int) -> None:
    from audits.models import Audit, AuditResult
    from organisations.models import Organisation
    from requirements_catalog.models import Clause, Instrument, InstrumentVersion
    from suppliers.models import Supplier

    existing = Audit.objects.filter(year=YEAR).count()
    if existing >= count:
        return
    regions = list(Organisation.objects.filter(kind="region").order_by("code")[:3])
    template, _ = Instrument.objects.get_or_create(
        code="bench-mall",
        defaults={"kind": "assessment_template", "title": "Bench", "is_synthetic": True},
    )
    version, _ = InstrumentVersion.objects.get_or_create(
        instrument=template, version="1", defaults={"year": YEAR, "is_synthetic": True}
    )
    clauses = [
        Clause.objects.get_or_create(
            version=version,
            code=f"{i}",
            defaults={"text": f"Kriterium {i}", "order": i, "is_synthetic": True},
        )[0]
        for i in range(1, 6)
    ]
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Bench-leverantör {existing + i}", is_synthetic=True)
        for i in range(count - existing)
    )
    audits = Audit.objects.bulk_create(
        Audit(
            supplier=s,
            kind="office",
            year=YEAR,
            status="conducted",
            lead_organisation=regions[0],
            template_version=version,
            is_synthetic=True,
            internal_note="Syntetisk.",
        )
        for s in suppliers
    )
    Audit.co_lead_organisations.through.objects.bulk_create(
        Audit.co_lead_organisations.through(audit_id=a.pk, organisation_id=regions[1].pk)
        for a in audits
    )
    AuditResult.objects.bulk_create(
        AuditResult(audit=a, criterion=c, outcome="fulfilled", is_synthetic=True)
        for a in audits
        for c in clauses
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--audits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL to a scratch database.")
    call_command("migrate", verbosity=0)
    call_command("seed_2024", verbosity=0)
    ensure_data(args.audits)
    client = token_client(bench_secretariat())
    for size in (100, 1000):
        url = f"/api/v1/audits/?year={YEAR}&page_size={size}"
        result = measure(client, url, lambda size=size: raw_audits_page(size), args.runs)
        result.pop("kb")
        print(json.dumps({"case": "api_audits_year", "page_size": size, **result}))


if __name__ == "__main__":
    main()
