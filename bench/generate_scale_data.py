"""python -m bench.generate_scale_data --scale N [--seed S] [--first-year Y]

Ten years of deterministic synthetic data (every row ``is_synthetic``) at a scale: 1 is about
Sweden over ten years, 20 about the Nordic countries (bench/scale_data.py says what exactly).
A rerun with the same arguments replaces the earlier synthetic rows of those years with the same
content. Years holding real facts (seed_2024's 2024) are refused and nothing is written. Prints
the rows made per model and the time it took.

bench/ sits above every app (its generator writes audits, incidents, suppliers…), so this is the
bench's own entry point, run from the repository root, not a management command of an app: the
apps never import bench/. It is still a Django command class, so its arguments, its messages and
its refusals (CommandError, exit status 1) are those of ``manage.py``; the tests run it with
``call_command(Command(), …)``.
"""

import os
import sys

import django
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

if __name__ == "__main__":
    # Run as a script: Django is set up (as manage.py does) before the generator imports models.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings.local")
    django.setup()

from bench.scale_data import FIRST_YEAR, MAX_SCALE, plan, timed_make_scale_data


class Command(BaseCommand):
    help = (
        "Make ten years of synthetic data (is_synthetic) at a scale: 1 ≈ Sweden, 20 ≈ the "
        "Nordic countries. A rerun replaces the earlier synthetic rows of those years."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            required=True,
            help=f"Above 0 and at most {MAX_SCALE}; a decimal is fine (0.05 for tests).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Fixes the content (default 1).")
        parser.add_argument(
            "--first-year",
            type=int,
            default=FIRST_YEAR,
            help=f"The first of the ten years (default {FIRST_YEAR}, beyond any real data).",
        )

    def handle(self, *args, scale, seed, first_year, **options):
        try:
            the_plan = plan(scale, first_year)
        except ValueError as error:
            raise CommandError(str(error)) from None
        years = the_plan.years
        if options["verbosity"]:
            self.stdout.write(
                f"Scale {scale:g}, seed {seed}, {years[0]}–{years[-1]}: "
                f"{the_plan.suppliers} suppliers, {the_plan.audits_a_year} audits and "
                f"{the_plan.incidents_a_year} incidents a year; "
                f"{the_plan.organisations} Nordic organisations lead audits beside the regions."
            )
        try:
            counts, seconds = timed_make_scale_data(scale=scale, seed=seed, first_year=first_year)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if connection.vendor == "postgresql":
            # Fresh planner statistics: without them PostgreSQL plans for the tables as they were
            # before the load (a hash of all 50 000 suppliers where an index lookup is right).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write(_table(counts, seconds))


def _table(counts: dict[str, int], seconds: float) -> str:
    width = max(len(label) for label in [*counts, "model"])
    lines = [f"{'model':<{width}}  {'rows':>9}", f"{'-' * width}  {'-' * 9}"]
    lines += [f"{label:<{width}}  {number:>9,}" for label, number in counts.items()]
    lines += [
        f"{'-' * width}  {'-' * 9}",
        f"{'total':<{width}}  {sum(counts.values()):>9,}",
        f"Made in {seconds:.1f} s.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    Command().run_from_argv(["python -m", "bench.generate_scale_data", *sys.argv[1:]])
