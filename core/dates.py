"""The day a thing happened, as every workflow step records it (DESIGN.md, Conventions).

A step is dated the day it happened: today when the user gives no date, never in the future,
never before what it follows (an audit's start, a finding's raising, the previous step). The
refusal is keyed by the field the user typed the date in, so a form shows it there and the API
under that name.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def year_end(year: int) -> datetime.date:
    """31 December of ``year``: what "at year end" in a report of ``year`` means."""
    return datetime.date(year, 12, 31)


def step_date(
    on: datetime.date | None,
    *,
    field: str = "on",
    not_before: datetime.date | None = None,
    not_before_what: str = "",
    today: datetime.date | None = None,
) -> datetime.date:
    """``on``, or today when it is None; refused when in the future or before ``not_before``.

    ``not_before_what`` names what the step follows, for the message ("the audit's start").
    """
    today = today or timezone.localdate()
    day = on or today
    if day > today:
        raise ValidationError(
            {
                field: ValidationError(
                    _("The date cannot be in the future (today is %(today)s).")
                    % {"today": formats.date_format(today, "SHORT_DATE_FORMAT")},
                    code="date_in_future",
                )
            }
        )
    if not_before is not None and day < not_before:
        raise ValidationError(
            {
                field: ValidationError(
                    _("The date cannot be before %(what)s (%(date)s).")
                    % {
                        "what": not_before_what or _("the step it follows"),
                        "date": formats.date_format(not_before, "SHORT_DATE_FORMAT"),
                    },
                    code="date_too_early",
                )
            }
        )
    return day
