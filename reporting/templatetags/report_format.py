"""Swedish print typography for the yearly report: numbers, lower bounds, lists, countries.

Deterministic on purpose (not Django's locale formatting, which depends on settings such as
USE_THOUSAND_SEPARATOR): the report prints "10 538" (no-break space between thousands),
"64,3" (decimal comma), "−1 938" (a true minus sign) and "över 560" whatever the portal's settings.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"

# Swedish names of the countries an incident is likely to name; any other code prints as is.
COUNTRY_NAMES = {
    "BD": "Bangladesh",
    "CN": "Kina",
    "DE": "Tyskland",
    "DK": "Danmark",
    "FI": "Finland",
    "GB": "Storbritannien",
    "IN": "Indien",
    "IS": "Island",
    "IT": "Italien",
    "MY": "Malaysia",
    "NO": "Norge",
    "PK": "Pakistan",
    "SE": "Sverige",
    "TH": "Thailand",
    "TR": "Turkiet",
    "TW": "Taiwan",
    "US": "USA",
    "VN": "Vietnam",
}


@register.filter
def sv_number(value, decimals=None) -> str:
    """10538 → "10 538", 64.3 → "64,3", -1938 → "−1 938"; None → an en dash."""
    if value is None or value == "":
        return DASH
    number = Decimal(str(value))
    if decimals is not None:
        number = round(number, int(decimals))
    negative = number < 0
    number = abs(number)
    if number == number.to_integral_value() and decimals in (None, 0, "0"):
        whole, fraction = f"{int(number):,}", ""
    else:
        places = int(decimals) if decimals is not None else max(-number.as_tuple().exponent, 0)
        whole, _, fraction = f"{number:,.{places}f}".partition(".")
    text = whole.replace(",", NBSP) + ("," + fraction if fraction else "")
    return (MINUS if negative else "") + text


@register.filter
def sv_count(value, is_lower_bound=False) -> str:
    """A count that may be a lower bound: 560 with True → "över 560"."""
    if value is None:
        return DASH
    text = sv_number(value)
    return f"över {text}" if is_lower_bound else text


@register.filter
def sv_join(values) -> str:
    """["A", "B", "C"] → "A, B och C"."""
    values = [str(value) for value in values or [] if value]
    if len(values) < 2:
        return "".join(values)
    return ", ".join(values[:-1]) + " och " + values[-1]


@register.filter
def country_names(codes) -> list[str]:
    return [COUNTRY_NAMES.get(code, code) for code in codes or []]


@register.filter
def negated(value):
    """The closing balance is subtracted from the year's income: 1938 → -1938."""
    return None if value is None else -value


@register.filter
def signed(value) -> str:
    """A change: 27 → "+27", -3 → "−3"."""
    if value is None:
        return DASH
    return ("+" if value > 0 else "") + sv_number(value)
