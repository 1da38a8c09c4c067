"""Template filters shared by every app: `{% load hallbar %}`."""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def amount(value):
    """12720 → '12 720' (grouped in the current language); empty stays empty."""
    if value in (None, ""):
        return ""
    return formats.number_format(value, use_l10n=True, force_grouping=True)
