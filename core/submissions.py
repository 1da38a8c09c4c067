"""Create forms that are sent once: a form sent twice (a double click, a resend, a reload of the
answer) makes one object.

Each rendered create form carries a fresh token in a hidden field (``form_token``). Sending it
takes the token (a FormSubmission row, unique on the token) in the same transaction as the new
object: a second sending finds the token taken and is sent where the first one's object is. On
PostgreSQL a second sending at the same moment waits on the unique index until the first one's
transaction ends, then finds the token taken; if the first one failed, the second goes ahead.
A form without a token (an old page, a script) is handled as before.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

FIELD = "form_token"
KEEP = datetime.timedelta(days=1)  # a form resent later than this makes a new object


class AlreadySent(Exception):
    """The form was sent before; ``url`` is where its object is ("" when not known)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def new_token() -> str:
    return str(uuid.uuid4())


def token_from(data) -> uuid.UUID | None:
    """The token a sent form carries, or None where it has none (or not one of ours)."""
    value = data.get(FIELD) if data is not None else None
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def sent_url(*, user, token: uuid.UUID) -> str | None:
    """Where the object made by an earlier sending of this form is, or None if it wasn't sent."""
    from core.models import FormSubmission

    return (
        FormSubmission.objects.filter(token=token, user=user).values_list("url", flat=True).first()
    )


def claim(*, user, token: uuid.UUID):
    """Take ``token`` for this sending, in the caller's transaction (call it first, before the
    object is made). Raises AlreadySent when another sending has it. Prunes the user's own rows
    older than KEEP on the way: one indexed delete of a handful of rows."""
    from core.models import FormSubmission

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() belongs in the transaction that makes the object.")
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(token=token, user=user)
    except IntegrityError:
        raise AlreadySent(sent_url(user=user, token=token) or "") from None
    FormSubmission.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
    return submission


def land(submission, url: str) -> None:
    """Record where the new object is, for the sendings that come after."""
    type(submission).objects.filter(pk=submission.pk).update(url=url[:500])
