"""A year's activity report: the whole build against WeasyPrint rendering the same final HTML.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallbar_bench \\
        .venv/bin/python bench/report.py [--year 2024] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallbar_bench \\
        .venv/bin/python bench/report.py --synthetic-audits 5000 [--year 2031] [--seed 1]

The database named is migrated and given the 2024 facts (seed_2024, idempotent). With
``--synthetic-audits N`` a synthetic year of N audits (bench/synthetic_year.py: suppliers,
findings, incidents, events, figures, accounts, every row is_synthetic) first replaces the
synthetic data of the year, 2031 unless ``--year`` says otherwise. Prints one JSON line: the
build's median time (snapshot, consistency check, HTML with charts, PDF) and of its part before
the PDF, the median time of WeasyPrint alone on the build's final HTML, their ratio (issue 5 asks
the part beyond WeasyPrint to stay within 30 %, a ratio of at most 1.43; issue 7 asks 1.3), the
process's peak memory, and for a synthetic year the time it took to make and the process's peak
memory before the build.
"""

import argparse
import gc
import json
import logging
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
from django.db import reset_queries  # noqa: E402
from django.utils import translation  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, help="2024, or 2031 for a synthetic year")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synthetic-audits", type=int, metavar="N", help="make a synthetic year")
    parser.add_argument("--seed", type=int, default=1, help="of the synthetic year")
    parser.add_argument("--pdf", type=Path, help="write the built PDF here, to look at it")
    args = parser.parse_args()
    year = args.year or (2031 if args.synthetic_audits else 2024)
    # fontTools logs every font subset at INFO: one line per run is enough here.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("seed_2024", verbosity=0)
    synthetic = {}
    if args.synthetic_audits:
        from bench.synthetic_year import make_synthetic_year

        start = time.perf_counter()
        rows = make_synthetic_year(year, audits=args.synthetic_audits, seed=args.seed)
        synthetic = {
            "synthetic_audits": args.synthetic_audits,
            "synthetic_rows": sum(rows.values()),
            "generate_s": round(time.perf_counter() - start, 2),
            "peak_mb_before_build": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            ),
        }
        reset_queries()

    from reporting.consistency import consistency_check
    from reporting.render import (
        layout_report,
        render_report_html,
        render_report_pdf,
        write_report_pdf,
    )
    from reporting.report_data import report_snapshot

    builds, before_pdf, alone, pages, issues = [], [], [], 0, []
    with translation.override("sv"):
        render_report_pdf(report_snapshot(year=year), issues=[])  # warm up the imports
        for _ in range(args.runs):
            gc.collect()  # the previous run's garbage is not this run's cost
            start = time.perf_counter()
            snapshot = report_snapshot(year=year)
            issues = consistency_check(year=year, snapshot=snapshot)
            html = render_report_html(snapshot, issues=issues)
            before_pdf.append(time.perf_counter() - start)
            pdf = write_report_pdf(layout_report(html))
            builds.append(time.perf_counter() - start)
            gc.collect()
            start = time.perf_counter()
            document = layout_report(html)
            write_report_pdf(document)
            alone.append(time.perf_counter() - start)
            pages = len(document.pages)
    build, weasyprint = statistics.median(builds), statistics.median(alone)
    if args.pdf:
        args.pdf.write_bytes(pdf)
    print(
        json.dumps(
            {
                "case": "report_year",
                "year": year,
                **synthetic,
                "consistency_issues": len(issues),
                "pages": pages,
                "pdf_kb": round(len(pdf) / 1024),
                "build_s": round(build, 2),
                "data_and_html_s": round(statistics.median(before_pdf), 2),
                "weasyprint_s": round(weasyprint, 2),
                "ratio": round(build / weasyprint, 2),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
