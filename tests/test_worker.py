"""Jobs on a real Celery worker over Redis, as in production.

- The report: a job ordered through the API ends done with one PDF; a worker killed with SIGKILL
  in the middle of rendering leaves the job to another worker, which finishes it, still with
  exactly one PDF.
- An import too large to check in the request: the worker checks it, then imports it on
  confirmation, all rows in one transaction.

Needs PostgreSQL and Redis (the worker is another process and must see the test database); the
SQLite pass skips it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from reporting.models import ReportJob
from tests.helpers import empty_broker

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="a real worker needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
    ),
]

# Short limits so the test does not wait the production 40 minutes for Redis to hand the dead
# worker's message on; the visibility timeout stays above the hard time limit, as the settings
# require. The 2024 report renders in about 3 s.
TIME_LIMIT = 20
VISIBILITY_TIMEOUT = 25
WAIT = 120
# A running job beats every second; after 5 s without a beat its worker is taken for dead.
HEARTBEAT, STALE = 1, 5


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


class Worker:
    """One `celery worker` process on the tests' queue, reading the test database."""

    def __init__(self, name: str, log: Path, **extra_env: str):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hallbar.settings.test",
            "DATABASE_URL": _database_url(),
            "HALLBAR_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
            "CELERY_TASK_SOFT_TIME_LIMIT": str(TIME_LIMIT - 5),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "HALLBAR_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "HALLBAR_JOB_STALE_SECONDS": str(STALE),
            **extra_env,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hallbar",
                "worker",
                "--pool=solo",  # the task runs in this very process: SIGKILL kills the job
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
                "-n",
                f"{name}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(transactional_db, tmp_path, settings):
    """start(name) → a running worker; every one is stopped before the database is flushed."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    empty_broker()  # what a killed worker of an earlier test or run left would be for gone rows
    started: list[Worker] = []

    def start(name: str, **extra_env: str) -> Worker:
        worker = Worker(name, tmp_path / f"{name}.log", **extra_env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _wait_for(job_id: int, done, what: str, workers_started) -> ReportJob:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if done(job):
            return job
        time.sleep(0.05)
    logs = "\n".join(w.log.read_text(errors="replace")[-3000:] for w in workers_started)
    pytest.fail(f"job {job_id} never {what} (status {job.status}, {job.progress} %)\n{logs}")


def _pdfs(year: int) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(year)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_real_worker_builds_the_job_and_a_killed_one_leaves_it_to_another(workers, api_as):
    call_command("seed_2024", verbosity=0)
    secretariat = api_as("secretariat")
    first = workers("first")

    # 1. Ordered over the API: 202 and the job's URL; the worker builds exactly one PDF.
    ordered = secretariat.post(reverse("api:reportjob-list"), {"year": 2024}, format="json")
    assert ordered.status_code == 202, ordered.content
    job_url = ordered["Location"]
    job_id = ordered.json()["id"]
    job = _wait_for(job_id, lambda j: j.status in ("done", "failed"), "finished", [first])
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert job.task_id  # the id of the message the worker took
    shown = secretariat.get(job_url).json()
    assert shown["status"] == "done"
    pdf = secretariat.get(reverse("api:reportjob-pdf", args=[job_id]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert _pdfs(2024) == [f"verksamhetsrapport-2024-{job_id}.pdf"]

    # 2. A second job; its worker is killed (SIGKILL, no clean-up) while WeasyPrint renders.
    ordered = secretariat.post(reverse("api:reportjob-list"), {"year": 2024}, format="json")
    assert ordered.status_code == 202, ordered.content
    second_id = ordered.json()["id"]
    running = _wait_for(
        second_id,
        lambda j: j.status == "running" and j.progress >= 45,  # 45 %: rendering has begun
        "started rendering",
        [first],
    )
    first.kill()
    assert running.status == "running"
    time.sleep(1)
    killed = ReportJob.objects.get(pk=second_id)
    assert (killed.status, killed.pdf.name) == ("running", "")  # the dead worker left it open
    assert f"verksamhetsrapport-2024-{second_id}.pdf" not in _pdfs(2024)

    # 3. Redis hands the unacknowledged message on once the visibility timeout has passed since
    # it was delivered. A worker scans for such messages when it starts (and then only every
    # few minutes), so the next worker starts after that: as a restarted container would.
    delivered = running.started_at.timestamp()
    time.sleep(max(0.0, delivered + VISIBILITY_TIMEOUT + 1 - time.time()))
    second = workers("second")
    job = _wait_for(second_id, lambda j: j.status in ("done", "failed"), "finished", [second])
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert job.started_at == killed.started_at  # the same job carried on, not a new one
    assert job.snapshot["audits"]["total"] == 69
    assert _pdfs(2024) == sorted(
        [f"verksamhetsrapport-2024-{job_id}.pdf", f"verksamhetsrapport-2024-{second_id}.pdf"]
    )
    assert ReportJob.objects.count() == 2
    # The same message (the task id the job recorded) ran to its end on the second worker.
    finished = rf"build_report\[{re.escape(job.task_id)}\] succeeded in [0-9.]+s: {second_id}\b"
    assert re.search(finished, second.log.read_text())
    assert not re.search(finished, first.log.read_text())


def test_a_large_import_is_checked_and_imported_by_the_worker(workers, world, settings):
    from core.imports import ImportOutcome, import_job_confirm, import_job_create
    from core.models import ImportJob
    from suppliers.models import Supplier

    rows = settings.HALLBAR_IMPORT_SYNC_ROWS + 500
    data = "name,country\n" + "".join(f"Arbetarleverantör {n:05d},SE\n" for n in range(rows))
    user = world.users["secretariat"]
    workers("importer")
    job = import_job_create(
        user=user, resource_name="suppliers", name="stor.csv", data=data.encode()
    )
    assert job.status == "checking"  # too large for the request: the worker checks it

    def wait(status: str) -> ImportJob:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            job_now = ImportJob.objects.get(pk=job.pk)
            if job_now.status in (status, "failed"):
                return job_now
            time.sleep(0.1)
        pytest.fail(f"the import never reached {status}")

    checked = wait("previewed")
    assert ImportOutcome.from_dict(checked.outcome).counts["new"] == rows
    assert not Supplier.objects.filter(name__startswith="Arbetarleverantör").exists()
    import_job_confirm(user=user, job=checked)
    done = wait("done")
    assert (done.status, done.progress) == ("done", 100)
    assert Supplier.objects.filter(name__startswith="Arbetarleverantör").count() == rows
    record = Supplier.history.filter(name="Arbetarleverantör 00000").get()
    assert record.history_user == user


def test_a_job_of_a_dead_worker_is_handed_on_by_the_sweep_within_seconds(workers, api_as, settings):
    """The whole worker dies (the machine, a container killed): no message comes back before
    the visibility timeout, but the job stops beating and the sweep (Celery beat, every
    minute) sends it again, to the next worker."""
    from reporting.services import report_jobs_sweep

    settings.HALLBAR_JOB_STALE_SECONDS = STALE
    call_command("seed_2024", verbosity=0)
    secretariat = api_as("secretariat")
    # Redis would give the dead worker's message back only after five minutes: whatever
    # finishes the job within WAIT is the sweep's message.
    patient = {"CELERY_VISIBILITY_TIMEOUT": "300"}
    first = workers("first", **patient)
    ordered = secretariat.post(reverse("api:reportjob-list"), {"year": 2024}, format="json")
    assert ordered.status_code == 202, ordered.content
    job_id = ordered.json()["id"]
    running = _wait_for(
        job_id, lambda j: j.status == "running" and j.progress >= 45, "started rendering", [first]
    )
    first.kill()
    # While the job beat recently, the sweep leaves it to its worker.
    assert report_jobs_sweep()["dead"] == 0
    time.sleep(STALE + 1)
    assert report_jobs_sweep()["dead"] == 1
    second = workers("second", **patient)
    job = _wait_for(job_id, lambda j: j.status in ("done", "failed"), "finished", [second])
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    # Handed on by the sweep's new message, not the dead worker's.
    assert job.task_id != running.task_id
    finished = rf"build_report\[{re.escape(job.task_id)}\] succeeded in [0-9.]+s: {job_id}\b"
    assert re.search(finished, second.log.read_text())
    assert _pdfs(2024) == [f"verksamhetsrapport-2024-{job_id}.pdf"]
