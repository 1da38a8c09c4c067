"""Numbers written in another style than the report's Swedish one, found in printed text.

The report prints every number the Swedish way: a decimal comma ("4,12"), a space between
thousands ("10 538"), the unit after the number in words or the Swedish abbreviation ("1,9
miljoner kronor", "1,9 mnkr", "10 538 tkr"). A narrative typed or pasted from elsewhere may not
("4.12 miljoner", "SEK 1.9 miljoner", "1,900 deltagare", "10538 tkr"); ``number_style_findings``
finds each such number and suggests the Swedish form. Nothing is changed: the text is the
secretariat's, the check only says where it differs.

What is left alone because Swedish writes it so: times ("kl. 13.30"), dates and versions with
several dots ("2024.05.01", "3.2.1"), standards and codes ("ISO 14001", "EN 15224"), years and
other four-digit numbers ("2030", "1700"), and a decimal comma before a magnitude ("10,538
miljoner" is ten and a half million, not a thousands separator).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"

# Words of magnitude after a number: before them a comma is a decimal comma ("10,538 miljoner").
_MAGNITUDES = r"miljoner|miljon|miljarder|miljard|tusen"
# Units printed after a number, kept in the excerpt and the suggestion.
_UNITS = rf"{_MAGNITUDES}|mnkr|mdkr|tkr|kronor|kr|procent|%"
# A number as typed: groups of three separated by spaces, or digits with "." or "," inside.
_RAW = rf"\d{{1,3}}(?:[ {NBSP}]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*"

# A currency code before the number ("SEK 1.9 miljoner", "SEK 1 900") or after it ("1,9 MSEK").
_CODE_BEFORE = re.compile(
    rf"(?<![\w])(?P<code>MSEK|TSEK|SEK)[ {NBSP}]?(?P<number>{_RAW})"
    rf"(?:[ {NBSP}](?P<magnitude>{_MAGNITUDES})(?:[ {NBSP}]kronor)?)?(?![\w])",
)
_CODE_AFTER = re.compile(
    rf"(?<![\w.,])(?P<number>{_RAW})[ {NBSP}]?"
    rf"(?:(?P<magnitude>{_MAGNITUDES})[ {NBSP}])?(?P<code>MSEK|TSEK|SEK)(?![\w])",
)
# A decimal point: "4.12 miljoner". Not a dotted date or version (a second dot), not a time
# ("kl. 13.30") nor the number of a section or version ("avsnitt 3.2").
_DECIMAL_POINT = re.compile(
    rf"(?<![\w.,])(?P<number>\d+(?:,\d{{3}})*\.\d+)(?![\w]|\.\d)"
    rf"(?:[ {NBSP}](?P<unit>{_UNITS})(?![\w]))?"
)
_NOT_A_DECIMAL_BEFORE = re.compile(
    r"(?:\bkl\.?|\bklockan|\bavsnitt|\bpunkt|\bkapitel|\bversion|\bv\.?|\bnr\.?)\s*$",
    re.IGNORECASE,
)
# A comma between groups of three: "1,900", "12,500,000" (not "10,538 miljoner": a decimal).
_COMMA_THOUSANDS = re.compile(
    rf"(?<![\w.,])(?P<number>[1-9]\d{{0,2}}(?:,\d{{3}})+)(?![\w]|[.,]\d)"
    rf"(?![ {NBSP}]?(?:{_MAGNITUDES}|mnkr|mdkr|procent|%))",
)
# Five or more digits without a space between the thousands: "10538". Not inside a code
# ("556036-0793", "ISO 14001", "EN 15224").
_UNGROUPED = re.compile(r"(?<![\w.,/–-])(?P<number>[1-9]\d{4,})(?![\w.,/–-]|[ \u00a0]\d)")
_CODE_PREFIX = re.compile(r"\b[A-Z]{2,}[ -]?$")

_UNIT_OF_CODE = {"SEK": "kronor", "MSEK": "mnkr", "TSEK": "tkr"}


@dataclass(frozen=True)
class StyleFinding:
    """A number written in another style: the words as written and the Swedish form."""

    excerpt: str
    suggestion: str
    start: int


def _value(text: str, *, decimal_comma: bool = False) -> Decimal | None:
    """The number a writer meant by ``text``, reading "." and "," the English way (as the
    writer of a number in another style most likely did): "1.9" → 1.9, "1,900" → 1900; with
    ``decimal_comma`` (a magnitude follows: "10,538 miljoner") a comma is a decimal comma."""
    text = text.replace(" ", "").replace(NBSP, "")
    if "," in text and "." in text:
        text = text.replace(",", "")  # 10,538.5
    elif "," in text and decimal_comma:
        text = text.replace(",", ".")
    elif "," in text:
        whole, _, rest = text.partition(",")
        groups = text.split(",")[1:]
        if all(len(group) == 3 for group in groups) and whole != "0":
            text = text.replace(",", "")  # 1,900
        else:
            text = f"{whole}.{rest.replace(',', '')}"  # 1,9 (already Swedish)
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def swedish_number(value: Decimal) -> str:
    """1900 → "1 900", Decimal("4.12") → "4,12" (no-break spaces between thousands)."""
    negative = value < 0
    value = abs(value)
    places = max(-value.as_tuple().exponent, 0)
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    text = whole.replace(",", NBSP) + ("," + fraction if fraction else "")
    return ("\u2212" if negative else "") + text


def _code_suggestion(match: re.Match) -> str | None:
    magnitude = match.group("magnitude")
    value = _value(match.group("number"), decimal_comma=bool(magnitude))
    if value is None:
        return None
    number = swedish_number(value)
    code = match.group("code")
    if magnitude:
        return f"{number} {magnitude} kronor"
    return f"{number} {_UNIT_OF_CODE[code]}"


def number_style_findings(text: str) -> Iterator[StyleFinding]:
    """Every number of ``text`` written in another style than the Swedish, with its Swedish
    form, in the order of the text; a number is reported once."""
    seen: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        start, end = match.span()
        return all(end <= s or start >= e for s, e in seen)

    found: list[StyleFinding] = []
    for regex in (_CODE_BEFORE, _CODE_AFTER):
        for match in regex.finditer(text):
            suggestion = _code_suggestion(match)
            if suggestion and free(match):
                seen.append(match.span())
                found.append(StyleFinding(match.group(0), suggestion, match.start()))
    for match in _DECIMAL_POINT.finditer(text):
        if not free(match) or _NOT_A_DECIMAL_BEFORE.search(text[: match.start()]):
            continue
        value = _value(match.group("number"))
        if value is not None:
            unit = match.group("unit")
            suggestion = swedish_number(value) + (f" {unit}" if unit else "")
            seen.append(match.span())
            found.append(StyleFinding(match.group(0), suggestion, match.start()))
    for match in _COMMA_THOUSANDS.finditer(text):
        value = _value(match.group("number"))
        if value is not None and free(match):
            seen.append(match.span())
            found.append(StyleFinding(match.group(0), swedish_number(value), match.start()))
    for match in _UNGROUPED.finditer(text):
        if not free(match) or _CODE_PREFIX.search(text[: match.start()]):
            continue
        seen.append(match.span())
        found.append(
            StyleFinding(match.group(0), swedish_number(Decimal(match.group(0))), match.start())
        )
    yield from sorted(found, key=lambda finding: finding.start)
