"""`make bench SCALE=N`: every benchmark of issue 7 on the scale data, one table and one JSON.

    .venv/bin/python bench/run.py --scale 1 [--runs 5]
        [--only api,portal,search,report,import,reminders,load] [--load-seconds 60] [--seed 1]
        [--profile]

1. A scratch PostgreSQL database per scale: ``hallbar_bench_s<N>`` on
   postgres://postgres@127.0.0.1:5432 (BENCH_DATABASE_URL overrides). It is created if missing,
   migrated, given the 2024 facts (seed_2024) and ``python -m bench.generate_scale_data --scale N``
   once; a table ``bench_marker`` in it records what was loaded, so a second run
   goes straight to measuring.
   A database that holds tables but no ``bench_marker`` (the development or test database,
   anything not made here) is refused untouched.
2. The steps, each figure the median of ``--runs`` runs (the load run once):
   api (a year of audits at page_size 100 and 1000, the supplier list at 1000, each against
   psycopg + orjson), portal (start page, audit list, supplier list, the audit with most
   findings; in-process as the secretariat), search (bench/search.py: searches as the secretariat
   and a procurer; issue 18), report (the latest scale year against WeasyPrint
   alone; own process), import (10 000 suppliers from XLSX against COPY; own process), reminders
   (bench/reminders_day.py: the busiest deadline day's reminders and digests, then the same day
   again, which must send nothing; own process; issue 18), load
   (locust, 20 users, at most 60 s, against gunicorn with 2 workers; bench/load.py).
3. Prints the table (Markdown) and writes bench/results/scale-<N>.json with the machine noted
   (scale-<N>-only-<steps>.json for a run of some steps).

Exits 1 if a step fails (the others still run); a missed target is shown in the table only.
The targets are issue 7's, set for scale 20.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import secrets
import subprocess
import sys
import time
import traceback
import warnings
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
STEPS = ("api", "portal", "search", "report", "import", "reminders", "load")
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
# Never benchmarked on: PostgreSQL's own databases and the test databases.
REFUSED_NAMES = {"postgres", "root", "template0", "template1", "test"}
MARKER = "bench_marker"
IMPORT_ROWS = 10_000

# Issue 7's targets (at scale 20).
API_RATIO_MAX = 2.0
PAGE_MS_MAX = 200
REPORT_RATIO_MAX = 1.3
# Issue 18's: one day's reminders at scale 20 within a minute.
REMINDERS_DAY_S_MAX = 60.0
IMPORT_S_MAX = 30
# Issue 18: the check for possible duplicates adds at most 30 % to the import.
DUPLICATE_CHECK_RATIO_MAX = 1.3
# Issue 18's: a search at the median.
SEARCH_MEDIAN_MS_MAX = 200


# The database --------------------------------------------------------------------------------


def scale_label(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def bench_database_url(scale: float) -> str:
    return (
        os.environ.get("BENCH_DATABASE_URL")
        or f"{DEFAULT_SERVER}/hallbar_bench_s{scale_label(scale)}"
    )


def _database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def _development_database_names() -> set[str]:
    """The database names DATABASE_URL points to, in the environment and in .env."""
    urls = [os.environ.get("DATABASE_URL", "")]
    env_file = ROOT / ".env"
    if env_file.exists():
        urls += [
            line.split("=", 1)[1].strip().strip("'\"")
            for line in env_file.read_text().splitlines()
            if line.strip().startswith("DATABASE_URL=")
        ]
    return {_database_name(url) for url in urls if url.startswith(("postgres", "psql"))}


def check_database_url(url: str) -> str:
    """The database name, if the URL may be benchmarked on; else SystemExit with the reason."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"The bench runs on PostgreSQL; {parsed.scheme}:// is not that.")
    name = _database_name(url)
    if not name or name in REFUSED_NAMES or name.startswith("test_"):
        sys.exit(f"Refused: {name!r} is not a scratch database for the bench.")
    if name in _development_database_names():
        sys.exit(f"Refused: {name!r} is the development database (DATABASE_URL).")
    return name


