"""Background jobs that survive a dead broker and a dead worker.

A job is a row (reporting.ReportJob, core.ImportJob) and a message to the worker. Both can be
lost: Redis may be down when the job is ordered, or restarted without its data; a worker may die
mid-job (SIGKILL, the machine), and Redis would hand its message to another worker only after
the visibility timeout (40 minutes). So:

- ``job_send`` publishes without retrying: with the broker gone it fails in about two seconds,
  logs, and leaves the job waiting, unsent (``task_id`` empty), instead of a request hanging and
  answering 500;
- a running job beats on its row (``heartbeat_at``, ``job_heartbeat``) every
  ``HALLBAR_JOB_HEARTBEAT_SECONDS``;
- ``jobs_sweep``, run every minute by Celery beat, sends again the jobs that wait unsent, whose
  message went missing (``HALLBAR_JOB_RESEND_SECONDS``), and whose worker stopped beating
  (``HALLBAR_JOB_STALE_SECONDS``). The jobs' run functions are safe to run again, and a job that
  beat recently is left to the worker beating (``job_is_taken``).

Tasks and services go one way (HackSoft's order): a task module imports its service and calls
it; a service never imports its tasks. A service that enqueues names the task
(``"reporting.tasks.build_report"``) and ``job_send`` / ``jobs_sweep`` find it in Celery's
registry, where the app's ``AppConfig.ready()`` put it by importing its tasks module, so a task
runs the same in every process: in-process when ``CELERY_TASK_ALWAYS_EAGER`` is on, else sent.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from celery import current_app
from django.conf import settings
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)

BROKER_UNREACHABLE = (BrokerError, RedisConnectionError, ConnectionError, OSError, TimeoutError)
# An unsent job is left this long to the request's own send (after its commit).
UNSENT_GRACE = datetime.timedelta(seconds=30)


def job_task(task):
    """The Celery task of a name (its module's path and function, as Celery names it); a task
    given as such is returned as is. An unknown name raises celery's NotRegistered."""
    return current_app.tasks[task] if isinstance(task, str) else task


def job_send(model, task, pk: int) -> bool:
    """Publish the job's message; False (logged, the job left for the sweep) when the broker
    cannot be reached. ``task`` is the task or its registered name."""
    task = job_task(task)
    try:
        result = task.apply_async(args=(pk,), retry=False)
    except BROKER_UNREACHABLE as error:
        logger.error(
            "Broker unreachable (%s: %s): %s %s waits to be sent by the sweep",
            type(error).__name__,
            error,
            model.__name__,
            pk,
        )
        model.objects.filter(pk=pk).update(task_id="", modified=timezone.now())
        return False
    model.objects.filter(pk=pk).update(task_id=result.id or "-", modified=timezone.now())
    return True


def _stale_before(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.HALLBAR_JOB_STALE_SECONDS)


def job_is_taken(job, now=None) -> bool:
    """Whether another worker beat on this job recently (a redelivered message is dropped)."""
    return job.heartbeat_at is not None and job.heartbeat_at > _stale_before(now)


@contextmanager
def job_heartbeat(model, pk: int, *, clear_after: bool = False):
    """Beat on the job's row now and every HALLBAR_JOB_HEARTBEAT_SECONDS until the block ends
    (from a thread: rendering a PDF is one long call), then clear the beat if ``clear_after``
    (the job is no longer being worked on). In-process runs (no broker) beat once."""
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
    interval = settings.HALLBAR_JOB_HEARTBEAT_SECONDS
    if settings.CELERY_TASK_ALWAYS_EAGER or interval <= 0:
        try:
            yield
        finally:
            if clear_after:
                model.objects.filter(pk=pk).update(heartbeat_at=None)
        return
    stop = threading.Event()

    def beat():
        from django.db import connection as thread_connection

        try:
            while not stop.wait(interval):
                try:
                    if thread_connection.vendor == "postgresql":
                        with thread_connection.cursor() as cursor:
                            cursor.execute("SET lock_timeout = '2s'")
                    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
                except Exception:  # a missed beat is retried; the job itself goes on
                    logger.warning("Heartbeat of %s %s failed", model.__name__, pk, exc_info=True)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
        if clear_after:
            model.objects.filter(pk=pk).update(heartbeat_at=None)


def jobs_sweep(
    *,
    model,
    task,
    waiting: Iterable[str],
    running: Iterable[str],
    reset_dead: Callable[[object], dict] | None = None,
    now=None,
) -> dict[str, int]:
    """Send again the jobs of ``model`` that wait unsent or lost their message, and those of
    ``running`` statuses whose worker stopped beating (``reset_dead(job)`` gives the fields to
    set first, e.g. back to queued). Returns the counts of each."""
    task = job_task(task)
    now = now or timezone.now()
    waiting, running = list(waiting), list(running)
    jobs = model.objects.all()
    unsent = list(
        jobs.filter(status__in=waiting, task_id="", modified__lt=now - UNSENT_GRACE).values_list(
            "pk", flat=True
        )
    )
    resend_before = now - datetime.timedelta(seconds=settings.HALLBAR_JOB_RESEND_SECONDS)
    lost = list(
        jobs.filter(status__in=waiting, modified__lt=resend_before, heartbeat_at__isnull=True)
        .exclude(task_id="")
        .values_list("pk", flat=True)
    )
    stale = _stale_before(now)
    dead = []
    for job in jobs.filter(status__in=running, modified__lt=stale).exclude(heartbeat_at__gte=stale):
        fields = reset_dead(job) if reset_dead else {}
        # Only if nobody took it meanwhile: the same test in the update.
        taken = (
            model.objects.filter(pk=job.pk, status=job.status)
            .exclude(heartbeat_at__gte=stale)
            .update(heartbeat_at=None, task_id="", modified=now, **fields)
        )
        if taken:
            logger.warning("%s %s lost its worker; sent again", model.__name__, job.pk)
            dead.append(job.pk)
    for pk in [*unsent, *lost, *dead]:
        job_send(model, task, pk)
    return {"unsent": len(unsent), "lost": len(lost), "dead": len(dead)}
