"""The day's run: make the day's reminders, then send each person due a digest one mail.

Nothing is sent twice. The reminders of a day are rows, unique per (person, item, subject,
stage, day): a second run of the day, or a run on a later day, makes none again. A digest claims
its reminders (a ``Digest`` row in state *sending* with the Message-ID it will carry, committed)
before the mail goes to the SMTP server, and is marked *sent* right after the server accepted
it. A run that dies before the claim leaves the reminders unclaimed: the next run sends them. A
run that dies between the server's acceptance and the mark (a few milliseconds per mail) leaves
a claimed digest in *sending*: the next run sends that same mail again, with the same
Message-ID, once it is older than ``HALLBAR_REMINDER_RESEND_SECONDS`` (so a run still at work is
not doubled). We prefer a possible second copy, which mail clients recognise by its Message-ID,
to a reminder lost without trace.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass, field
from email.utils import make_msgid

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organisations.models import User
from reminders import selectors
from reminders.choices import DigestState, Frequency
from reminders.models import Digest, Reminder, ReminderPreference

logger = logging.getLogger(__name__)


@dataclass
class DayResult:
    day: datetime.date
    made: int = 0
    sent: int = 0
    resent: int = 0
    recipients: list[str] = field(default_factory=list)


def preference_set(*, user, frequency: str, language: str) -> ReminderPreference:
    """Store how often and in which language the person gets their digest."""
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "language": language}
    )
    return preference


def reminders_make(day: datetime.date) -> int:
    """Save the reminders that fall on ``day``; those already saved stay as they are."""
    drafts = selectors.reminders_of_day(day)
    before = Reminder.objects.filter(day=day).count()
    Reminder.objects.bulk_create(drafts, ignore_conflicts=True, batch_size=1000)
    return Reminder.objects.filter(day=day).count() - before


def _absolute(path: str) -> str:
    return settings.HALLBAR_SITE_URL.rstrip("/") + path


def _message(user, preference, digest: Digest, lines) -> mail.EmailMultiAlternatives:
    with translation.override(preference.language):
        context = {
            "user": user,
            "day": digest.day,
            "entries": [(line, _absolute(line.path)) for line in lines],
            "page_url": _absolute("/reminders/"),
            "weekly": preference.frequency == Frequency.WEEKLY,
        }
        subject = render_to_string("reminders/digest_subject.txt", context).strip()
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", context)
    message = mail.EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.email],
        headers={"Message-ID": digest.message_id},
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(connection, user, preference, digest: Digest) -> bool:
    lines = selectors.entries(user, digest.reminders.all())
    if not lines:
        # Everything in it was settled meanwhile: nothing to say, nothing to send.
        _mark_sent(digest, DigestState.EMPTY)
        return False
    message = _message(user, preference, digest, lines)
    message.connection = connection
    message.send(fail_silently=False)
    _mark_sent(digest)
    return True


def _mark_sent(digest: Digest, state: str = DigestState.SENT) -> None:
    Digest.objects.filter(pk=digest.pk).update(state=state, sent_at=timezone.now())


def _claim(user, day: datetime.date) -> Digest | None:
    """Claim the person's unsent reminders for one digest, in one committed transaction."""
    with transaction.atomic():
        rows = list(
            selectors.unsent(user, day)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if not rows:
            return None
        digest = Digest.objects.create(
            recipient=user,
            day=day,
            email=user.email,
            message_id=make_msgid("reminder", domain=settings.HALLBAR_MAIL_DOMAIN),
            state=DigestState.SENDING,
            claimed_at=timezone.now(),
        )
        Reminder.objects.filter(pk__in=rows, digest__isnull=True).update(digest=digest)
    return digest


def digests_send(day: datetime.date, result: DayResult) -> None:
    """One digest to each person whose digest is due on ``day`` and who has reminders."""
    window = day - datetime.timedelta(days=selectors.WINDOW_DAYS)
    stale_before = timezone.now() - datetime.timedelta(
        seconds=settings.HALLBAR_REMINDER_RESEND_SECONDS
    )
    waiting = set(
        Reminder.objects.filter(digest__isnull=True, day__gt=window, day__lte=day).values_list(
            "recipient_id", flat=True
        )
    )
    stale = set(
        Digest.objects.filter(
            state=DigestState.SENDING, day__lte=day, claimed_at__lte=stale_before
        ).values_list("recipient_id", flat=True)
    )
    preferences = {
        p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=waiting | stale)
    }
    users = User.objects.filter(pk__in=waiting | stale, is_active=True).exclude(email="")
    connection = mail.get_connection()
    with connection:
        for user in users.order_by("pk"):
            preference = preferences.get(user.pk) or ReminderPreference(user=user)
            for digest in Digest.objects.filter(
                recipient=user, state=DigestState.SENDING, claimed_at__lte=stale_before
            ):
                logger.warning("Resending digest %s (its run died while sending)", digest.pk)
                if _send(connection, user, preference, digest):
                    result.resent += 1
            if user.pk not in waiting or not selectors.digest_due(preference, day):
                continue
            digest = _claim(user, day)
            if digest is not None and _send(connection, user, preference, digest):
                result.sent += 1
                result.recipients.append(user.email)
                if settings.HALLBAR_REMINDER_SEND_INTERVAL:
                    time.sleep(settings.HALLBAR_REMINDER_SEND_INTERVAL)


def run_day(day: datetime.date) -> DayResult:
    """The daily task: the reminders of ``day`` made and the digests due that day sent."""
    result = DayResult(day=day)
    result.made = reminders_make(day)
    digests_send(day, result)
    logger.info(
        "Reminders of %s: %s made, %s digests sent, %s resent",
        day,
        result.made,
        result.sent,
        result.resent,
    )
    return result