def prepare_database(url: str) -> bool:
    """Create the database if missing and mark it as the bench's. Returns whether it was made.
    Refuses (SystemExit) a database with tables but no marker: it is not the bench's."""
    import psycopg
    from psycopg import sql

    name = _database_name(url)
    server = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(url, autocommit=True) as conn:
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        }
        if tables and MARKER not in tables:
            sys.exit(
                f"Refused: the database {name!r} holds {len(tables)} tables but was not made by "
                f"the bench (no {MARKER} table). Name another with BENCH_DATABASE_URL."
            )
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} "
            "(key text PRIMARY KEY, value jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())"
        )
    return not exists


def _marker(key: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {MARKER} WHERE key = %s", [key])
        row = cursor.fetchone()
    return json.loads(row[0]) if row and isinstance(row[0], str) else (row[0] if row else None)


def _set_marker(key: str, value) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MARKER} (key, value) VALUES (%s, %s::jsonb) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, at = now()",
            [key, json.dumps(value)],
        )


def load_scale_data(scale: float, seed: int, env: dict) -> dict:
    """generate_scale_data --scale N, unless the marker says that scale and seed are loaded
    (and the latest year's synthetic audits are there)."""
    from audits.models import Audit
    from bench.scale_data import FIRST_YEAR, YEARS

    latest = FIRST_YEAR + YEARS - 1
    wanted = {"scale": scale, "seed": seed, "first_year": FIRST_YEAR}
    loaded = _marker("scale_data")
    if (
        loaded
        and {key: loaded.get(key) for key in wanted} == wanted
        and Audit.objects.filter(year=latest, is_synthetic=True).exists()
    ):
        return {**loaded, "loaded_now": False}
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.generate_scale_data",
            "--scale",
            f"{scale:g}",
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"generate_scale_data failed:\n{result.stdout}\n{result.stderr}")
    value = {**wanted, "seconds": round(time.perf_counter() - start, 1), "output": result.stdout}
    _set_marker("scale_data", value)
    return {**value, "loaded_now": True}


# The machine ---------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "ram_gb": ram_gb,
        "postgresql": postgres,
        "python": platform.python_version(),
        "os": platform.platform(),
        "commit": commit,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


# The steps -----------------------------------------------------------------------------------


def row(
    step, case, value, *, baseline="", ratio=None, queries=None, peak_mb=None, target="", met=None
):
    return {
        "step": step,
        "case": case,
        "value": value,
        "baseline": baseline,
        "ratio": ratio,
        "queries": queries,
        "peak_mb": peak_mb,
        "target": target,
        "met": met,
    }


def step_api(ctx) -> tuple[dict, list[dict]]:
    from bench.api_audits import measure, raw_audits_page, raw_suppliers_page, token_client

    client = token_client(ctx["user"])
    year, runs = ctx["year"], ctx["runs"]
    cases = [
        (
            f"audits of {year}, page_size 100",
            f"/api/v1/audits/?year={year}&page_size=100",
            lambda: raw_audits_page(100, year),
            None,
        ),
        (
            f"audits of {year}, page_size 1000",
            f"/api/v1/audits/?year={year}&page_size=1000",
            lambda: raw_audits_page(1000, year),
            API_RATIO_MAX,
        ),
        (
            "suppliers, page_size 1000",
            "/api/v1/suppliers/?page_size=1000",
            lambda: raw_suppliers_page(1000),
            API_RATIO_MAX,
        ),
    ]
    figures, rows = {}, []
    for case, url, raw, limit in cases:
        result = measure(client, url, raw, runs)
        if ctx["profile"]:
            from bench.portal import profile

            profile(client, url, RESULTS / "profiles" / f"api-{len(figures)}.html")
        figures[case] = {"url": url, **result}
        rows.append(
            row(
                "api",
                f"{case} ({result['rows']} rows, {result['kb']} kB)",
                f"{result['api_ms']:g} ms",
                baseline=f"{result['raw_ms']:g} ms",
                ratio=result["ratio"],
                queries=result["queries"],
                target=f"ratio ≤ {limit:g}" if limit else "",
                met=None if limit is None else result["ratio"] <= limit,
            )
        )
    return figures, rows


