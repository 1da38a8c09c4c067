"""The consistency check run before a report is rendered: every mismatch, nothing corrected.

``consistency_check(year=…, snapshot=…)`` lists:
- numbers in a narrative of the year that differ from the data (``narrative_number_mismatch``)
  or that no data confirm (``narrative_number_without_data``);
- accounts that do not balance;
- internal-looking text ("glöm ej", "TODO", …) in anything that would be printed: every string of
  the snapshot (supplier names, narratives, incident texts, …) and the audits' public summaries;
- audits without supplier or category, events of the competence section without participants;
- hand-counted audit totals that contradict the audit records.

How narrative numbers are matched: only a number (digits or a Swedish number word from two up;
"en"/"ett" are articles too often to count) directly followed by a counted noun this module knows,
e.g. "45 stycken kontorsrevisioner" → the year's office audits. Rules go from the most specific to
the most general, and a number checked by one rule is not checked again ("44 revisioner av nya
leverantörer" is office audits, not all audits). Any other number (years, "tre år", "de fem
nordiska länderna") is left alone: the check reports what it can prove and nothing else.
A number about a series of events ("fyra utbildningar", "över 560 deltagare") agrees with the
data when it equals the total of the year or the figure of one event, since a narrative often tells
of one series. Amounts in millions agree when the data rounded (or cut) to the decimals written
give the same number ("drygt 10,5 miljoner" for 10 538 tkr).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audits.models import Audit
from reporting.report_data import report_snapshot
from reporting.report_helpers import COMPETENCE_KINDS, NOT_CARRIED_OUT


@dataclass(frozen=True)
class Issue:
    """One inconsistency: where (report section), what (a stable code), a message for the
    secretariat, and the details needed to find and fix it."""

    section: str
    code: str
    message: str
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


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
_MILLIONS = r"(?P<n>\d+(?:[.,]\d+)?) miljoner"


def _number(name: str = "n") -> str:
    return _NUMBER.format(name=name)


def parse_number(text: str) -> int:
    word = NUMBER_WORDS.get(text.lower())
    if word is not None:
        return word
    return int(re.sub(r"\s", "", text))


# --- Figures the rules compare with ------------------------------------------------------------


def _one(value) -> list | None:
    return None if value is None else [value]


def _events_of(snapshot, kind: str) -> list[dict]:
    return [e for e in snapshot["competence"]["events"] if e["kind"] == kind]


def _event_series(kind: str) -> Callable:
    """Sessions of the kind: the year's total or the sessions of one event."""

    def expected(snapshot, _match):
        events = _events_of(snapshot, kind)
        if not events:
            return None
        return [sum(e["occurrences"] for e in events), *(e["occurrences"] for e in events)]

    return expected


def _participants(snapshot, _match):
    events = [e for e in snapshot["competence"]["events"] if e["participants"] is not None]
    if not events:
        return None
    total = snapshot["competence"]["participants_total"]
    return [total, *(e["participants"] for e in events)]


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
    """A counted noun: the pattern around the number(s) and what each number must equal."""

    pattern: str
    what: object  # a lazy translatable label
    expected: dict[str, Callable]  # group name → (snapshot, match) → acceptable values | None
    millions: bool = False

    @property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern, re.IGNORECASE)


