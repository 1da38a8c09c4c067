"""python manage.py seed_2024: load every fact of the 2024 activity report, idempotently."""

from django.core.management.base import BaseCommand

from reporting.seed.loader import load_2024


class Command(BaseCommand):
    help = "Load the facts of the 2024 activity report (verksamhetsrapport). Safe to run again."

    def handle(self, *args, **options):
        summary = load_2024()
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        for label, counts in summary.items():
            for outcome, number in counts.items():
                totals[outcome] += number
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {label}: {counts}")
        self.stdout.write(
            self.style.SUCCESS(
                "2024 data loaded: {created} created, {updated} updated, "
                "{unchanged} unchanged.".format(**totals)
            )
        )
