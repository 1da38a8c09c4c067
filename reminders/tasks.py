"""The daily run, as Celery beat starts it (CELERY_BEAT_SCHEDULE in the settings)."""

import datetime

from celery import shared_task
from django.utils import timezone

from reminders.services import run_day


@shared_task(name="reminders.tasks.send_reminders")
def send_reminders(day: str | None = None) -> dict:
    """Make the reminders of ``day`` (ISO date; today by default) and send the due digests."""
    on = datetime.date.fromisoformat(day) if day else timezone.localdate()
    result = run_day(on)
    return {
        "day": on.isoformat(),
        "made": result.made,
        "sent": result.sent,
        "resent": result.resent,
    }
