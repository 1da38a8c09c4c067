"""The printed report of invented years (one of everything, two, many) and of 2024: every
generated sentence agrees in number with its count, labels are in lower case inside a sentence,
every country has its Swedish name, numbers are written the Swedish way, the report never speaks
of the portal, and no page holds a lone line."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags

from reporting.render import render_report, render_report_html
from reporting.report_data import report_snapshot
from reporting.templatetags.report_format import NBSP, sv_number
from tests.reporting.invented_year import SWEDISH_COUNTRIES, invent_year
from tests.reporting.pdf import page_body_lines, pdf_text

# The module's report fixture needs the test database set up: each test asks for it.
pytestmark = pytest.mark.django_db

# One of everything, two of most things (one of some), many of everything. Two years apart:
# each invented year writes figures of the year before it too.
INVENTED = {1: 2031, 2: 2033, 7: 2035}

# A page other than the cover holds at least this many lines besides its header and footer.
MIN_LINES = 3


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """The 2024 report (seed_2024) and the invented years' reports, rendered once for the
    module on data rolled back afterwards: {n or 2024: {"made", "snapshot", "pdf", "text"}}."""
    reports = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_2024", verbosity=0, stdout=io.StringIO())
        made = {n: invent_year(year, n) for n, year in INVENTED.items()}
        with translation.override("sv"):
            for key, year in [(2024, 2024), *((n, y) for n, y in INVENTED.items())]:
                snapshot = report_snapshot(year=year)
                pdf = render_report(snapshot, issues=[]).pdf
                reports[key] = {
                    "year": year,
                    "made": made.get(key),
                    "snapshot": snapshot,
                    "pdf": pdf,
                    "text": pdf_text(io.BytesIO(pdf)),
                }
        transaction.set_rollback(True)
    return reports


def html_text(snapshot) -> str:
    html = render_report_html(snapshot, issues=[])
    return re.sub(r"\s+", " ", strip_tags(html)).replace("\u00a0", " ")


@pytest.mark.parametrize(
    "expected",
    [
        # The year in brief: each key figure's label agrees with its number.
        "1 fördjupad riskanalys",
        "1 vägledning",
        "1 revision (mot 1 år 2030)",
        "1 hanterat incidentärende",
        "deltagare i 1 utbildningstillfälle",
        "deltagare i 1 internutbildning",
        "1 webbinarium, 24 deltagare",
        "1 konferens, 27 deltagare",
        "1 marknadsdialog, 32 deltagare",
        # Risks and harmonised requirements.
        "Fördjupad riskanalys 2031",
        "1 riskanalys genomförd under 2031",
        "1 vägledning framtagen under 2031",
        # Audits.
        "1 revision genomförd 2031",
        "1 kontorsrevision",
        "Under 2031 genomfördes 1 revision, mot 1 revision under 2030.",
        "Kontorsrevision: 1 revision hos följande leverantör",
        "1 iakttagelse vid årets revisioner",
        # Incidents: one risk area, one country, one supplier; in lower case mid-sentence.
        "Under 2031 har 1 incidentärende hanterats.",
        "Riskområde: tvångsarbete",
        "Land: Elfenbenskusten",
        "Leverantör: Uppfunnen leverantör 2031-1 AB",
        "Status: öppen",
        # Electronics Watch.
        "1 fabrik granskad av Electronics Watch 2031",
        "1 gruva granskad av Electronics Watch 2031",
    ],
)
def test_one_of_everything_is_told_in_the_singular(printed, expected):
    assert expected in printed[1]["text"]


# Nouns the report counts, in the plural: none may follow the number 1.
PLURALS = (
    "revisioner",
    "kontorsrevisioner",
    "återrevisioner",
    "riskanalyser",
    "fördjupade",
    "harmoniserade",
    "vägledningar",
    "incidentärenden",
    "hanterade",
    "iakttagelser",
    "utbildningstillfällen",
    "internutbildningar",
    "webbinarier",
    "konferenser",
    "marknadsdialoger",
    "fabriker",
    "gruvor",
    "leverantörer",
    "sekretessbelagda",
    "genomförda",
)


@pytest.mark.parametrize("n", sorted(INVENTED))
def test_the_number_one_never_precedes_a_plural(printed, n):
    text = printed[n]["text"]
    wrong = re.findall(rf"(?<![\d ,])1 (?:{'|'.join(PLURALS)})\b", text)
    assert wrong == []


@pytest.mark.parametrize(
    "expected",
    [
        "2 riskanalyser, varav 1 fördjupad",
        "Riskanalyser 2033",
        "2 riskanalyser genomförda under 2033",
        "2 harmoniserade krav och vägledningar framtagna under 2033",
        "3 revisioner (mot 2 år 2032)",
        "Under 2033 genomfördes 3 revisioner, mot 2 revisioner under 2032.",
        "1 återrevision",
        "Kontorsrevisioner: 2 revisioner hos följande leverantörer",
        "Återrevision: 1 revision hos följande leverantör",
        "3 iakttagelser vid årets revisioner",
        "Under 2033 har 2 incidentärenden hanterats. Av dessa är 1 sekretessbelagt och redovisas "
        "inte här.",
        "Riskområden: barnarbete och skuldslaveri",
        "2 fabriker granskade av Electronics Watch 2033",
        "deltagare i 3 utbildningstillfällen",
        "3 webbinarier, över 61 deltagare",
    ],
)
def test_two_of_most_things_mixes_singular_and_plural(printed, expected):
    assert expected in printed[2]["text"]


def test_many_of_everything_is_told_in_the_plural(printed):
    text, made = printed[7]["text"], printed[7]["made"]
    assert f"Under 2035 har {made.incidents} incidentärenden hanterats." in text
    assert "Av dessa är 2 sekretessbelagda och redovisas inte här." in text
    assert f"{made.risk_analyses} riskanalyser, varav {made.in_depth} fördjupade" in text
    assert f"Kontorsrevisioner: {made.office_audits} revisioner hos följande leverantörer" in text
    assert f"Återrevisioner: {made.follow_up_audits} revisioner hos följande leverantörer" in text
    assert "Länder: " in text and "Leverantörer: " in text and "Riskområden: " in text


@pytest.mark.parametrize("n", sorted(INVENTED))
def test_every_country_has_its_swedish_name(printed, n):
    text, made = printed[n]["text"], printed[n]["made"]
    assert made.countries
    for code in set(made.countries):
        assert SWEDISH_COUNTRIES[code] in text
        assert not re.search(rf"(?:Land|Länder): [^·]*\b{code}\b", text), code


def test_a_year_of_only_confidential_incidents_says_so_in_agreement(printed):
    snapshot = dict(printed[1]["snapshot"])
    one = {**snapshot["incidents"], "count": 1, "confidential_count": 1, "rows": []}
    assert (
        "Under 2031 har 1 incidentärende hanterats. Ärendet är sekretessbelagt och redovisas "
        "inte här." in html_text({**snapshot, "incidents": one})
    )
    three = {**one, "count": 3, "confidential_count": 3}
    assert (
        "Under 2031 har 3 incidentärenden hanterats. Samtliga är sekretessbelagda och "
        "redovisas inte här." in html_text({**snapshot, "incidents": three})
    )


@pytest.mark.parametrize("key", [2024, *sorted(INVENTED)])
def test_the_report_never_speaks_of_the_portal(printed, key):
    assert "portal" not in printed[key]["text"].casefold()


@pytest.mark.parametrize("n", sorted(INVENTED))
def test_every_generated_number_is_written_the_swedish_way(printed, n):
    text, made = printed[n]["text"], printed[n]["made"]
    # The invented texts hold no number: every number here was generated by the report.
    assert not re.search(r"\d\.\d", text)  # no decimal point
    assert not re.search(r"\d,\d{3}(?!\d)", text)  # no comma between thousands
    assert "Ingående balans (IB) 3 507,5" in text
    assert f"Summa kostnader {sv_number(made.costs).replace(NBSP, ' ')}" in text
    # Five-digit numbers have their space: the subscribers' and followers' figures.
    assert not re.search(r"(?<![\d-])\d{5,}(?![\d-])", text)


@pytest.mark.parametrize("key", [2024, *sorted(INVENTED)])
def test_no_page_holds_a_lone_line(printed, key):
    report = printed[key]
    pages = page_body_lines(io.BytesIO(report["pdf"]), report["year"])
    short = {
        number: lines for number, lines in enumerate(pages[1:], start=2) if len(lines) < MIN_LINES
    }
    assert short == {}


def test_the_accounts_chapter_keeps_to_one_page_in_2024(printed):
    pages = [" ".join(lines) for lines in page_body_lines(io.BytesIO(printed[2024]["pdf"]), 2024)]
    income = [i for i, page in enumerate(pages) if "Summa intäkter" in page]
    assert len(income) == 1
    page = pages[income[0]].replace("\u00a0", " ")
    assert "Summa kostnader" in page
    assert "Intäkter och kostnader balanserar: 12 720 tkr." in page
