"""Report jobs: the secretariat requests a year's verksamhetsrapport; a worker builds it. A job is a
row (queued → running → done | failed). The Celery task gets only the row's id and calls
``report_job_run``, which is safe to run twice for one job (a redelivered message after a worker
died): a finished job is left alone, and a job's PDF has one fixed name, written over, never a
second file.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.jobs import job_heartbeat, job_is_taken, job_send, jobs_sweep
from core.permissions import get_scope
from reporting.choices import ReportJobStatus
from reporting.consistency import consistency_check
from reporting.models import (
    ReportJob,
)
from reporting.render import render_report_pdf
from reporting.report_data import report_snapshot

logger = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The worker's task (reporting/tasks.py imports this module, never the other way; core/jobs.py).
BUILD_REPORT_TASK = "reporting.tasks.build_report"


def report_pdf_name(job: ReportJob) -> str:
    return f"reports/{job.year}/verksamhetsrapport-{job.year}-{job.pk}.pdf"


@transaction.atomic
def report_job_request(*, user, year: int) -> ReportJob:
    """Queue the build of ``year``'s report; the worker starts once the request commits."""
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(_("Only the secretariat builds the activity report."))
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Give a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            },
            code="invalid_year",
        )
    job = ReportJob.objects.create(year=year, requested_by=user)
    transaction.on_commit(lambda: job_send(ReportJob, BUILD_REPORT_TASK, job.pk))
    return job


def report_jobs_sweep(*, now=None) -> dict[str, int]:
    """Send again the report jobs that wait unsent (the broker was down when they were
    ordered), lost their message, or lost their worker (back to queued); core/jobs.py."""
    return jobs_sweep(
        model=ReportJob,
        task=BUILD_REPORT_TASK,
        waiting=[ReportJobStatus.QUEUED],
        running=[ReportJobStatus.RUNNING],
        reset_dead=lambda job: {"status": ReportJobStatus.QUEUED, "progress": 0},
        now=now,
    )


def _progress(job_id: int, progress: int, **fields) -> None:
    ReportJob.objects.filter(pk=job_id).update(progress=progress, modified=timezone.now(), **fields)


def report_job_run(*, job_id: int) -> ReportJob:
    """Build the report of one job: snapshot, consistency check, PDF. Idempotent per job."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ReportJobStatus.DONE:
            return job  # a redelivered message: the PDF exists, make no second one
        if job.status == ReportJobStatus.RUNNING and job_is_taken(job):
            return job  # another worker is building it and beating
        job.status = ReportJobStatus.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.progress, job.error = 5, ""
        job.heartbeat_at = timezone.now()
        job.save(
            update_fields=["status", "started_at", "progress", "error", "heartbeat_at", "modified"]
        )
    try:
        # The report is Swedish whoever orders it (an English-speaking user's request runs the
        # task in-process in the embedded default).
        with translation.override("sv"):
            snapshot = report_snapshot(year=job.year)
            _progress(job.pk, 30)
            issues = consistency_check(year=job.year, snapshot=snapshot)
            warnings = [issue.as_dict() for issue in issues]
        _progress(job.pk, 45, warnings=warnings)
        with job_heartbeat(ReportJob, job.pk):
            pdf = render_report_pdf(snapshot, issues=issues)
        _progress(job.pk, 90)
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            name = report_pdf_name(job)
            storage = job.pdf.storage
            if storage.exists(name):
                storage.delete(name)  # an earlier, interrupted run of this job
            job.pdf.name = storage.save(name, ContentFile(pdf))
            job.snapshot = snapshot
            job.warnings = warnings
            job.status = ReportJobStatus.DONE
            job.progress = 100
            job.finished_at = timezone.now()
            job.heartbeat_at = None
            job.save()
        return job
    except Exception as error:
        logger.exception("Report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJobStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000] or type(error).__name__,
            finished_at=timezone.now(),
            heartbeat_at=None,
            modified=timezone.now(),
        )
        raise
