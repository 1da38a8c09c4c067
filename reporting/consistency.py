"""The consistency check run before a report is rendered: every mismatch, nothing corrected.

``consistency_check(year=…, snapshot=…)`` lists:
- numbers in a narrative of the year that differ from the data (``narrative_number_mismatch``)
  or that no data confirm (``narrative_number_without_data``); how a number is matched with its
  figure is told in ``reporting/narrative_rules.py``;
- numbers written in another style than the report's Swedish one ("4.12 miljoner", "SEK 1.9
  miljoner", "1,900") in a narrative or the accounts' notes, each with its Swedish form
  (``number_style``, ``reporting/number_style.py``);
- sections of the year still without any text (``narrative_missing``);
- accounts that do not balance;
- internal-looking text ("glöm ej", "TODO", …) in anything that would be printed: every string of
  the snapshot (supplier names, narratives, incident texts, …) and the audits' public summaries;
- audits without supplier or category, events of the competence section without participants;
- hand-counted audit totals that contradict the audit records.

The check reports what it can prove and nothing else. Its messages are in the portal's language,
numbers in that language's style ("1 700" in Swedish), nouns agreeing with them ("1 revision
saknar …", "2 revisioner saknar …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext, ngettext

from audits.models import Audit
from audits.selectors import carried_out_by
from core.dates import year_end
from reporting.choices import ReportSection
from reporting.models import Narrative
from reporting.narrative_rules import NumberRule, amount_agrees, parse_number, rules
from reporting.number_style import number_style_findings
from reporting.report_data import report_snapshot
from reporting.report_helpers import COMPETENCE_KINDS


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


def _n(value) -> str:
    """A number as the portal's language writes it: 1700 → "1 700" in Swedish, "1,700" in
    English."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _plural_count(value) -> int:
    """The number that picks the singular or plural of a noun: a whole number as it is, any
    other (62,5 procent) as a plural."""
    return int(value) if float(value).is_integer() else 2


# --- Numbers in the narratives -----------------------------------------------------------------


def _narrative_issues(snapshot: dict) -> Iterator[Issue]:
    compiled = [(rule, rule.regex) for rule in rules()]
    for section, paragraphs in snapshot["narratives"]["sections"].items():
        for paragraph in paragraphs:
            text = f"{paragraph['heading']}\n{paragraph['body']}"
            checked: set[int] = set()  # start offsets of numbers already checked
            for rule, regex in compiled:
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
    if expected is None or all(value is None for value in expected):
        message = gettext(
            "The narrative says “%(excerpt)s” but there are no data on %(what)s to confirm it."
        ) % {"excerpt": match.group(0), "what": rule.what % {"count": 0}}
        return "narrative_number_without_data", message, None
    values = [value for value in expected if value is not None]
    if rule.amount:
        unit = match.group("unit")
        agrees = any(amount_agrees(stated, unit, value) for value in values)
    else:
        agrees = parse_number(stated) in values
    if agrees:
        return None
    if rule.amount:
        message = gettext(
            "The narrative says “%(excerpt)s” but the data give %(actual)s tkr (%(what)s)."
        ) % {"excerpt": match.group(0), "actual": _n(values[0]), "what": rule.what}
    else:
        message = gettext(
            "The narrative says “%(excerpt)s” but the data give %(actual)s %(what)s."
        ) % {
            "excerpt": match.group(0),
            "actual": _n(values[0]),
            "what": rule.what % {"count": _plural_count(values[0])},
        }
    return "narrative_number_mismatch", message, values[0]


# --- How numbers are written ---------------------------------------------------------------------


def _printed_texts(snapshot: dict) -> Iterator[tuple[str, str, dict]]:
    """(section, text, details) of every text typed by the secretariat that the report prints
    as it is: the narratives and the accounts' note and cost notes."""
    for section, paragraphs in snapshot["narratives"]["sections"].items():
        for paragraph in paragraphs:
            where = {"narrative": {"section": section, "order": paragraph["order"]}}
            yield section, paragraph["heading"], where
            yield section, paragraph["body"], where
    accounts = snapshot["accounts"]
    yield "accounts", accounts.get("note") or "", {"path": "accounts.note"}
    for index, line in enumerate(accounts.get("cost_lines", [])):
        yield "accounts", line.get("note") or "", {"path": f"accounts.cost_lines[{index}].note"}


