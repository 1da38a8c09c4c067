"""Swedish print typography for the yearly report: numbers, lower bounds, number agreement,
lists, countries, labels inside a sentence.

Deterministic on purpose (not Django's locale formatting, which depends on settings such as
USE_THOUSAND_SEPARATOR): the report prints "10 538" (no-break space between thousands),
"64,3" (decimal comma), "−1 938" (a true minus sign) and "över 560" whatever the portal's settings.
The report is Swedish whatever the portal's language, so its words are Swedish here too:
``sv_plural`` picks "1 revision" or "2 revisioner", and countries are named in Swedish.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from core.countries import country_names as _country_names

register = template.Library()

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"


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
def sv_plural(value, forms: str) -> str:
    """The Swedish form that agrees with ``value``: 1 with "revision,revisioner" → "revision",
    0, 2 or 69 → "revisioner". Several words agree together: "genomförd,genomförda"."""
    singular, _, plural = forms.partition(",")
    try:
        one = value is not None and Decimal(str(value)) == 1
    except ArithmeticError:
        one = False
    return singular if one else plural


@register.filter
def sv_counted(value, forms: str) -> str:
    """The number and its noun in agreement: 1 → "1 revision", 44 → "44 revisioner"."""
    return f"{sv_number(value)} {sv_plural(value, forms)}"


@register.filter
def sv_lower_first(text) -> str:
    """A label inside a sentence: "Tvångsarbete" → "tvångsarbete". An abbreviation or a name
    written in capitals ("EU-krav", "MDR") stays as it is."""
    text = str(text or "")
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def sv_lower_labels(labels) -> list[str]:
    """``sv_lower_first`` of every label of a list."""
    return [sv_lower_first(label) for label in labels or []]


@register.filter
def country_names(codes) -> list[str]:
    """ISO codes → their Swedish names (CLDR, every ISO 3166-1 code): CI → Elfenbenskusten."""
    return _country_names(codes, "sv")


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
