"""One day's reminders at scale: `python bench/reminders_day.py [--date YYYY-MM-DD]` on the bench
database (DATABASE_URL), mails to Django's in-memory backend. Prints JSON: the day, reminders
made, digests sent and the seconds. Issue 18's target: at most 60 s at scale 20.

The day defaults to the synthetic years' busiest deadline day (the day most findings are due).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings.production")


def main(argv=None) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count

    from audits.models import Finding
    from reminders.models import Digest, Reminder
    from reminders.services import run_day

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", type=datetime.date.fromisoformat)
    args = parser.parse_args(argv)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    day = args.date
    if day is None:
        busiest = (
            Finding.objects.filter(is_synthetic=True, deadline__isnull=False)
            .values("deadline")
            .annotate(n=Count("pk"))
            .order_by("-n", "deadline")
            .first()
        )
        day = busiest["deadline"] if busiest else datetime.date.today()
    # The day measured as if for the first time: its reminders and digests from an earlier
    # bench run are removed first (synthetic data only lives in the bench's database).
    Digest.objects.filter(day=day).delete()
    Reminder.objects.filter(day=day).delete()
    started = time.perf_counter()
    result = run_day(day)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = run_day(day)
    rerun = time.perf_counter() - started
    print(
        json.dumps(
            {
                "day": day.isoformat(),
                "reminders_made": result.made,
                "digests_sent": result.sent,
                "seconds": round(seconds, 2),
                "rerun_seconds": round(rerun, 2),
                "rerun_sent": again.sent,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
