"""Template filters shared by every app: `{% load hallbar %}`."""

from django import template
from django.utils import formats

from core.charts import chart_figure
from core.countries import country_name as _country_name
from core.countries import country_names as _country_names

register = template.Library()


@register.filter
def amount(value):
    """12720 → '12 720' (grouped in the current language); empty stays empty."""
    if value in (None, ""):
        return ""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def country_name(code):
    """'CI' → 'Elfenbenskusten' (Swedish pages) or 'Côte d’Ivoire' (English); empty stays empty."""
    return _country_name(code)


@register.filter
def country_names(codes):
    """['MY', 'TW'] → 'Malaysia, Taiwan' in the page's language; an empty list is empty."""
    return ", ".join(_country_names(codes))


@register.filter
def chart(value, kind=""):
    """A core.charts.Chart as its figure: SVG, legend and table ('horizontal' for rows)."""
    return chart_figure(value, horizontal=kind == "horizontal")
