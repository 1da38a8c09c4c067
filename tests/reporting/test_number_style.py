"""Numbers written in another style than the report's Swedish one: what is flagged, with which
Swedish form, and what Swedish writes so and is left alone."""

import pytest

from reporting.number_style import number_style_findings

NBSP = "\u00a0"


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.excerpt, finding.suggestion) for finding in number_style_findings(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The 2024 accounts' text and note.
        ("uppgick 2024 till 4.12 miljoner beroende av", [("4.12 miljoner", "4,12 miljoner")]),
        ("Överskottet om SEK 1.9 miljoner har", [("SEK 1.9 miljoner", "1,9 miljoner kronor")]),
        ("Överskottet om SEK 1,9 miljoner har", [("SEK 1,9 miljoner", "1,9 miljoner kronor")]),
        # Currency codes before or after the number.
        ("MSEK 1.9", [("MSEK 1.9", "1,9 mnkr")]),
        ("1,9 MSEK", [("1,9 MSEK", "1,9 mnkr")]),
        ("TSEK 250", [("TSEK 250", "250 tkr")]),
        ("SEK 12,500,000", [("SEK 12,500,000", f"12{NBSP}500{NBSP}000 kronor")]),
        ("SEK 10,538 miljoner", [("SEK 10,538 miljoner", "10,538 miljoner kronor")]),
        # A decimal point, an English thousands comma, thousands run together.
        ("64.3 procent", [("64.3 procent", "64,3 procent")]),
        ("10,538.5 kronor", [("10,538.5 kronor", f"10{NBSP}538,5 kronor")]),
        ("Över 1,900 deltagare", [("1,900", f"1{NBSP}900")]),
        ("Kostnaderna var 10538 tkr.", [("10538", f"10{NBSP}538")]),
        (
            "Från 4.5 till 1,250 och 250000",
            [("4.5", "4,5"), ("1,250", f"1{NBSP}250"), ("250000", f"250{NBSP}000")],
        ),
    ],
)
def test_other_styles_are_found_with_the_swedish_form(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "drygt 10,5 miljoner kronor",
        "1,9 mnkr",
        "10 538 tkr",
        f"10{NBSP}538 tkr",
        "10,538 miljoner",  # a decimal comma before a magnitude
        "1,5 %",
        "64,3 procent",
        "kl. 13.30",  # a time
        "klockan 9.15",
        "ISO 14001 och SS-EN 15224",  # standards
        "2024.05.01",  # a dotted date
        "version 3.2 och avsnitt 4.1",  # numbers of versions and sections
        "3.2.1",
        "www.hallbarupphandling.se",
        "556036-0793",  # an organisation number
        "tel 0701234567",
        "1700 följare och 2024",  # four digits: years and small numbers stay as written
        "Agenda 2030",
        "Slutet av året. 5 nya avtal",
    ],
)
def test_swedish_and_other_legitimate_numbers_are_left_alone(text):
    assert found(text) == []
