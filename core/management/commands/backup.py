"""python manage.py backup --output FILE.tar.gz

One archive with the database and the whole MEDIA_ROOT (evidence, report PDFs, instrument
documents), and a manifest to check it by. Why Django's serialisation and not pg_dump, and what
the archive holds: see core/backup.py. Exits 1 with the reason when it cannot write the archive.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, backup, count_files, count_rows


class Command(BaseCommand):
    help = "Write the database and MEDIA_ROOT to one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="The archive to write.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        output = Path(output)
        if output.exists():
            raise CommandError(
                _("%(file)s exists already; give a new name.") % {"file": output}, returncode=2
            )
        if not output.parent.is_dir():
            raise CommandError(_("No folder %(folder)s.") % {"folder": output.parent}, returncode=2)
        try:
            manifest = backup(output, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        rows, files = sum(manifest["counts"].values()), len(manifest["files"])
        self.stdout.write(
            _("%(file)s: %(rows)s, %(files)s.")
            % {"file": output, "rows": count_rows(rows), "files": count_files(files)}
        )
