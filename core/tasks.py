"""Celery tasks of core: thin, they take an id and call a service."""

from celery import shared_task

from core.imports import import_job_run, import_jobs_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id: int) -> int:
    """Check or import one uploaded file (core.imports.import_job_run); all rows or none."""
    return import_job_run(job_id=job_id).pk


@shared_task(ignore_result=True)
def sweep_import_jobs() -> dict:
    """Every minute (Celery beat): send again the import jobs the broker or a worker lost."""
    return import_jobs_sweep()