def _number_style_issues(snapshot: dict) -> Iterator[Issue]:
    for section, text, where in _printed_texts(snapshot):
        for finding in number_style_findings(text):
            yield Issue(
                section=section,
                code="number_style",
                message=gettext(
                    "The text writes “%(excerpt)s”; the report writes numbers the Swedish way: "
                    "“%(suggestion)s”."
                )
                % {"excerpt": finding.excerpt, "suggestion": finding.suggestion},
                details={
                    **where,
                    "excerpt": finding.excerpt,
                    "suggestion": finding.suggestion,
                },
            )


# --- Sections without text -----------------------------------------------------------------------


def _missing_narrative_issues(year: int, snapshot: dict) -> Iterator[Issue]:
    """Each section of the year without any text: still to write before the report is printed.

    The year's sections are those it has texts for, empty ones included ("Starta året" creates
    them empty); a year with data and no texts at all has every section of the report. A year
    with neither data nor texts has nothing to write about.
    """
    rows = list(
        Narrative.objects.filter(year=year)
        .order_by("section", "order")
        .values_list("section", "order", "body")
    )
    if not rows and not snapshot["has_data"]:
        return
    sections = {section for section, _order, _body in rows} or set(ReportSection.values)
    written = {section for section, _order, body in rows if (body or "").strip()}
    first_empty = {}
    for section, order, body in rows:
        if not (body or "").strip():
            first_empty.setdefault(section, order)
    for section in ReportSection.values:
        if section not in sections or section in written:
            continue
        label = ReportSection(section).label
        details = {"section_label": str(label)}
        if section in first_empty:
            details["narrative"] = {"section": section, "order": first_empty[section]}
        yield Issue(
            section=section,
            code="narrative_missing",
            message=gettext("The section “%(section)s” of %(year)s has no text yet.")
            % {"section": label, "year": year},
            details=details,
        )


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
    # The audits the report counts: carried out by the year's end.
    incomplete = list(
        carried_out_by(Audit.objects.filter(year=year), year_end(year))
        .filter(Q(supplier__isnull=True) | Q(category__isnull=True))
        .order_by("supplier__name", "pk")
        .values_list("pk", "supplier_id", "supplier__name", "category_id")
    )
    without_supplier = [row for row in incomplete if row[1] is None]
    without_category = [row for row in incomplete if row[3] is None]
    for code, missing, message in (
        (
            "audit_without_supplier",
            without_supplier,
            ngettext(
                "%(count)s audit has no supplier.",
                "%(count)s audits have no supplier.",
                len(without_supplier),
            ),
        ),
        (
            "audit_without_category",
            without_category,
            ngettext(
                "%(count)s audit has no purchasing category.",
                "%(count)s audits have no purchasing category.",
                len(without_category),
            ),
        ),
    ):
        if missing:
            yield Issue(
                section="audits",
                code=code,
                message=message % {"count": _n(len(missing))},
                details={"audits": [{"id": pk, "supplier": name} for pk, _s, name, _c in missing]},
            )
    audits = snapshot["audits"]
    previous = audits["previous_year"]
    if (
        previous["source"] == "yearly_figure"
        and previous["records"]
        and previous["records"] != previous["total"]
    ):
        yield _total_contradicts(previous["year"], previous["total"], previous["records"])
    if audits["total_figure"] is not None and audits["total_figure"] != audits["total"]:
        yield _total_contradicts(year, audits["total_figure"], audits["total"])


def _total_contradicts(year: int, figure, records: int) -> Issue:
    message = ngettext(
        "The yearly figure says %(figure)s audit in %(year)s but the records hold %(records)s.",
        "The yearly figure says %(figure)s audits in %(year)s but the records hold %(records)s.",
        _plural_count(figure),
    )
    return Issue(
        section="audits",
        code="audit_total_contradicts_records",
        message=message % {"figure": _n(figure), "year": year, "records": _n(records)},
        details={"year": year, "figure": figure},
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
            % {"income": _n(accounts["income_total"]), "costs": _n(accounts["costs_total"])},
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
        *_number_style_issues(snapshot),
        *_missing_narrative_issues(year, snapshot),
        *_accounts_issues(snapshot),
        *_internal_text_issues(year, snapshot),
        *_audit_issues(year, snapshot),
        *_event_issues(snapshot),
    ]
