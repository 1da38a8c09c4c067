"""The bounded load run of `make bench`: locust against gunicorn on the bench database.

``run_load(...)`` (called by bench/run.py, with Django set up on the bench database):

1. makes the credentials in that database: one logged-in session and one API token of the bench
   secretariat account per simulated user;
2. collects the static files into bench/results/.staticfiles with the production settings
   (WhiteNoise's compressed, hashed files, as the image does), unless they are up to date;
3. starts ``gunicorn hallbar.wsgi --workers 2`` on a free port of 127.0.0.1 with
   ``hallbar.settings.production`` (DEBUG off, ALLOWED_HOSTS 127.0.0.1 and localhost, secure
   cookies, HSTS; requests say they came through the TLS proxy) and Redis as cache when it answers;
4. runs locust headless (bench/locustfile.py: half portal users, half API users) for at most 60 s,
   samples the memory of gunicorn's processes meanwhile, stops gunicorn, and reads locust's CSV.

Everything listens on and talks to loopback only. Locust runs on the same two cores as gunicorn
and PostgreSQL, so the figures are a lower bound of what the server alone would do.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAX_SECONDS = 60
HOSTS = "127.0.0.1,localhost"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers PING at ``url`` (redis://host:port/db)."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def credentials(user, count: int) -> tuple[list[str], list[str]]:
    """``count`` session keys and ``count`` API tokens of ``user`` in the bench database."""
    from django.conf import settings
    from django.test import Client

    from organisations.services import api_token_create

    sessions, tokens = [], []
    for n in range(count):
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        _token, raw = api_token_create(user=user, name=f"bench-load-{time.time_ns()}-{n}", days=1)
        tokens.append(raw)
    return sessions, tokens


def server_env(database_url: str, secret_key: str, static_root: Path, redis_url: str | None):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hallbar.settings.production",
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS=HOSTS,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def collect_static(env: dict, static_root: Path) -> None:
    """collectstatic with the production storage (about 45 s here), unless the manifest is newer
    than every source file: the project's static files, pyproject.toml and the install stamps."""
    manifest = static_root / "staticfiles.json"
    sources = [
        *(path for path in (ROOT / "static").rglob("*") if path.is_file()),
        ROOT / "pyproject.toml",
        *BIN.parent.glob(".*stamp"),
    ]
    newest = max((path.stat().st_mtime for path in sources if path.exists()), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class MemorySampler(threading.Thread):
    """The largest resident memory of a process and its children (together, and the largest
    child alone), sampled every half second."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.total_mb, self.worker_mb = pid, 0.0, 0.0
        self.done = threading.Event()

    def run(self):
        import psutil

        try:
            parent = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.done.wait(0.5):
            try:
                children = parent.children(recursive=True)
                rss = [parent.memory_info().rss] + [c.memory_info().rss for c in children]
            except psutil.NoSuchProcess:
                continue
            self.total_mb = max(self.total_mb, sum(rss) / 2**20)
            self.worker_mb = max(self.worker_mb, max(rss[1:], default=0) / 2**20)


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    request = urllib.request.Request(
        f"{url}/healthz/", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ended at start with code {process.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url}/healthz/ within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn's master stops its workers gracefully
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group that start_new_session made
        process.wait()


def _aggregated(stats_csv: Path) -> tuple[dict, list[dict]]:
    with stats_csv.open(newline="") as file:
        rows = list(csv.DictReader(file))
    by_name = []
    total = None
    for row in rows:
        figures = {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "rps": round(float(row["Requests/s"] or 0), 1),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            by_name.append(figures)
    if total is None:
        raise RuntimeError(f"{stats_csv} holds no Aggregated row")
    return total, by_name


def run_load(
    *,
    user,
    database_url: str,
    secret_key: str,
    year: int,
    audit_ids: list[int],
    results_dir: Path,
    seconds: int = MAX_SECONDS,
    users: int = 20,
    redis_url: str | None = None,
) -> dict:
    if not 1 <= seconds <= MAX_SECONDS:
        raise ValueError(f"The load run lasts 1 to {MAX_SECONDS} s, not {seconds}.")
    results_dir.mkdir(parents=True, exist_ok=True)
    static_root = results_dir / ".staticfiles"
    sessions, tokens = credentials(user, users)
    env = server_env(database_url, secret_key, static_root, redis_url)
    collect_static(env, static_root)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = results_dir / "load-gunicorn.log"
    prefix = results_dir / "load"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "hallbar.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        sampler = MemorySampler(server.pid)
        try:
            _wait_until_up(url, server)
            sampler.start()
            locust_env = {
                **env,
                "BENCH_SESSIONS": ",".join(sessions),
                "BENCH_TOKENS": ",".join(tokens),
                "BENCH_YEAR": str(year),
                "BENCH_AUDIT_IDS": ",".join(str(pk) for pk in audit_ids),
            }
            started = time.perf_counter()
            locust = subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(users),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    url,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--exit-code-on-error",
                    "0",
                ],
                cwd=ROOT,
                env=locust_env,
                capture_output=True,
                text=True,
                timeout=seconds + 120,
            )
            elapsed = time.perf_counter() - started
        finally:
            sampler.done.set()
            _stop(server)
    (results_dir / "load-locust.log").write_text(locust.stdout + locust.stderr)
    if locust.returncode != 0:
        raise RuntimeError(f"locust ended with code {locust.returncode}: {locust.stderr[-500:]}")
    total, by_name = _aggregated(Path(f"{prefix}_stats.csv"))
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open(newline="") as file:
            failures = [
                {"name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
                for row in csv.DictReader(file)
            ][:10]
    return {
        "users": users,
        "seconds": seconds,
        "wall_s": round(elapsed, 1),
        "workers": 2,
        "cache": "redis" if redis_url else "locmem",
        **{key: total[key] for key in ("requests", "failures", "p50_ms", "p95_ms", "rps")},
        "gunicorn_peak_mb": round(sampler.total_mb),
        "worker_peak_mb": round(sampler.worker_mb),
        "by_name": by_name,
        "failure_samples": failures,
    }
