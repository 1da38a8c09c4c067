"""Dates shown with the precision their source gives: '2023', 'januari 2025' or '2025-01-15'."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats

from incidents.choices import DatePrecision

register = template.Library()


@register.filter
def precise_date(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """``{{ entry.occurred_on|precise_date:entry.precision }}``.

    A year-precise date is stored as 1 January and a month-precise one as the 1st; showing
    them as days would claim more than the source says.
    """
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        # The month's name in the active language: 'januari 2025', 'January 2025'.
        return formats.date_format(value, "F Y")
    return value.strftime("%Y-%m-%d")
