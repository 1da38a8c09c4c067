"""Celery tasks of reporting: thin, they take an id and call a service."""

from celery import shared_task

from reporting.services import report_job_run, report_jobs_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report(job_id: int) -> int:
    """Build one report job (reporting.services.report_job_run); safe to run again."""
    return report_job_run(job_id=job_id).pk


@shared_task(ignore_result=True)
def sweep_report_jobs() -> dict:
    """Every minute (Celery beat): send again the report jobs the broker or a worker lost."""
    return report_jobs_sweep()