def _rules() -> list[NumberRule]:
    n, prev = _number("n"), _number("prev")
    comm = "communication"
    return [
        # Audits: specific phrasings before the general "N revisioner".
        NumberRule(
            rf"{n} (?:stycken )?kontorsrevisioner",
            _("office audits"),
            {"n": _figure("audits", "counts", "office")},
        ),
        NumberRule(
            rf"{n} (?:stycken )?revisioner av nya leverantörer",
            _("office audits"),
            {"n": _figure("audits", "counts", "office")},
        ),
        NumberRule(
            rf"{n} (?:stycken |var )?återrevisioner",
            _("follow-up audits"),
            {"n": _figure("audits", "counts", "follow_up")},
        ),
        NumberRule(
            rf"{n} (?:stycken )?revisioner under (?P<year>\d{{4}})",
            _("audits of the year named"),
            {"n": _audits_of_year},
        ),
        NumberRule(
            rf"{n} (?:stycken |genomförda )?revisioner",
            _("audits"),
            {"n": _figure("audits", "total")},
        ),
        # Risk analyses, studies, harmonised requirements, incidents.
        NumberRule(
            rf"{n} fördjupade riskanalyser",
            _("in-depth risk analyses"),
            {"n": _figure("risks", "in_depth_count")},
        ),
        NumberRule(rf"{n} riskanalyser", _("risk analyses"), {"n": _figure("risks", "count")}),
        NumberRule(rf"{n} utredningar", _("studies"), {"n": _figure("risks", "study_count")}),
        NumberRule(
            rf"{n} (?:harmoniserade )?(?:miljö)?krav och vägledningar",
            _("harmonised requirements and guidance"),
            {"n": _figure("harmonised_requirements", "count")},
        ),
        NumberRule(
            rf"{n} (?:incident)?ärenden", _("incidents"), {"n": _figure("incidents", "count")}
        ),
        # Events and participants.
        NumberRule(
            rf"{n} internutbildningar",
            _("internal training sessions"),
            {"n": _event_series("internal_training")},
        ),
        NumberRule(rf"{n} utbildningar", _("training sessions"), {"n": _event_series("training")}),
        NumberRule(
            rf"{n} webb?inari(?:er|um)", _("webinar sessions"), {"n": _event_series("webinar")}
        ),
        NumberRule(rf"{n} konferenser", _("conferences"), {"n": _event_series("conference")}),
        NumberRule(
            rf"{n} (?:deltagare|personer|upphandlare)", _("participants"), {"n": _participants}
        ),
        # Staff and communication: "från N till M" is last year against this year.
        NumberRule(
            rf"medarbetare\b[^.\n]{{0,40}}?från {prev} till {n}",
            _("secretariat staff"),
            {
                "prev": _figure("organisation", "staff_previous_year"),
                "n": _figure("organisation", "staff"),
            },
        ),
        NumberRule(
            rf"nyhetsbrev\b[^.\n]{{0,40}}?från {prev}(?: stycken)?(?: \(\d{{4}}\))? till {n}",
            _("newsletters"),
            {
                "prev": _figure(comm, "previous_year", "newsletters"),
                "n": _figure(comm, "this_year", "newsletters"),
            },
        ),
        NumberRule(
            rf"{n} (?:stycken )?nyhetsbrev",
            _("newsletters"),
            {"n": _figure(comm, "this_year", "newsletters")},
        ),
        NumberRule(
            rf"prenumeranter\b[^.\n]{{0,40}}?från {prev} till {n}",
            _("newsletter subscribers"),
            {
                "prev": _figure(comm, "previous_year", "newsletter_subscribers"),
                "n": _figure(comm, "this_year", "newsletter_subscribers"),
            },
        ),
        NumberRule(
            rf"{n} prenumeranter",
            _("newsletter subscribers"),
            {"n": _figure(comm, "this_year", "newsletter_subscribers")},
        ),
        NumberRule(
            rf"{n} (?:media)?artiklar under föregående",
            _("media articles of the year before"),
            {"n": _figure(comm, "previous_year", "media_articles")},
        ),
        NumberRule(
            rf"{n} (?:media)?artiklar",
            _("media articles"),
            {"n": _figure(comm, "this_year", "media_articles")},
        ),
        NumberRule(
            rf"följare\b[^.\n]{{0,30}}?till {n}",
            _("LinkedIn followers"),
            {"n": _figure(comm, "this_year", "linkedin_followers")},
        ),
        NumberRule(
            rf"{n} följare",
            _("LinkedIn followers"),
            {"n": _figure(comm, "this_year", "linkedin_followers")},
        ),
        NumberRule(
            rf"{n} procent av en heltidstjänst",
            _("communication work, percent of a full-time post"),
            {"n": _figure(comm, "communication_fte_percent")},
        ),
        NumberRule(
            rf"{n} fabriker",
            _("factories reviewed by Electronics Watch"),
            {"n": _figure("collaboration", "electronics_watch", "factories_reviewed")},
        ),
        NumberRule(
            rf"{n} gruvor",
            _("mines reviewed by Electronics Watch"),
            {"n": _figure("collaboration", "electronics_watch", "mines_reviewed")},
        ),
        # The accounts, told in millions of kronor.
        NumberRule(
            rf"ingående balansen[^\n]{{0,40}}?{_MILLIONS}",
            _("opening balance"),
            {"n": _figure("accounts", "opening_balance")},
            millions=True,
        ),
        NumberRule(
            rf"(?:utgående balansen|överskottet)[^\n]{{0,30}}?{_MILLIONS}",
            _("closing balance"),
            {"n": _figure("accounts", "closing_balance")},
            millions=True,
        ),
        NumberRule(
            rf"intäkterna[^\n]{{0,120}}?{_MILLIONS}",
            _("contributions"),
            {"n": _figure("accounts", "contributions_total")},
            millions=True,
        ),
        NumberRule(
            rf"kostnaderna[^\n]{{0,40}}?{_MILLIONS}",
            _("costs"),
            {"n": _figure("accounts", "costs_total")},
            millions=True,
        ),
    ]


