"""Importing a register from a spreadsheet: all rows or none.

``import_dataset`` checks the columns and the file's own consistency (no record named twice),
then runs every row through the register's resource, and so through the app's service, inside
one transaction. A preview (``dry_run``) and any error roll the whole transaction back; only a
file without a single bad row is kept. The outcome lists every row as new, update, unchanged or
error, and every error with its spreadsheet row number (the header is row 1), column (as the file
names it) and reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db_locks import advisory_xact_lock
from core.jobs import job_heartbeat, job_is_taken, job_send, jobs_sweep
from core.models import ImportJob, ImportJobStatus, import_progress_key
from core.permissions import can_add
from core.resources import REGISTRY, PortalResource, validation_messages
from core.spreadsheets import read_table

HEADER_ROWS = 1  # spreadsheet row of the first data row = index (from 1) + HEADER_ROWS


@dataclass
class CellError:
    row: int  # as the spreadsheet numbers it; 0 for the file as a whole
    column: str
    message: str

    def __str__(self):
        if not self.row:
            return self.message
        where = _("row %(row)d") % {"row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class RowOutcome:
    row: int
    kind: str  # new | update | unchanged | error
    label: str = ""
    errors: list[CellError] = field(default_factory=list)
    # What the preview points out without refusing the row (a possible duplicate supplier).
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportOutcome:
    rows: list[RowOutcome] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def errors(self) -> list[CellError]:
        found = [CellError(0, "", message) for message in self.file_errors]
        for row in self.rows:
            found.extend(row.errors)
        return found

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def warning_count(self) -> int:
        return sum(1 for row in self.rows if row.warnings)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.kind] += 1
        return counts

    def as_dict(self) -> dict:
        return {
            "counts": self.counts,
            "saved": self.saved,
            "file_errors": self.file_errors,
            "rows": [asdict(row) for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportOutcome:
        rows = [
            RowOutcome(
                row=row["row"],
                kind=row["kind"],
                label=row.get("label", ""),
                errors=[CellError(**error) for error in row.get("errors", [])],
                warnings=row.get("warnings", []),
            )
            for row in data.get("rows", [])
        ]
        return cls(rows=rows, file_errors=data.get("file_errors", []), saved=data.get("saved"))


def import_check_allowed(*, user, resource_class: type[PortalResource]) -> None:
    """Whoever may not add rows to a register may not import into it either."""
    if not can_add(user, resource_class._meta.model):
        raise PermissionDenied(
            _("You may not import %(register)s.")
            % {"register": resource_class._meta.model._meta.verbose_name_plural}
        )


def _duplicate_errors(resource: PortalResource, dataset: tablib.Dataset) -> list[RowOutcome]:
    seen: dict[tuple, int] = {}
    outcomes = []
    for index, values in enumerate(dataset, start=1):
        row = dict(zip(dataset.headers, values, strict=True))
        key = resource.natural_key(row)
        number = index + HEADER_ROWS
        if not key or not any(key):
            continue
        if key in seen:
            outcomes.append(
                RowOutcome(
                    number,
                    "error",
                    errors=[
                        CellError(
                            number,
                            resource.display_column(resource.natural_key_column(row)),
                            _("The same record as on row %(row)d; a file names each once.")
                            % {"row": seen[key]},
                        )
                    ],
                )
            )
        else:
            seen[key] = number
    return outcomes


def _row_outcome(resource: PortalResource, index: int, row_result) -> RowOutcome:
    number = index + HEADER_ROWS
    kind = {"new": "new", "update": "update", "skip": "unchanged"}.get(
        row_result.import_type, "error"
    )
    outcome = RowOutcome(number, kind, label=row_result.object_repr or "")
    if row_result.validation_error is not None:
        outcome.errors = [
            CellError(number, resource.display_column(column), message)
            for column, message in validation_messages(resource, row_result.validation_error)
        ]
    for error in row_result.errors:
        exc = error.error
        if isinstance(exc, IntegrityError):
            message = _("The register refused the row: %(reason)s") % {
                "reason": str(exc).splitlines()[0]
            }
        elif isinstance(exc, PermissionDenied):
            message = str(exc) or _("You may not change this record.")
        else:
            message = _("The row could not be read: %(reason)s") % {"reason": exc}
        outcome.errors.append(CellError(number, "", message))
    if outcome.errors:
        outcome.kind = "error"
    return outcome


def import_dataset(
    *,
    user,
    resource_class: type[PortalResource],
    dataset: tablib.Dataset,
    dry_run: bool,
    progress=None,
) -> ImportOutcome:
    """Import ``dataset`` into the register: every row or none (see the module docstring)."""
    import_check_allowed(user=user, resource_class=resource_class)
    resource = resource_class(user=user, progress=progress)
    outcome = ImportOutcome()
    # The file's headers (the pages' labels in Swedish or English, or the columns' English
    # names) become the columns' names: every row is then read by the same names.
    columns = resource.read_headers(list(dataset.headers or []))
    outcome.file_errors = resource.header_errors(columns)
    if outcome.file_errors:
        return outcome
    dataset.headers = columns
    if not len(dataset):
        outcome.file_errors = [_("The file has column names but no rows.")]
        return outcome
    duplicates = _duplicate_errors(resource, dataset)
    if duplicates:
        outcome.rows = duplicates
        return outcome
    with transaction.atomic():
        if not dry_run:
            # Two imports into one register run one after the other: the second reads the rows
            # the first made (and finds them unchanged) instead of making them again.
            advisory_xact_lock(f"import:{resource_class._meta.model._meta.label}")
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        outcome.rows = [
            _row_outcome(resource, index, row_result)
            for index, row_result in enumerate(result.rows, start=1)
        ]
        # A resource's remarks on rows it imports (``row_warnings``: the row's index from 1).
        warnings = getattr(resource, "row_warnings", {})
        for row in outcome.rows:
            row.warnings = list(warnings.get(row.row - HEADER_ROWS, []))
        for row in outcome.rows:  # a refused row has no record yet: name it as the file does
            if not row.label and 0 < row.row - HEADER_ROWS <= len(dataset):
                values = dataset[row.row - HEADER_ROWS - 1]
                row.label = resource.row_label(dict(zip(dataset.headers, values, strict=True)))
        for error in result.base_errors:
            outcome.file_errors.append(str(error.error))
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
        else:
            outcome.saved = True
    return outcome


# -- Import jobs: the portal's upload → preview → confirm, on the worker for large files -------


# The worker's task (core/tasks.py imports this module, never the other way; core/jobs.py).
RUN_IMPORT_JOB_TASK = "core.tasks.run_import_job"


def import_job_create(*, user, resource_name: str, name: str, data: bytes):
    """Check the file and keep it for the preview: small files are checked at once, large ones
    by the worker. A file that cannot be read is refused here (SpreadsheetError) and not kept."""
    resource_class = REGISTRY[resource_name]
    import_check_allowed(user=user, resource_class=resource_class)
    dataset = read_table(name, data)
    job = ImportJob(
        resource=resource_name,
        original_name=name[:255],
        requested_by=user,
        total_rows=len(dataset),
    )
    extension = name.rsplit(".", 1)[-1].lower()
    job.file.save(f"import.{extension}", ContentFile(data), save=False)
    job.save()
    if len(dataset) > settings.HALLBAR_IMPORT_SYNC_ROWS:
        _enqueue(job.pk)
    else:
        _job_run(job, dataset=dataset, dry_run=True)
        job.refresh_from_db()
    return job


def import_job_confirm(*, user, job):
    """Import a previewed file for real: at once when small, else on the worker."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.requested_by_id != user.pk:
            raise PermissionDenied(_("Only the person who uploaded the file imports it."))
        if job.status != ImportJobStatus.PREVIEWED or not ImportOutcome.from_dict(job.outcome).ok:
            raise ValidationError(
                _("This file cannot be imported: it is not a checked file without errors."),
                code="invalid_state",
            )
        job.status = ImportJobStatus.QUEUED
        job.progress = 0
        job.save(update_fields=["status", "progress", "modified"])
    if job.total_rows > settings.HALLBAR_IMPORT_SYNC_ROWS:
        _enqueue(job.pk)
    else:
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    transaction.on_commit(lambda: job_send(ImportJob, RUN_IMPORT_JOB_TASK, job_id))