def step_portal(ctx) -> tuple[dict, list[dict]]:
    from bench.portal import logged_in_client, measure_page, portal_pages

    client = logged_in_client(ctx["user"])
    figures, rows = {}, []
    for n, (case, path) in enumerate(portal_pages()):
        profile_to = RESULTS / "profiles" / f"portal-{n}.html" if ctx["profile"] else None
        result = measure_page(client, path, ctx["runs"], profile_to)
        figures[case] = result
        rows.append(
            row(
                "portal",
                f"{case} ({result['kb']} kB)",
                f"{result['ms']:g} ms",
                queries=result["queries"],
                target=f"≤ {PAGE_MS_MAX} ms",
                met=result["ms"] <= PAGE_MS_MAX,
            )
        )
    return figures, rows


def step_search(ctx) -> tuple[dict, list[dict]]:
    """Issue 18's target: a search answers within 200 ms at the median (at scale 20)."""
    import statistics

    from bench.search import measure_searches

    figures, rows = {}, []
    for case, result in measure_searches(ctx["user"], ctx["runs"]):
        figures[case] = result
        rows.append(
            row(
                "search",
                f"{case} ({result['kb']} kB)",
                f"{result['ms']:g} ms",
                queries=result["queries"],
                target=f"≤ {PAGE_MS_MAX} ms",
                met=result["ms"] <= PAGE_MS_MAX,
            )
        )
    median = round(statistics.median(r["ms"] for r in figures.values()), 1)
    figures["median of the cases"] = {"ms": median}
    rows.append(
        row(
            "search",
            f"median of the {len(rows)} searches",
            f"{median:g} ms",
            target=f"≤ {SEARCH_MEDIAN_MS_MAX} ms",
            met=median <= SEARCH_MEDIAN_MS_MAX,
        )
    )
    return figures, rows


def _script_json(args: list[str], env: dict) -> dict:
    """Run a bench script in a process of its own; its last output line is a JSON object."""
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} ended with {result.returncode}:\n{result.stderr[-2000:]}"
        )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args)} printed no JSON:\n{result.stdout[-2000:]}")
    return json.loads(lines[-1])


def step_report(ctx) -> tuple[dict, list[dict]]:
    year = ctx["year"]
    result = _script_json(
        ["bench/report.py", "--year", str(year), "--runs", str(ctx["runs"])], ctx["env"]
    )
    return result, [
        row(
            "report",
            f"report {year} ({result['pages']} pages; "
            f"data and HTML {result['data_and_html_s']:g} s)",
            f"{result['build_s']:g} s",
            baseline=f"{result['weasyprint_s']:g} s",
            ratio=result["ratio"],
            peak_mb=result["peak_mb"],
            target=f"ratio ≤ {REPORT_RATIO_MAX:g}",
            met=result["ratio"] <= REPORT_RATIO_MAX,
        )
    ]


def step_reminders(ctx) -> tuple[dict, list[dict]]:
    """The busiest deadline day's reminders (bench/reminders_day.py), first run and again."""
    result = _script_json(["bench/reminders_day.py"], ctx["env"])
    return result, [
        row(
            "reminders",
            f"day {result['day']}: {result['reminders_made']} reminders, "
            f"{result['digests_sent']} digests (again: {result['rerun_sent']} sent, "
            f"{result['rerun_seconds']:g} s)",
            f"{result['seconds']:g} s",
            target=f"≤ {REMINDERS_DAY_S_MAX:g} s",
            met=result["seconds"] <= REMINDERS_DAY_S_MAX and result["rerun_sent"] == 0,
        )
    ]


