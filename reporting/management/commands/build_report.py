"""python manage.py build_report 2024 -o report.pdf: the year's activity report, synchronously.

Takes the snapshot, runs the consistency check, renders the PDF and writes it; prints every
consistency issue (one line each) and the page count. Nothing is corrected and nothing is written
when the year or the output path is bad: the file appears whole (written beside the target and
renamed into place) or not at all.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.consistency import consistency_check
from reporting.render import render_report
from reporting.report_data import report_snapshot

# The collaboration began in 2010; no report can be older. A report of next year is allowed
# (planning), none further ahead.
FIRST_YEAR = 2010


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise CommandError(_("The year must be a number such as 2024, not “%s”.") % value) from None
    last = datetime.date.today().year + 1
    if not FIRST_YEAR <= year <= last:
        raise CommandError(
            _("The year must be between %(first)s and %(last)s, not %(year)s.")
            % {"first": FIRST_YEAR, "last": last, "year": year}
        )
    return year


def _output_path(value: str | None, year: int) -> Path:
    path = Path(value or f"verksamhetsrapport-{year}.pdf").expanduser()
    if path.is_dir():
        raise CommandError(_("The output path %s is a directory; give a file name.") % path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(_("The directory %s does not exist.") % directory)
    if not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(_("Cannot write %s: permission denied.") % path)
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        message = _("Cannot write %(path)s: %(error)s") % {"path": path, "error": error}
        raise CommandError(message) from error


class Command(BaseCommand):
    help = "Build the activity report (verksamhetsrapport) of a year as a PDF, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("year", help="The report's year, e.g. 2024.")
        parser.add_argument(
            "-o",
            "--output",
            help="The PDF file to write (default: verksamhetsrapport-<year>.pdf).",
        )

    def handle(self, *args, **options):
        year = _year(str(options["year"]))
        path = _output_path(options["output"], year)
        started = time.perf_counter()
        # The report is Swedish: the snapshot's labels and the issues are taken in Swedish.
        with translation.override("sv"):
            snapshot = report_snapshot(year=year)
            issues = consistency_check(year=year, snapshot=snapshot)
            rendered = render_report(snapshot, issues=issues)
        _write_atomically(path, rendered.pdf)
        elapsed = time.perf_counter() - started

        if issues:
            self.stdout.write(
                ngettext("%d consistency issue:", "%d consistency issues:", len(issues))
                % len(issues)
            )
            for issue in issues:
                self.stdout.write(f"  [{issue.section}] {issue.code}: {issue.message}")
        else:
            self.stdout.write(_("No consistency issues."))
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(path)s: %(pages)d pages, %(size)d kB in %(seconds).1f s.")
                % {
                    "path": path,
                    "pages": rendered.pages,
                    "size": round(len(rendered.pdf) / 1024),
                    "seconds": elapsed,
                }
            )
        )