def import_jobs_sweep(*, now=None) -> dict[str, int]:
    """Send again the large files' jobs that wait unsent, lost their message or their worker
    (core/jobs.py). Small files are checked and imported in the request, never queued."""
    return jobs_sweep(
        model=ImportJob,
        task=RUN_IMPORT_JOB_TASK,
        # A large file waits to be checked (checking) or imported (queued); a dead import
        # (running) rolled back and is run again, as is a dead check.
        waiting=[ImportJobStatus.CHECKING, ImportJobStatus.QUEUED],
        running=[ImportJobStatus.RUNNING],
        now=now,
    )


def import_job_run(*, job_id: int):
    """What the worker does with a job: check it (status checking) or import it (queued)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job_is_taken(job):
            return job  # another worker is on it and beating: a redelivered message
        ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
    if job.status in (ImportJobStatus.CHECKING, ImportJobStatus.QUEUED, ImportJobStatus.RUNNING):
        dry_run = job.status == ImportJobStatus.CHECKING
        with job_heartbeat(ImportJob, job.pk, clear_after=True):
            _job_run(job, dataset=None, dry_run=dry_run)
    return job


def _job_run(job, *, dataset, dry_run: bool) -> None:
    if not dry_run:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)
    total = max(job.total_rows, 1)

    def progress(rows_done: int) -> None:
        # The import is one transaction, so a progress column would stay invisible to the
        # page polling it until the end: the figure goes to the cache instead.
        cache.set(import_progress_key(job.pk), min(99, rows_done * 100 // total), 3600)

    try:
        if dataset is None:
            with job.file.open("rb") as handle:
                dataset = read_table(job.original_name, handle.read())
        outcome = import_dataset(
            user=job.requested_by,
            resource_class=REGISTRY[job.resource],
            dataset=dataset,
            dry_run=dry_run,
            progress=progress,
        )
    except Exception as error:  # the job says why; nothing was saved (one transaction)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJobStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    if dry_run:
        status = ImportJobStatus.PREVIEWED
    else:
        status = ImportJobStatus.DONE if outcome.saved else ImportJobStatus.FAILED
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        outcome=outcome.as_dict(),
        progress=100,
        error=""
        if outcome.ok
        else _("%(count)d errors; nothing was imported.") % {"count": len(outcome.errors)},
        finished_at=None if dry_run else timezone.now(),
    )