def step_import(ctx) -> tuple[dict, list[dict]]:
    result = _script_json(
        [
            "bench/import_suppliers.py",
            "--rows",
            str(IMPORT_ROWS),
            "--runs",
            str(ctx["runs"]),
            "--no-setup",
        ],
        ctx["env"],
    )
    return result, [
        row(
            "import",
            f"{result['rows']:,} suppliers from XLSX ({result['xlsx_kb']} kB)".replace(",", " "),
            f"{result['import_s']:g} s",
            baseline=f"{result['copy_s']:g} s",
            ratio=result["ratio"],
            peak_mb=result["peak_mb"],
            target=f"≤ {IMPORT_S_MAX} s",
            met=result["import_s"] <= IMPORT_S_MAX,
        ),
        row(
            "import",
            f"the duplicate check against {result['register_suppliers']:,} suppliers "
            f"({result['rows_marked_as_possible_duplicates']} rows marked)".replace(",", " "),
            f"{result['import_s']:g} s",
            baseline=f"{result['import_without_duplicate_check_s']:g} s",
            ratio=result["duplicate_check_ratio"],
            target=f"ratio ≤ {DUPLICATE_CHECK_RATIO_MAX}",
            met=result["duplicate_check_ratio"] <= DUPLICATE_CHECK_RATIO_MAX,
        ),
    ]


def step_load(ctx) -> tuple[dict, list[dict]]:
    from audits.models import Audit
    from bench.load import redis_answers, run_load
    from bench.portal import audit_with_most_findings

    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    audit_ids = list(
        Audit.objects.filter(year=ctx["year"]).order_by("pk").values_list("pk", flat=True)[:50]
    )
    audit_ids.append(audit_with_most_findings()[0])
    result = run_load(
        user=ctx["user"],
        database_url=ctx["database_url"],
        secret_key=ctx["secret_key"],
        year=ctx["year"],
        audit_ids=audit_ids,
        results_dir=RESULTS,
        seconds=ctx["load_seconds"],
        users=ctx["load_users"],
        redis_url=redis_url if redis_answers(redis_url) else None,
    )
    return result, [
        row(
            "load",
            f"{result['users']} users, {result['seconds']} s, gunicorn 2 workers "
            f"({result['requests']} requests)",
            f"p50 {result['p50_ms']:g} ms, p95 {result['p95_ms']:g} ms, "
            f"{result['rps']:g} req/s, {result['failures']} errors",
            peak_mb=result["gunicorn_peak_mb"],
            target="0 errors",
            met=result["failures"] == 0,
        )
    ]


STEP_FUNCTIONS = {
    "api": step_api,
    "portal": step_portal,
    "search": step_search,
    "report": step_report,
    "import": step_import,
    "reminders": step_reminders,
    "load": step_load,
}


# The table -----------------------------------------------------------------------------------

COLUMNS = ("step", "case", "median", "baseline", "ratio", "queries", "peak MB", "target", "met")


def _cell(value) -> str:
    if value is None or value == "":
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "**no**"
    return str(value).replace("|", "\\|")


