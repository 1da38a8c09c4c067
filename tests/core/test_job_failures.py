"""When Redis or a worker is gone: pages, the API and logging in keep working on the cache's
fallback; ordering a report or a large import answers at once and leaves the job for the sweep,
which sends it once the broker is back; a job whose worker stopped beating is handed on.

The dead Redis is a real closed port on this machine (nothing listens on 127.0.0.1:1)."""

from __future__ import annotations

import datetime
import time
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.utils import timezone

from core.imports import import_job_create, import_jobs_sweep
from core.models import ImportJob
from hallbar.celery import app as celery_app
from reporting.models import ReportJob
from reporting.services import report_job_run, report_jobs_sweep

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHE = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@contextmanager
def broker_gone():
    """The Celery app publishing to a Redis that is not there (and not eager), as in
    production with Redis down; restored afterwards."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = DEAD_REDIS, False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def _age(model, pk, minutes: int, **fields):
    """The job as it would look after ``minutes`` (the sweep leaves fresh jobs alone)."""
    then = timezone.now() - datetime.timedelta(minutes=minutes)
    model.objects.filter(pk=pk).update(modified=then, **fields)


@override_settings(CACHES=DEAD_CACHE)
def test_pages_the_api_and_logging_in_work_with_the_cache_unreachable(world, client, caplog):
    assert client.get("/audits/public/").status_code == 200
    # The API's throttling counts in the cache: anonymous and with a token.
    assert client.get("/api/v1/public-summaries/").status_code == 200
    wrong = client.post("/login/", {"username": "reader", "password": "fel-lösenord"})
    assert wrong.status_code == 200 and "lösenord" in wrong.content.decode().lower()
    right = client.post("/login/", {"username": "reader", "password": "matrix-password-1"})
    assert right.status_code == 302
    assert client.get("/audits/").status_code == 200
    assert "Redis cache unreachable" in caplog.text


@override_settings(CACHES=DEAD_CACHE)
def test_the_login_lock_still_counts_with_the_cache_unreachable(world, client, settings):
    # The failures are counted in the process's memory meanwhile: the lock still holds.
    for _ in range(settings.HALLBAR_LOGIN_FAILURES_PER_USER):
        client.post("/login/", {"username": "reader", "password": "fel"})
    locked = client.post("/login/", {"username": "reader", "password": "matrix-password-1"})
    assert locked.status_code == 429
    assert "misslyckade inloggningar" in locked.content.decode().lower()


def test_a_report_ordered_with_the_broker_gone_is_sent_by_the_sweep(
    world, api_as, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    settings.MEDIA_ROOT = str(tmp_path)
    secretariat = api_as("secretariat")
    with broker_gone():
        began = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            ordered = secretariat.post("/api/v1/reports/", {"year": 2024}, format="json")
        elapsed = time.monotonic() - began
    assert ordered.status_code == 202, ordered.content
    assert elapsed < 10, elapsed  # not the 19 s of Celery's retries
    job = ReportJob.objects.get(pk=ordered.json()["id"])
    assert (job.status, job.task_id) == ("queued", "")
    assert "Broker unreachable" in caplog.text
    # The sweep leaves a job just ordered to its request; once it has waited, it sends it.
    assert report_jobs_sweep() == {"unsent": 0, "lost": 0, "dead": 0}
    _age(ReportJob, job.pk, minutes=1)
    with broker_gone():
        assert report_jobs_sweep()["unsent"] == 1  # the broker still gone: it keeps waiting
    assert ReportJob.objects.get(pk=job.pk).task_id == ""
    _age(ReportJob, job.pk, minutes=1)
    assert report_jobs_sweep()["unsent"] == 1
    job.refresh_from_db()
    assert job.task_id  # sent: a worker (or, without Redis, this process) builds it
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert job.status == "done"


def test_a_report_whose_worker_stopped_beating_is_handed_on(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    user = world.users["secretariat"]
    stale = timezone.now() - datetime.timedelta(seconds=settings.HALLBAR_JOB_STALE_SECONDS + 60)
    dead = ReportJob.objects.create(year=2024, requested_by=user, status="running", progress=45)
    _age(ReportJob, dead.pk, minutes=10, heartbeat_at=stale, task_id="old-message")
    alive = ReportJob.objects.create(year=2024, requested_by=user, status="running", progress=45)
    _age(ReportJob, alive.pk, minutes=10, heartbeat_at=timezone.now(), task_id="its-message")

    assert report_jobs_sweep()["dead"] == 1
    dead.refresh_from_db()
    assert dead.task_id not in ("", "old-message")  # a new message
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert dead.status == "done"
    else:
        assert (dead.status, dead.progress) == ("queued", 0)
    # The job a live worker beats on is left alone, and its redelivered message is dropped.
    report_job_run(job_id=alive.pk)
    alive.refresh_from_db()
    assert (alive.status, alive.progress, alive.task_id) == ("running", 45, "its-message")


def test_a_large_import_uploaded_with_the_broker_gone_is_sent_by_the_sweep(
    world, settings, django_capture_on_commit_callbacks
):
    settings.HALLBAR_IMPORT_SYNC_ROWS = 2
    data = "name,country\n" + "".join(f"Köleverantör {n},SE\n" for n in range(5))
    with broker_gone(), django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            user=world.users["secretariat"],
            resource_name="suppliers",
            name="kö.csv",
            data=data.encode(),
        )
    assert (job.status, job.task_id) == ("checking", "")
    _age(ImportJob, job.pk, minutes=1)
    assert import_jobs_sweep()["unsent"] == 1
    job.refresh_from_db()
    assert job.task_id
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert job.status == "previewed"
