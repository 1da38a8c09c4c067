import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def render(source, **context):
    return Template("{% load hallbar %}" + source).render(Context(context))


def test_dates_are_iso_in_both_languages():
    for language in ("sv", "en"):
        with translation.override(language):
            assert render("{{ d|date }}", d=datetime.date(2024, 5, 3)) == "2024-05-03"


def test_amounts_are_grouped_the_swedish_way_and_years_are_not():
    with translation.override("sv"):
        assert render("{{ v|amount }}", v=12720) == "12\xa0720"
        assert render("{{ v|amount }}", v=Decimal("10538.0")) == "10\xa0538,0"
        assert render("{{ y }}", y=2024) == "2024"
        assert render("{{ v|amount }}", v=None) == ""