def _millions_agree(stated: str, thousands) -> bool:
    """'10,5' miljoner agrees with 10 538 tkr: rounded or cut to the decimals written."""
    text = stated.replace(",", ".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    exponent = Decimal(1).scaleb(-decimals)
    millions = Decimal(str(thousands)) / 1000
    return Decimal(text) in {
        millions.quantize(exponent, rounding=ROUND_HALF_UP),
        millions.quantize(exponent, rounding=ROUND_DOWN),
    }


def _narrative_issues(snapshot: dict) -> Iterator[Issue]:
    rules = [(rule, rule.regex) for rule in _rules()]
    for section, paragraphs in snapshot["narratives"]["sections"].items():
        for paragraph in paragraphs:
            text = f"{paragraph['heading']}\n{paragraph['body']}"
            checked: set[int] = set()  # start offsets of numbers already checked
            for rule, regex in rules:
                for match in regex.finditer(text):
                    for group, expected_of in rule.expected.items():
                        start = match.start(group)
                        if start in checked:
                            continue
                        checked.add(start)
                        issue = _compare(rule, match, group, expected_of(snapshot, match))
                        if issue is not None:
                            yield Issue(
                                section=section,
                                code=issue[0],
                                message=issue[1],
                                details={
                                    "narrative": {"section": section, "order": paragraph["order"]},
                                    "excerpt": match.group(0),
                                    "stated": match.group(group),
                                    "data": issue[2],
                                },
                            )


def _compare(rule: NumberRule, match, group: str, expected):
    stated = match.group(group)
    what = str(rule.what)
    if expected is None or all(value is None for value in expected):
        message = gettext(
            "The narrative says “%(excerpt)s” but there are no data on %(what)s to confirm it."
        ) % {"excerpt": match.group(0), "what": what}
        return "narrative_number_without_data", message, None
    values = [value for value in expected if value is not None]
    if rule.millions:
        agrees = any(_millions_agree(stated, value) for value in values)
    else:
        agrees = parse_number(stated) in values
    if agrees:
        return None
    message = gettext("The narrative says “%(excerpt)s” but the data give %(actual)s %(what)s.") % {
        "excerpt": match.group(0),
        "actual": values[0],
        "what": what,
    }
    return "narrative_number_mismatch", message, values[0]


# --- Internal text in printed fields -----------------------------------------------------------

# Phrases a note to oneself has and published text has not.
INTERNAL_TEXT = re.compile(
    r"glöm (?:ej|inte)|kom ihåg|\bobs\b\s*[!:]|\btodo\b|\bfixme\b|\btbd\b|\bxxx\b|\?\?\?|"
    r"ej för publicering|får ej publiceras|intern(?:t)? anteckning|\binternt:",
    re.IGNORECASE,
)

# Snapshot keys whose strings are codes or dates, never printed as such.
_CODE_KEYS = {"kind", "status", "format", "precision", "code", "date", "key"}


def _strings(value, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _CODE_KEYS:
                yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _internal_text_issues(year: int, snapshot: dict) -> Iterator[Issue]:
    for path, text in _strings(snapshot):
        match = INTERNAL_TEXT.search(text)
        if match:
            section = path.split(".")[0].split("[")[0]
            if section == "narratives":
                section = path.split(".")[2].split("[")[0]
            yield Issue(
                section=section,
                code="internal_text_in_print",
                message=gettext("Internal-looking text “%(phrase)s” would be printed: %(text)s")
                % {"phrase": match.group(0), "text": text},
                details={"path": path, "text": text},
            )
    summaries = (
        Audit.objects.filter(year=year)
        .exclude(public_summary="")
        .order_by("pk")
        .values_list("pk", "supplier__name", "public_summary")
    )
    for pk, supplier, summary in summaries:
        match = INTERNAL_TEXT.search(summary)
        if match:
            yield Issue(
                section="audits",
                code="internal_text_in_public_summary",
                message=gettext(
                    "The public summary of the audit of %(supplier)s contains internal-looking "
                    "text “%(phrase)s”."
                )
                % {"supplier": supplier, "phrase": match.group(0)},
                details={"audit": pk, "supplier": supplier, "text": summary},
            )


# --- Records ------------------------------------------------------------------------------------


def _audit_issues(year: int, snapshot: dict) -> Iterator[Issue]:
    incomplete = list(
        Audit.objects.filter(year=year)
        .exclude(status__in=NOT_CARRIED_OUT)
        .filter(Q(supplier__isnull=True) | Q(category__isnull=True))
        .order_by("supplier__name", "pk")
        .values_list("pk", "supplier_id", "supplier__name", "category_id")
    )
    for code, missing, message in (
        (
            "audit_without_supplier",
            [row for row in incomplete if row[1] is None],
            _("%(count)d audits have no supplier."),
        ),
        (
            "audit_without_category",
            [row for row in incomplete if row[3] is None],
            _("%(count)d audits have no purchasing category."),
        ),
    ):
        if missing:
            yield Issue(
                section="audits",
                code=code,
                message=str(message) % {"count": len(missing)},
                details={"audits": [{"id": pk, "supplier": name} for pk, _s, name, _c in missing]},
            )
    audits = snapshot["audits"]
    previous = audits["previous_year"]
    if (
        previous["source"] == "yearly_figure"
        and previous["records"]
        and previous["records"] != previous["total"]
    ):
        yield Issue(
            section="audits",
            code="audit_total_contradicts_records",
            message=gettext(
                "The yearly figure says %(figure)s audits in %(year)s but %(records)s are recorded."
            )
            % {
                "figure": previous["total"],
                "year": previous["year"],
                "records": previous["records"],
            },
            details={"year": previous["year"], "figure": previous["total"]},
        )
    if audits["total_figure"] is not None and audits["total_figure"] != audits["total"]:
        yield Issue(
            section="audits",
            code="audit_total_contradicts_records",
            message=gettext(
                "The yearly figure says %(figure)s audits in %(year)s but %(records)s are recorded."
            )
            % {"figure": audits["total_figure"], "year": year, "records": audits["total"]},
            details={"year": year, "figure": audits["total_figure"]},
        )


def _event_issues(snapshot: dict) -> Iterator[Issue]:
    for event in snapshot["competence"]["events"]:
        if event["kind"] in COMPETENCE_KINDS and event["participants"] is None:
            yield Issue(
                section="competence",
                code="event_without_participants",
                message=gettext("The event “%(title)s” has no number of participants.")
                % {"title": event["title"]},
                details={"title": event["title"], "kind": event["kind"]},
            )


def _accounts_issues(snapshot: dict) -> Iterator[Issue]:
    accounts = snapshot["accounts"]
    if accounts["has_data"] and not accounts["balances"]:
        yield Issue(
            section="accounts",
            code="accounts_do_not_balance",
            message=gettext(
                "The accounts do not balance: opening balance + contributions − closing balance "
                "is %(income)s tkr, the costs are %(costs)s tkr."
            )
            % {"income": accounts["income_total"], "costs": accounts["costs_total"]},
            details={
                "income_total": accounts["income_total"],
                "costs_total": accounts["costs_total"],
                "difference": accounts["difference"],
            },
        )


def consistency_check(*, year: int, snapshot: dict | None = None) -> list[Issue]:
    """Every inconsistency of the year's report, in the order of the checks; nothing changed."""
    if snapshot is None:
        snapshot = report_snapshot(year=year)
    return [
        *_narrative_issues(snapshot),
        *_accounts_issues(snapshot),
        *_internal_text_issues(year, snapshot),
        *_audit_issues(year, snapshot),
        *_event_issues(snapshot),
    ]
