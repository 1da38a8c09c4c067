"""A year's audits over the API at page_size 100 and 1000, against a raw baseline in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallbar_bench \\
        .venv/bin/python bench/api_audits.py [--audits 1000] [--runs 7]

The database named must be a scratch one: it is migrated, and synthetic audits (marked
is_synthetic) of the year 2099 are added to it once. Prints one JSON line per page size:
the API's median time and query count, the baseline's median time (psycopg fetching the same
columns, the co-leads and the results, serialised with orjson) and the ratio. The scale-data
issue turns this into `make bench`.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings.local")

import django

django.setup()

import orjson  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import bench_secretariat  # noqa: E402

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


def raw_page(size: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(RAW_AUDITS, [YEAR, size])
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
        pairs = co_leads.get(row["id"], [])
        row["co_lead_organisations"] = [pk for pk, _ in pairs]
        row["co_lead_organisation_codes"] = [code for _, code in pairs]
        row["results"] = results.get(row["id"], [])
    return orjson.dumps({"count": len(rows), "results": rows})


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
    from organisations.services import api_token_create

    user = bench_secretariat()
    _token, raw = api_token_create(user=user, name=f"bench-{time.time_ns()}", days=1)
    client = Client(
        HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT="application/json", HTTP_HOST="localhost"
    )
    for size in (100, 1000):
        url = f"/api/v1/audits/?year={YEAR}&page_size={size}"
        client.get(url)  # warm up
        api_times, raw_times = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                body = response.content
                api_times.append(time.perf_counter() - start)
            assert response.status_code == 200, body[:300]
            start = time.perf_counter()
            raw_page(size)
            raw_times.append(time.perf_counter() - start)
        api, baseline = statistics.median(api_times), statistics.median(raw_times)
        print(
            json.dumps(
                {
                    "case": "api_audits_year",
                    "page_size": size,
                    "rows": len(json.loads(body)["results"]),
                    "api_ms": round(api * 1000, 1),
                    "queries": len(queries),
                    "raw_ms": round(baseline * 1000, 1),
                    "ratio": round(api / baseline, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
