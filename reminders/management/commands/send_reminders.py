"""`python manage.py send_reminders [--date YYYY-MM-DD]`: the daily run for a given day."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import run_day


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--date {text!r} is not a day: write it as YYYY-MM-DD, e.g. 2025-03-14. "
            "Nothing was sent."
        ) from None


class Command(BaseCommand):
    help = (
        "Make the reminders of a day and send the digests due that day (the same as the daily "
        "task). Running a day again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        day = _day(options["date"]) if options["date"] else timezone.localdate()
        result = run_day(day)
        self.stdout.write(
            f"{day:%Y-%m-%d}: {result.made} reminders made, {result.sent} digests sent"
            + (f", {result.resent} resent" if result.resent else "")
        )
