"""`make bench` (bench/run.py): its command line, its table, and its refusal of any database that
is not a scratch one of its own. The benchmarks themselves run only with `make bench`."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench import run

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_the_options():
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for option in ("--scale", "--runs", "--only", "--load-seconds", "--profile"):
        assert option in result.stdout


def test_the_scale_generator_has_its_own_entry_point():
    """bench/ sits above the apps: its generator runs as `python -m bench.generate_scale_data`,
    with manage.py's messages and exit status, and is no app's management command."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.generate_scale_data", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for option in ("--scale", "--seed", "--first-year"):
        assert option in result.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "bench.generate_scale_data", "--scale", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1
    assert "CommandError" in refused.stderr
    manage = subprocess.run(
        [sys.executable, "manage.py", "help", "generate_scale_data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert manage.returncode != 0


def test_steps_are_chosen_and_bad_arguments_refused(capsys):
    args = run.parse_args(["--scale", "1", "--only", "portal,api"])
    assert args.steps == ["api", "portal"]  # always in the bench's own order
    assert run.parse_args([]).steps == list(run.STEPS)
    for bad in (
        ["--only", "api,speed"],
        ["--load-seconds", "61"],
        ["--runs", "0"],
        ["--scale", "0"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            run.parse_args(bad)
        assert exit_info.value.code == 2
    assert (
        "--only takes api, portal, search, report, import, reminders, load; not speed"
        in capsys.readouterr().err
    )


def test_database_names_per_scale(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    assert run.bench_database_url(1) == "postgres://postgres@127.0.0.1:5432/hallbar_bench_s1"
    assert run.bench_database_url(0.05).endswith("/hallbar_bench_s0_05")
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mine")
    assert run.bench_database_url(20).endswith("/mine")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgres://postgres@127.0.0.1:5432/test", "not a scratch database"),
        ("postgres://postgres@127.0.0.1:5432/test_hallbar", "not a scratch database"),
        ("postgres://postgres@127.0.0.1:5432/postgres", "not a scratch database"),
        ("sqlite:///db.sqlite3", "runs on PostgreSQL"),
        ("postgres://postgres@127.0.0.1:5432/hallbar_dev", "the development database"),
    ],
)
def test_refuses_databases_that_are_not_the_benchs(monkeypatch, url, reason):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hallbar_dev")
    with pytest.raises(SystemExit) as exit_info:
        run.check_database_url(url)
    assert reason in str(exit_info.value.code)


def test_a_scratch_name_is_accepted(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = "postgres://postgres@127.0.0.1:5432/hallbar_bench_s1"
    assert run.check_database_url(url) == "hallbar_bench_s1"


@pytest.mark.django_db
def test_a_database_with_tables_but_no_marker_is_left_untouched():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    with pytest.raises(SystemExit) as exit_info:
        run.prepare_database(url)
    assert "was not made by the bench (no bench_marker table)" in str(exit_info.value.code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_marker')")
        assert cursor.fetchone()[0] is None


def test_table_shows_figures_targets_and_failures():
    rows = [
        run.row(
            "api",
            "audits of 2040, page_size 1000 (100 rows, 69 kB)",
            "15.9 ms",
            baseline="3.3 ms",
            ratio=4.8,
            queries=9,
            target="ratio ≤ 2",
            met=False,
        ),
        run.row("portal", "start page (12 kB)", "52.6 ms", queries=13, target="≤ 200 ms", met=True),
        run.row("load", "FAILED: RuntimeError: locust | ended", ""),
    ]
    assert run.render_table(rows).splitlines() == [
        "| step | case | median | baseline | ratio | queries | peak MB | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| api | audits of 2040, page_size 1000 (100 rows, 69 kB) | 15.9 ms | 3.3 ms | 4.8 | 9 "
        "|  | ratio ≤ 2 | **no** |",
        "| portal | start page (12 kB) | 52.6 ms |  |  | 13 |  | ≤ 200 ms | yes |",
        "| load | FAILED: RuntimeError: locust \\| ended |  |  |  |  |  |  |  |",
    ]
