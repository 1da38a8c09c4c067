"""The portal's pages as the secretariat sees them, in-process: server time and query count.

Used by bench/run.py (``make bench``) on the scale data: the start page, the audit list, the
supplier list and the detail of the audit with the most findings, each through Django's test
client (no network, no browser), with a logged-in member of the secretariat. The time is the
whole request through Django's middleware, view and template; the median of ``runs`` after a
warm-up.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext


def audit_with_most_findings() -> tuple[int, int]:
    """The id of the audit with the most findings (the lowest id of a tie) and their number."""
    from audits.models import Audit

    row = (
        Audit.objects.annotate(finding_count=Count("findings"))
        .order_by("-finding_count", "pk")
        .values_list("pk", "finding_count")
        .first()
    )
    if row is None:
        raise RuntimeError("The database holds no audit: load the scale data first.")
    return row


def portal_pages() -> list[tuple[str, str]]:
    """(case, path) of every page measured."""
    audit_id, findings = audit_with_most_findings()
    return [
        ("start page", "/"),
        ("audit list", "/audits/"),
        ("supplier list", "/suppliers/"),
        (f"audit detail ({findings} findings)", f"/audits/{audit_id}/"),
    ]


def logged_in_client(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def measure_page(client: Client, path: str, runs: int, profile_to: Path | None = None) -> dict:
    """Median time and query count of GET ``path`` (must answer 200), after one warm-up."""
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}, not 200")
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            body = response.content
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}, not 200")
    # Counted now: the next request clears the connection's query log.
    result = {
        "path": path,
        "ms": round(statistics.median(times) * 1000, 1),
        "queries": len(queries),
        "kb": round(len(body) / 1024),
    }
    if profile_to is not None:
        profile(client, path, profile_to)
    return result


def profile(client: Client, path: str, html: Path) -> None:
    """One more request under pyinstrument (the `bench` extra), written as HTML."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    client.get(path)
    profiler.stop()
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(profiler.output_html())
