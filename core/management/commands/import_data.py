"""python manage.py import_data RESOURCE FILE [--dry-run] --user USERNAME

Imports a CSV or XLSX file into a register, all rows or none, through the same checks and
services as the portal's import page. Prints every error with its row and column and exits 1
when any row is bad (nothing saved); 2 for a wrong argument.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.imports import import_dataset
from core.resources import REGISTRY
from core.spreadsheets import SpreadsheetError, read_table


class Command(BaseCommand):
    help = "Import a CSV or XLSX file into a register: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("resource", help="suppliers, sites, agreements, …")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and show what would change; save nothing."
        )
        parser.add_argument(
            "--user",
            help="The account the import is made as: its rights apply and history names it.",
        )

    def handle(self, *args, resource, file, dry_run, user, **options):
        resource_class = REGISTRY.get(resource)
        if resource_class is None:
            raise CommandError(
                _("Unknown register “%(name)s”; choose one of: %(names)s.")
                % {"name": resource, "names": ", ".join(sorted(REGISTRY))},
                returncode=2,
            )
        if not user:
            raise CommandError(
                _("Give --user USERNAME: the import is recorded in history under that account."),
                returncode=2,
            )
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(_("No active user “%(user)s”.") % {"user": user}, returncode=2)
        if not file.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file}, returncode=2)
        try:
            dataset = read_table(file.name, file.read_bytes())
            outcome = import_dataset(
                user=account, resource_class=resource_class, dataset=dataset, dry_run=dry_run
            )
        except SpreadsheetError as error:
            raise CommandError(_("%(file)s: %(error)s") % {"file": file, "error": error}) from None
        except PermissionDenied as error:
            raise CommandError(str(error), returncode=2) from None
        counts = outcome.counts
        summary = (
            _("%(new)d new, %(update)d updated, %(unchanged)d unchanged, %(error)d with errors.")
            % counts
        )
        if not outcome.ok:
            for error in outcome.errors:
                self.stderr.write(f"{file.name}: {error}")
            raise CommandError(
                _("Nothing was saved: %(count)d errors. %(summary)s")
                % {"count": len(outcome.errors), "summary": summary}
            )
        if dry_run:
            self.stdout.write(_("Dry run, nothing saved: %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary}))
