"""A year's activity report: the whole build against WeasyPrint rendering the same final HTML.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallbar_bench \\
        .venv/bin/python bench/report.py [--year 2024] [--runs 3]

The database named is migrated and given the 2024 facts (seed_2024, idempotent). Prints one
JSON line: the build's median time (snapshot, consistency check, HTML with charts, PDF), the
median time of WeasyPrint alone on the build's final HTML, their ratio (issue 5 asks the part
beyond WeasyPrint to stay within 30 %, a ratio of at most 1.43; issue 7 asks 1.3) and the
process's peak memory.
"""

import argparse
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

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_2024", verbosity=0)
    from weasyprint import HTML

    from reporting.consistency import consistency_check
    from reporting.render import STATIC_DIR, render_report_html, render_report_pdf
    from reporting.report_data import report_snapshot

    builds, alone, pages = [], [], 0
    with translation.override("sv"):
        render_report_pdf(report_snapshot(year=args.year), issues=[])  # warm up the imports
        for _ in range(args.runs):
            start = time.perf_counter()
            snapshot = report_snapshot(year=args.year)
            issues = consistency_check(year=args.year, snapshot=snapshot)
            html = render_report_html(snapshot, issues=issues)
            pdf = HTML(string=html, base_url=str(STATIC_DIR)).write_pdf()
            builds.append(time.perf_counter() - start)
            start = time.perf_counter()
            document = HTML(string=html, base_url=str(STATIC_DIR)).render()
            document.write_pdf()
            alone.append(time.perf_counter() - start)
            pages = len(document.pages)
    build, weasyprint = statistics.median(builds), statistics.median(alone)
    print(
        json.dumps(
            {
                "case": "report_year",
                "year": args.year,
                "pages": pages,
                "pdf_kb": round(len(pdf) / 1024),
                "build_s": round(build, 2),
                "weasyprint_s": round(weasyprint, 2),
                "ratio": round(build / weasyprint, 2),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
