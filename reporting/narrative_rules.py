"""The counted nouns of the narratives and the figures each must equal (reporting/consistency.py).

A rule is a phrase around a number: "45 stycken kontorsrevisioner" → the year's office audits.
Only a number (digits or a Swedish number word from two up; "en"/"ett" are articles too often to
count) directly followed by a counted noun a rule knows is checked; any other number ("tre år",
"de fem nordiska länderna") is left alone. Rules go from the most specific to the most general,
and a number checked by one rule is not checked again ("44 revisioner av nya leverantörer" is
office audits, not all audits). A noun is matched in the singular too ("1 revision").

A number about a series of events ("fyra utbildningar", "över 560 deltagare") agrees with the
data when it equals any total the report itself prints: the year's total, the total of the kind
(a key figure), or the figure of one event. Amounts agree when the data rounded (or cut) to the
decimals written give the same number: "drygt 10,5 miljoner" and "1,9 mnkr" for 10 538 and
1 938 tkr, "10 538 tkr" exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import npgettext_lazy, pgettext_lazy

NUMBER_WORDS = {
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "nitton": 19,
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
}
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# "1 700" and "10 538" with a (no-break) space as thousands separator, plain digits, or a word.
_NUMBER = r"(?<![\w.,])(?P<{name}>\d{{1,3}}(?:[ \u00a0]\d{{3}})+|\d+|" + _WORDS + r")(?!\w|,\d)"
# An amount of money: "4,12 miljoner", "SEK 1.9 miljoner", "1,9 mnkr", "10 538 tkr".
_AMOUNT = (
    r"(?P<n>\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)[ \u00a0]"
    r"(?P<unit>miljoner|miljon|mnkr|msek|tkr|tsek|tusen kronor)\b"
)
# Units of an amount in thousands of kronor (the accounts' unit); the others are millions.
THOUSANDS_UNITS = ("tkr", "tsek", "tusen kronor")


def _number(name: str = "n") -> str:
    return _NUMBER.format(name=name)


def parse_number(text: str) -> int:
    word = NUMBER_WORDS.get(text.lower())
    if word is not None:
        return word
    return int(re.sub(r"\s", "", text))


def amount_agrees(stated: str, unit: str, thousands) -> bool:
    """'10,5' miljoner agrees with 10 538 tkr: rounded or cut to the decimals written; so does
    '10 538' tkr. A decimal point is read as a decimal too (the style check flags it)."""
    text = re.sub(r"[\s\u00a0]", "", stated).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return False
    decimals = len(text.split(".")[1]) if "." in text else 0
    exponent = Decimal(1).scaleb(-decimals)
    scale = 1 if unit.lower() in THOUSANDS_UNITS else 1000
    data = Decimal(str(thousands)) / scale
    return value in {
        data.quantize(exponent, rounding=ROUND_HALF_UP),
        data.quantize(exponent, rounding=ROUND_DOWN),
    }


# --- Figures the rules compare with ------------------------------------------------------------


def _one(value) -> list | None:
    return None if value is None else [value]


def _events_of(snapshot, kind: str) -> list[dict]:
    return [e for e in snapshot["competence"]["events"] if e["kind"] == kind]


def _event_series(kind: str) -> Callable:
    """Sessions or events of the kind: the year's sessions, its number of events, or the
    sessions of one event (each is printed: a key figure, the competence table)."""

    def expected(snapshot, _match):
        events = _events_of(snapshot, kind)
        if not events:
            return None
        return [
            sum(e["occurrences"] for e in events),
            len(events),
            *(e["occurrences"] for e in events),
        ]

    return expected


def _participants(snapshot, _match):
    """Every participant total the report prints: the competence table's total, each kind's
    key figure (trainings, internal trainings, webinars, conferences, market dialogues), and
    the figure of each event of the competence and collaboration tables."""
    competence = snapshot["competence"]
    values = [competence["participants_total"]]
    values += [row["participants"] for row in competence.get("by_kind", [])]
    events = competence["events"] + snapshot.get("collaboration", {}).get("events", [])
    values += [event["participants"] for event in events]
    values = [value for value in values if value is not None]
    return list(dict.fromkeys(values)) or None


def _audits_of_year(snapshot, match):
    year = int(match.group("year"))
    if year == snapshot["year"]:
        return [snapshot["audits"]["total"]]
    if year == snapshot["year"] - 1:
        return _one(snapshot["audits"]["previous_year"]["total"])
    return None  # a year the snapshot does not hold: nothing to compare with


def _figure(section: str, *path: str) -> Callable:
    def expected(snapshot, _match):
        value = snapshot[section]
        for key in path:
            value = value[key]
        return _one(value)

    return expected


@dataclass(frozen=True)
class NumberRule:
    """A counted noun: the pattern around the number(s) and what each number must equal.

    ``what`` names the figure in the singular and the plural (``what % {"count": n}``), so a
    message says "1 office audit" and "44 office audits"; an amount rule's ``what`` is the
    name of the account ("opening balance"), the amount being in tkr."""

    pattern: str
    # npgettext_lazy("counted in a narrative", singular, plural, "count"); pgettext_lazy for
    # an amount. The context keeps "audit" the noun counted apart from "audit" the model's name.
    what: object
    expected: dict[str, Callable]  # group name → (snapshot, match) → acceptable values | None
    amount: bool = False  # an amount of money with its unit (group "unit")

    @property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern, re.IGNORECASE)


def rules() -> list[NumberRule]:
    n, prev = _number("n"), _number("prev")
    comm = "communication"
    return [
        # Audits: specific phrasings before the general "N revisioner".
        NumberRule(
            rf"{n} (?:stycken )?kontorsrevision(?:er|\b)",
            npgettext_lazy("counted in a narrative", "office audit", "office audits", "count"),
            {"n": _figure("audits", "counts", "office")},
        ),
        NumberRule(
            rf"{n} (?:stycken )?revision(?:er)? av nya leverantörer",
            npgettext_lazy("counted in a narrative", "office audit", "office audits", "count"),
            {"n": _figure("audits", "counts", "office")},
        ),
        NumberRule(
            rf"{n} (?:stycken |var )?återrevision(?:er|\b)",
            npgettext_lazy(
                "counted in a narrative", "follow-up audit", "follow-up audits", "count"
            ),
            {"n": _figure("audits", "counts", "follow_up")},
        ),
        NumberRule(
            rf"{n} (?:stycken )?revision(?:er)? under (?P<year>\d{{4}})",
            npgettext_lazy(
                "counted in a narrative",
                "audit of the year named",
                "audits of the year named",
                "count",
            ),
            {"n": _audits_of_year},
        ),
        NumberRule(
            rf"{n} (?:stycken |genomförda? )?revision(?:er|\b)",
            npgettext_lazy("counted in a narrative", "audit", "audits", "count"),
            {"n": _figure("audits", "total")},
        ),
        # Risk analyses, studies, harmonised requirements, incidents.
        NumberRule(
            rf"{n} fördjupade? riskanalys(?:er|\b)",
            npgettext_lazy(
                "counted in a narrative",
                "in-depth risk analysis",
                "in-depth risk analyses",
                "count",
            ),
            {"n": _figure("risks", "in_depth_count")},
        ),
        NumberRule(
            rf"{n} riskanalys(?:er|\b)",
            npgettext_lazy("counted in a narrative", "risk analysis", "risk analyses", "count"),
            {"n": _figure("risks", "count")},
        ),
        NumberRule(
            rf"{n} utredning(?:ar|\b)",
            npgettext_lazy("counted in a narrative", "study", "studies", "count"),
            {"n": _figure("risks", "study_count")},
        ),
        NumberRule(
            rf"{n} (?:harmoniserade )?(?:miljö)?krav och vägledningar",
            npgettext_lazy(
                "counted in a narrative",
                "harmonised requirement or guidance",
                "harmonised requirements and guidance",
                "count",
            ),
            {"n": _figure("harmonised_requirements", "count")},
        ),
        NumberRule(
            rf"{n} (?:incident)?ärende(?:n|\b)",
            npgettext_lazy("counted in a narrative", "incident", "incidents", "count"),
            {"n": _figure("incidents", "count")},
        ),
        # Events and participants.
        NumberRule(
            rf"{n} internutbildning(?:ar|\b)",
            npgettext_lazy(
                "counted in a narrative",
                "internal training session",
                "internal training sessions",
                "count",
            ),
            {"n": _event_series("internal_training")},
        ),
        NumberRule(
            rf"{n} utbildning(?:ar|\b)",
            npgettext_lazy(
                "counted in a narrative", "training session", "training sessions", "count"
            ),
            {"n": _event_series("training")},
        ),
        NumberRule(
            rf"{n} utbildningstillfällen?\b",
            npgettext_lazy(
                "counted in a narrative", "training session", "training sessions", "count"
            ),
            {"n": _event_series("training")},
        ),
        NumberRule(
            rf"{n} webb?inari(?:er|um)",
            npgettext_lazy(
                "counted in a narrative", "webinar session", "webinar sessions", "count"
            ),
            {"n": _event_series("webinar")},
        ),
        NumberRule(
            rf"{n} konferens(?:er|\b)",
            npgettext_lazy("counted in a narrative", "conference", "conferences", "count"),
            {"n": _event_series("conference")},
        ),
        NumberRule(
            rf"{n} marknadsdialog(?:er|\b)",
            npgettext_lazy(
                "counted in a narrative", "market dialogue", "market dialogues", "count"
            ),
            {"n": _event_series("market_dialogue")},
        ),
        NumberRule(
            rf"{n} (?:deltagare|personer|upphandlare)",
            npgettext_lazy("counted in a narrative", "participant", "participants", "count"),
            {"n": _participants},
        ),
        # Staff and communication: "från N till M" is last year against this year.
        NumberRule(
            rf"medarbetare\b[^.\n]{{0,40}}?från {prev} till {n}",
            npgettext_lazy(
                "counted in a narrative",
                "member of the secretariat's staff",
                "secretariat staff",
                "count",
            ),
            {
                "prev": _figure("organisation", "staff_previous_year"),
                "n": _figure("organisation", "staff"),
            },
        ),
        NumberRule(
            rf"nyhetsbrev\b[^.\n]{{0,40}}?från {prev}(?: stycken)?(?: \(\d{{4}}\))? till {n}",
            npgettext_lazy("counted in a narrative", "newsletter", "newsletters", "count"),
            {
                "prev": _figure(comm, "previous_year", "newsletters"),
                "n": _figure(comm, "this_year", "newsletters"),
            },
        ),
        NumberRule(
            rf"{n} (?:stycken )?nyhetsbrev",
            npgettext_lazy("counted in a narrative", "newsletter", "newsletters", "count"),
            {"n": _figure(comm, "this_year", "newsletters")},
        ),
        NumberRule(
            rf"prenumeranter\b[^.\n]{{0,40}}?från {prev} till {n}",
            npgettext_lazy(
                "counted in a narrative", "newsletter subscriber", "newsletter subscribers", "count"
            ),
            {
                "prev": _figure(comm, "previous_year", "newsletter_subscribers"),
                "n": _figure(comm, "this_year", "newsletter_subscribers"),
            },
        ),
        NumberRule(
            rf"{n} prenumerant(?:er|\b)",
            npgettext_lazy(
                "counted in a narrative", "newsletter subscriber", "newsletter subscribers", "count"
            ),
            {"n": _figure(comm, "this_year", "newsletter_subscribers")},
        ),
        NumberRule(
            rf"{n} (?:media)?artik(?:lar|el\b) under föregående",
            npgettext_lazy(
                "counted in a narrative",
                "media article of the year before",
                "media articles of the year before",
                "count",
            ),
            {"n": _figure(comm, "previous_year", "media_articles")},
        ),
        NumberRule(
            rf"{n} (?:media)?artik(?:lar|el\b)",
            npgettext_lazy("counted in a narrative", "media article", "media articles", "count"),
            {"n": _figure(comm, "this_year", "media_articles")},
        ),
        NumberRule(
            rf"följare\b[^.\n]{{0,30}}?till {n}",
            npgettext_lazy(
                "counted in a narrative", "LinkedIn follower", "LinkedIn followers", "count"
            ),
            {"n": _figure(comm, "this_year", "linkedin_followers")},
        ),
        NumberRule(
            rf"{n} följare",
            npgettext_lazy(
                "counted in a narrative", "LinkedIn follower", "LinkedIn followers", "count"
            ),
            {"n": _figure(comm, "this_year", "linkedin_followers")},
        ),
        NumberRule(
            rf"{n} procent av en heltidstjänst",
            npgettext_lazy(
                "counted in a narrative",
                "percent of a full-time post for communication",
                "percent of a full-time post for communication",
                "count",
            ),
            {"n": _figure(comm, "communication_fte_percent")},
        ),
        NumberRule(
            rf"{n} fabrik(?:er|\b)",
            npgettext_lazy(
                "counted in a narrative",
                "factory reviewed by Electronics Watch",
                "factories reviewed by Electronics Watch",
                "count",
            ),
            {"n": _figure("collaboration", "electronics_watch", "factories_reviewed")},
        ),
        NumberRule(
            rf"{n} gruv(?:or|a\b)",
            npgettext_lazy(
                "counted in a narrative",
                "mine reviewed by Electronics Watch",
                "mines reviewed by Electronics Watch",
                "count",
            ),
            {"n": _figure("collaboration", "electronics_watch", "mines_reviewed")},
        ),
        # The accounts, told in millions of kronor or in tkr.
        NumberRule(
            rf"ingående balansen[^\n]{{0,40}}?{_AMOUNT}",
            pgettext_lazy("account in a narrative", "opening balance"),
            {"n": _figure("accounts", "opening_balance")},
            amount=True,
        ),
        NumberRule(
            rf"(?:utgående balansen|överskottet)[^\n]{{0,30}}?{_AMOUNT}",
            pgettext_lazy("account in a narrative", "closing balance"),
            {"n": _figure("accounts", "closing_balance")},
            amount=True,
        ),
        NumberRule(
            rf"intäkterna[^\n]{{0,120}}?{_AMOUNT}",
            pgettext_lazy("account in a narrative", "contributions"),
            {"n": _figure("accounts", "contributions_total")},
            amount=True,
        ),
        NumberRule(
            rf"kostnaderna[^\n]{{0,40}}?{_AMOUNT}",
            pgettext_lazy("account in a narrative", "costs"),
            {"n": _figure("accounts", "costs_total")},
            amount=True,
        ),
    ]
