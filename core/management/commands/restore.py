"""python manage.py restore FILE.tar.gz --yes [--force]

Restores an archive of `manage.py backup`: the database and MEDIA_ROOT. Run `manage.py migrate`
first, with the version of the code that made the archive. Refused, with nothing changed:
a database that already holds data (unless --force), an archive without a valid manifest,
made with other migrations, damaged or truncated, or whose files or rows differ from its
manifest. Media already in MEDIA_ROOT is kept beside it as MEDIA_ROOT.before-restore-<time>.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, count_files, count_rows, restore


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from an archive written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the data."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore onto a database that holds data: all of it is replaced.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, yes, force, database, **options):
        archive = Path(archive)
        if not yes:
            answer = input(
                _("Restore %(file)s over the database and MEDIA_ROOT? Type 'yes': ")
                % {"file": archive}
            )
            if answer.strip().lower() not in ("yes", "ja"):
                raise CommandError(_("Restore cancelled; nothing changed."), returncode=2)
        try:
            summary = restore(archive, force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored %(rows)s and %(files)s from the backup of %(created)s.")
            % {
                "rows": count_rows(summary["rows"]),
                "files": count_files(summary["files"]),
                "created": summary["created"],
            }
        )
        if summary["kept_media"]:
            self.stdout.write(
                _("The media that was there is kept in %(folder)s.")
                % {"folder": summary["kept_media"]}
            )
