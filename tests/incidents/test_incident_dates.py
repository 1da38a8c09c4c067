"""The timeline's dates are shown as precisely as their source gives them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from incidents.templatetags.incident_dates import precise_date


@pytest.mark.parametrize(
    ("date", "precision", "language", "expected"),
    [
        (datetime.date(2023, 1, 1), "year", "sv", "2023"),
        (datetime.date(2025, 1, 1), "month", "sv", "januari 2025"),
        (datetime.date(2025, 1, 1), "month", "en", "January 2025"),
        (datetime.date(2025, 1, 15), "day", "sv", "2025-01-15"),
        (datetime.date(2025, 1, 15), "day", "en", "2025-01-15"),
        (None, "day", "sv", ""),
    ],
)
def test_precise_date(date, precision, language, expected):
    with translation.override(language):
        assert precise_date(date, precision) == expected


def test_precise_date_defaults_to_the_day():
    assert precise_date(datetime.date(2024, 5, 3)) == "2024-05-03"


def test_precise_date_in_a_template():
    template = Template("{% load incident_dates %}{{ when|precise_date:precision }}")
    with translation.override("sv"):
        rendered = template.render(
            Context({"when": datetime.date(2025, 10, 1), "precision": "month"})
        )
    assert rendered == "oktober 2025"