def render_table(rows: list[dict]) -> str:
    """The rows of a run as one Markdown table."""
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join(" --- " for _ in COLUMNS) + "|",
    ]
    for r in rows:
        cells = [
            r["step"],
            r["case"],
            r["value"],
            r["baseline"],
            r["ratio"],
            r["queries"],
            r["peak_mb"],
            r["target"],
            r["met"],
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


# Main ----------------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Every benchmark of issue 7 on the scale data of one scale, against "
        "PostgreSQL: one Markdown table, and JSON in bench/results/scale-<N>.json.",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="of generate_scale_data (1)")
    parser.add_argument("--seed", type=int, default=1, help="of generate_scale_data (1)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median (5)")
    parser.add_argument(
        "--only",
        default=",".join(STEPS),
        help=f"steps, comma-separated, of {','.join(STEPS)} (all)",
    )
    parser.add_argument(
        "--load-seconds", type=int, default=60, help="length of the load run, 1–60 (60)"
    )
    parser.add_argument("--load-users", type=int, default=20, help="locust users (20)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also write a pyinstrument profile of every API call and page to "
        "bench/results/profiles/",
    )
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown or not steps:
        parser.error(f"--only takes {', '.join(STEPS)}; not {', '.join(unknown) or 'nothing'}")
    args.steps = [s for s in STEPS if s in steps]
    if args.scale <= 0:
        parser.error("--scale must be above 0")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not 1 <= args.load_seconds <= 60:
        parser.error("--load-seconds must be 1 to 60")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    database_url = bench_database_url(args.scale)
    name = check_database_url(database_url)
    created = prepare_database(database_url)
    secret_key = secrets.token_urlsafe(50)
    # This process and every process it starts work on the bench database only, with DEBUG off
    # (no query log) and the in-process cache; gunicorn gets the production settings.
    for key in [k for k in os.environ if k.startswith(("DATABASE_", "REDIS_", "CELERY_"))]:
        del os.environ[key]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hallbar.settings.local",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
    )
    env = dict(os.environ)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    # WhiteNoise's note that collectstatic has not run: the in-process steps serve no files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    print(f"bench: database {name}{' (made now)' if created else ''}", file=sys.stderr)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_2024", verbosity=0, stdout=io.StringIO())
    print(f"bench: generate_scale_data --scale {args.scale:g} …", file=sys.stderr)
    scale_data = load_scale_data(args.scale, args.seed, env)
    setup_s = round(time.perf_counter() - started, 1)

    from bench.common import bench_secretariat
    from bench.scale_data import FIRST_YEAR, YEARS
    from organisations.models import ApiToken

    user = bench_secretariat()
    ApiToken.objects.filter(user=user, name__startswith="bench-").delete()
    ctx = {
        "user": user,
        "year": FIRST_YEAR + YEARS - 1,
        "runs": args.runs,
        "profile": args.profile,
        "env": env,
        "database_url": database_url,
        "secret_key": secret_key,
        "load_seconds": args.load_seconds,
        "load_users": args.load_users,
    }
    steps, rows, failed = {}, [], []
    for step in args.steps:
        print(f"bench: {step} …", file=sys.stderr)
        start = time.perf_counter()
        try:
            figures, step_rows = STEP_FUNCTIONS[step](ctx)
        except Exception as error:
            traceback.print_exc()
            failed.append(step)
            steps[step] = {"error": f"{type(error).__name__}: {error}"}
            rows.append(row(step, f"FAILED: {type(error).__name__}: {error}"[:200], ""))
            continue
        steps[step] = {"seconds": round(time.perf_counter() - start, 1), "figures": figures}
        rows.extend(step_rows)
    table = render_table(rows)
    result = {
        "scale": args.scale,
        "seed": args.seed,
        "database": name,
        "runs": args.runs,
        "year": ctx["year"],
        "machine": machine(),
        "setup": {
            "seconds": setup_s,
            "scale_data_loaded_now": scale_data["loaded_now"],
            "scale_data_seconds": scale_data.get("seconds"),
        },
        "targets_note": "Issue 7's targets are set for scale 20.",
        "steps": steps,
        "rows": rows,
        "failed": failed,
        "table": table,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    # A run of some steps only does not replace the JSON of a whole run.
    partial = "" if args.steps == list(STEPS) else "-only-" + "-".join(args.steps)
    out = RESULTS / f"scale-{scale_label(args.scale)}{partial}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    m = result["machine"]
    print(
        f"\n## make bench SCALE={args.scale:g} — {m['date']}, {m['cores']} cores, {m['cpu']}, "
        f"{m['ram_gb']} GB, PostgreSQL {m['postgresql']}, Python {m['python']}\n"
    )
    print(table)
    print(
        f"\nMedians of {args.runs} runs (load: one run). Targets are issue 7's, for scale 20. "
        f"JSON: {out.relative_to(ROOT)}"
    )
    if failed:
        print(f"\nFailed steps: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
