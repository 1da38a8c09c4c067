"""The consistency check: the 2024 data give exactly the report's 45-versus-44 mistake and the
gaps that are really there; each kind of mismatch is found; nothing is changed."""

from decimal import Decimal

import pytest
from django.utils import translation

from audits.models import Audit
from reporting.choices import ReportSection
from reporting.consistency import Issue, consistency_check
from reporting.models import CostLine, Narrative, YearlyFigure
from reporting.report_data import report_snapshot
from reporting.templatetags.report_format import sv_number
from suppliers.models import Supplier
from tests.reporting.invented_year import invent_year

pytestmark = pytest.mark.django_db


def sv(value) -> str:
    """A number as a narrative writes it: "1 700" with a plain space, "3 507,5"."""
    return sv_number(value).replace("\u00a0", " ")


def say(year: int, body: str, section: str = "competence", order: int = 90) -> Narrative:
    return Narrative.objects.create(year=year, section=section, order=order, body=body)


def issues_of(year: int, code: str) -> list[Issue]:
    return [issue for issue in consistency_check(year=year) if issue.code == code]


@pytest.fixture
def year_2033(db):
    """Two of most things: 2033, with events of every kind of the competence section."""
    return invent_year(2033, 2)


# Every participant total the report prints, as the invented year gives it.
PRINTED_TOTALS = {
    "the competence table's total": lambda made: made.competence_participants,
    "the trainings' key figure": lambda made: made.participants["training"],
    "the internal trainings' key figure": lambda made: made.participants["internal_training"],
    "the webinars' key figure": lambda made: made.participants["webinar"],
    "the conferences' key figure": lambda made: made.participants["conference"],
    "the market dialogues' key figure": lambda made: made.participants["market_dialogue"],
    "one event's figure": lambda made: made.event_participants[3],
}


def test_the_printed_totals_differ(year_2033):
    """Each test below would pass by chance if two totals were equal."""
    totals = [total(year_2033) for total in PRINTED_TOTALS.values()]
    assert len(set(totals)) == len(totals)


@pytest.mark.parametrize("over", ["över ", ""])
@pytest.mark.parametrize("what", PRINTED_TOTALS)
def test_every_participant_total_the_report_prints_is_accepted(year_2033, what, over):
    total = PRINTED_TOTALS[what](year_2033)
    say(2033, f"Under året deltog {over}{sv(total)} deltagare.", order=1)
    say(2033, f"Sammanlagt {sv(total)} personer tog del av {what}.", order=2)
    assert issues_of(2033, "narrative_number_mismatch") == []
    assert issues_of(2033, "narrative_number_without_data") == []


def test_a_participant_total_the_report_does_not_print_is_flagged(year_2033):
    wrong = year_2033.competence_participants + 1
    say(2033, f"Över {wrong} deltagare tog del av utbildningarna.")
    [issue] = issues_of(2033, "narrative_number_mismatch")
    assert issue.details["stated"] == str(wrong)
    assert issue.details["data"] == year_2033.competence_participants


@pytest.mark.parametrize(
    ("kind", "noun"),
    [
        ("training", "utbildningstillfällen"),
        ("internal_training", "internutbildningar"),
        ("webinar", "webbinarier"),
        ("conference", "konferenser"),
        ("market_dialogue", "marknadsdialoger"),
    ],
)
def test_sessions_and_events_the_key_figures_print_are_accepted(year_2033, kind, noun):
    made = year_2033
    say(2033, f"Under året hölls {made.sessions[kind]} {noun}.", order=1)
    say(2033, f"Det var {made.events[kind]} {noun} i serien.", order=2)
    assert issues_of(2033, "narrative_number_mismatch") == []


def test_amounts_in_millions_and_in_tkr_are_compared_with_the_accounts(year_2033):
    made = year_2033  # closing balance 1 624 tkr, opening 3 507,5 tkr
    assert made.closing_balance == 1624
    say(2033, "Den ingående balansen uppgick till 3,5 mnkr.", section="accounts", order=1)
    say(2033, "Överskottet om 1,6 mnkr förs till nästa år.", section="accounts", order=2)
    say(2033, f"Kostnaderna uppgick till {sv(made.costs)} tkr.", section="accounts", order=3)
    assert issues_of(2033, "narrative_number_mismatch") == []
    say(2033, "Den utgående balansen blev 2,1 miljoner kronor.", section="accounts", order=4)
    [issue] = issues_of(2033, "narrative_number_mismatch")
    assert issue.details["stated"] == "2,1"
    with translation.override("sv"):
        [issue] = issues_of(2033, "narrative_number_mismatch")
        assert issue.message.endswith("men uppgifterna ger 1\u00a0624 tkr (utgående balans).")
    with translation.override("en"):
        [issue] = issues_of(2033, "narrative_number_mismatch")
        assert issue.message.endswith("but the data give 1,624 tkr (closing balance).")


def test_numbers_in_another_style_are_flagged_with_the_swedish_form(year_2033):
    say(
        2033,
        "Kostnaderna var 4394.5 tkr, varav SEK 1.9 miljoner till utbildningar och 4.12 "
        "miljoner till revisioner; 1,900 åhörare kom kl. 13.30 för att höra om ISO 14001, "
        "och nyhetsbrevet nådde 10538 läsare.",
        section="accounts",
        order=1,
    )
    with translation.override("sv"):
        issues = issues_of(2033, "number_style")
    assert [(i.details["excerpt"], i.details["suggestion"]) for i in issues] == [
        ("4394.5 tkr", "4\u00a0394,5 tkr"),
        ("SEK 1.9 miljoner", "1,9 miljoner kronor"),
        ("4.12 miljoner", "4,12 miljoner"),
        ("1,900", "1\u00a0900"),
        ("10538", "10\u00a0538"),
    ]
    assert all(i.section == "accounts" for i in issues)
    assert issues[1].message == (
        "Texten skriver ”SEK 1.9 miljoner”; rapporten skriver tal på svenskt sätt: "
        "”1,9 miljoner kronor”."
    )
    with translation.override("en"):
        issue = issues_of(2033, "number_style")[2]
    assert issue.message == (
        "The text writes “4.12 miljoner”; the report writes numbers the Swedish way: "
        "“4,12 miljoner”."
    )
    # The amount is still compared with the data, whatever its style: 4394.5 tkr is the costs.
    assert issues_of(2033, "narrative_number_mismatch") == []


def test_the_accounts_note_and_cost_notes_are_checked_too(year_2033):
    from reporting.models import FinancialYear

    year = FinancialYear.objects.get(year=2033)
    year.note = "Överskottet om SEK 1,6 miljoner förs över."
    year.save()
    CostLine.objects.filter(financial_year=year, order=0).update(note="Varav 1,250 tkr resor.")
    issues = issues_of(2033, "number_style")
    assert [(i.details["path"], i.details["suggestion"]) for i in issues] == [
        ("accounts.note", "1,6 miljoner kronor"),
        ("accounts.cost_lines[0].note", "1\u00a0250"),
    ]


def test_a_year_with_data_and_no_text_lists_every_section(db):
    invent_year(2031, 1, narratives=False)
    with translation.override("sv"):
        issues = issues_of(2031, "narrative_missing")
    assert [i.section for i in issues] == list(ReportSection.values)
    accounts = issues[-1]
    assert accounts.message == "Avsnittet ”Årsredovisning” för 2031 saknar ännu text."
    assert accounts.details["section_label"] == "Årsredovisning"
    with translation.override("en"):
        assert issues_of(2031, "narrative_missing")[-1].message == (
            "The section “Annual accounts” of 2031 has no text yet."
        )


def test_sections_started_but_still_empty_are_listed_with_their_place(db):
    invent_year(2031, 1, narratives=False)
    # "Starta året" makes the year's sections empty; two are written, one is not yet.
    say(2031, "Inledningen är skriven.", section="introduction", order=1)
    say(2031, "Revisionerna är beskrivna.", section="audits", order=1)
    say(2031, "   ", section="audits", order=2)  # a second, empty paragraph: the section has text
    say(2031, "  \n ", section="incidents", order=1)
    issues = issues_of(2031, "narrative_missing")
    assert [(i.section, i.details.get("narrative")) for i in issues] == [
        ("incidents", {"section": "incidents", "order": 1})
    ]


def test_a_year_without_data_or_texts_has_nothing_to_write(db):
    assert issues_of(2029, "narrative_missing") == []


@pytest.mark.parametrize(
    ("language", "audits", "expected"),
    [
        ("sv", 1, "1 revision saknar inköpskategori."),
        ("sv", 2, "2 revisioner saknar inköpskategori."),
        ("en", 1, "1 audit has no purchasing category."),
        ("en", 2, "2 audits have no purchasing category."),
    ],
)
def test_messages_agree_with_their_numbers(db, language, audits, expected):
    for index in range(audits):
        supplier = Supplier.objects.create(name=f"Leverantör utan kategori {index}")
        Audit.objects.create(supplier=supplier, kind="office", status="conducted", year=2032)
    with translation.override(language):
        [issue] = issues_of(2032, "audit_without_category")
    assert issue.message == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "men uppgifterna ger 1 kontorsrevision."),
        ("en", "but the data give 1 office audit."),
    ],
)
def test_a_mismatch_names_the_data_in_agreement(db, language, expected):
    invent_year(2031, 1)
    say(2031, "Under året gjordes 2 kontorsrevisioner.", section="audits")
    with translation.override(language):
        [issue] = issues_of(2031, "narrative_number_mismatch")
    assert issue.message.endswith(expected)


def test_numbers_in_messages_follow_the_language(db):
    invent_year(2031, 1)
    say(2031, "Vi har nu 2 200 följare.", section="communication")
    with translation.override("sv"):
        [issue] = issues_of(2031, "narrative_number_mismatch")
        assert issue.message.endswith("uppgifterna ger 2\u00a0150 följare på LinkedIn.")
    with translation.override("en"):
        [issue] = issues_of(2031, "narrative_number_mismatch")
        assert issue.message.endswith("the data give 2,150 LinkedIn followers.")


def test_the_yearly_figure_against_the_records_agrees_too(db):
    invent_year(2031, 1)  # 1 audit in 2031, and the figure of 2030: 1
    YearlyFigure.objects.create(year=2031, key="audits_total", value=3, source="Handräknat")
    with translation.override("sv"):
        [issue] = issues_of(2031, "audit_total_contradicts_records")
    assert issue.message == "Årsuppgiften anger 3 revisioner 2031 men registret innehåller 1."


# The tests on the 2024 data come last: the data, loaded once, stays for the rest of the module.


@pytest.fixture
def seeded(module_seed_2024):
    """The 2024 data, loaded once for the module."""


def codes(issues):
    return sorted((issue.section, issue.code) for issue in issues)


def test_2024_reports_exactly_the_true_issues(seeded):
    issues = consistency_check(year=2024)
    assert all(isinstance(issue, Issue) for issue in issues)
    assert codes(issues) == sorted(
        [
            # The report's own mistake: "45 stycken kontorsrevisioner" above a list of 44.
            ("audits", "narrative_number_mismatch"),
            # The accounts' text writes "4.12 miljoner" and "SEK 1.9 miljoner", its note
            # "SEK 1,9 miljoner": not the Swedish style the report prints its figures in.
            ("accounts", "number_style"),
            ("accounts", "number_style"),
            ("accounts", "number_style"),
            # True: the report names no purchasing category for any of its 69 audits, so
            # seed_2024 leaves every audit's category empty (facts only, nothing invented).
            ("audits", "audit_without_category"),
            # True: the report gives no number of participants for these four events of the
            # competence section (the annual conference, the Nordic conference, the Svanen
            # training and the final webinar of the market analysis); seed_2024 keeps them empty.
            ("competence", "event_without_participants"),
            ("competence", "event_without_participants"),
            ("competence", "event_without_participants"),
            ("competence", "event_without_participants"),
        ]
    )
    mismatch = next(i for i in issues if i.code == "narrative_number_mismatch")
    assert mismatch.details["stated"] == "45"
    assert mismatch.details["data"] == 44
    assert mismatch.details["narrative"] == {"section": "audits", "order": 3}
    assert "45 stycken kontorsrevisioner" in mismatch.message
    styles = [i for i in issues if i.code == "number_style"]
    assert [(i.details["excerpt"], i.details["suggestion"]) for i in styles] == [
        ("4.12 miljoner", "4,12 miljoner"),
        ("SEK 1.9 miljoner", "1,9 miljoner kronor"),
        ("SEK 1,9 miljoner", "1,9 miljoner kronor"),
    ]
    assert styles[0].details["narrative"] == {"section": "accounts", "order": 1}
    assert styles[2].details["path"] == "accounts.note"
    no_category = next(i for i in issues if i.code == "audit_without_category")
    assert len(no_category.details["audits"]) == 69
    titles = {i.details["title"] for i in issues if i.code == "event_without_participants"}
    assert any(title.startswith("Nätverkets årliga konferens") for title in titles)
    # Nothing was corrected.
    assert Narrative.objects.filter(body__startswith="45 stycken").exists()


def test_the_check_uses_a_given_snapshot(seeded):
    snapshot = report_snapshot(year=2024)
    snapshot["audits"]["counts"]["office"] = 45
    issues = consistency_check(year=2024, snapshot=snapshot)
    mismatches = [i for i in issues if i.code == "narrative_number_mismatch"]
    # Now "44 revisioner av nya leverantörer" is the one that disagrees.
    assert [issue.details["stated"] for issue in mismatches] == ["44"]


def test_a_year_without_data_gives_no_issues(db):
    assert consistency_check(year=2019) == []


def test_narrative_numbers_are_checked_in_words_and_from_to(seeded):
    Narrative.objects.create(
        year=2024,
        section="communication",
        order=99,
        body="Antalet nyhetsbrev har gått från 12 stycken (2023) till 18 stycken (2024). "
        "Under året har sju ärenden hanterats.",
    )
    mismatches = [i for i in consistency_check(year=2024) if i.code == "narrative_number_mismatch"]
    stated = sorted(issue.details["stated"] for issue in mismatches)
    assert stated == ["12", "45", "sju"]


def test_narrative_number_without_data(db):
    Narrative.objects.create(
        year=2030, section="communication", order=1, body="Vi skickade 5 nyhetsbrev."
    )
    Narrative.objects.create(year=2030, section="audits", order=1, body="Vi gjorde 5 revisioner.")
    issues = consistency_check(year=2030)
    # No newsletter figure for 2030: unconfirmed. No audit recorded in 2030: 0, a mismatch.
    assert codes(issues) == [
        ("audits", "narrative_number_mismatch"),
        ("communication", "narrative_number_without_data"),
    ]


def test_accounts_that_do_not_balance(seeded):
    line = CostLine.objects.get(financial_year__year=2024, kind="travel")
    line.amount = Decimal(200)
    line.save()
    issue = next(i for i in consistency_check(year=2024) if i.code == "accounts_do_not_balance")
    assert issue.details["difference"] == -25
    # The narrative's "i balans" claim is not what the check relies on: the numbers are.


def test_internal_notes_in_printed_fields(seeded):
    supplier = Supplier.objects.get(name="ICU Medical")
    supplier.name = "ICU Medical (glöm ej ta med observatör)"
    supplier.save()
    Narrative.objects.create(year=2024, section="audits", order=99, body="TODO: skriv klart.")
    audit = Audit.objects.filter(year=2024).first()
    audit.internal_note = "Glöm ej observatör."  # never printed: not reported
    audit.save()
    issues = [i for i in consistency_check(year=2024) if i.code.startswith("internal_text")]
    paths = sorted(issue.details["path"] for issue in issues)
    assert len(paths) == 2
    assert paths[0].startswith("audits.groups[1].suppliers[")
    assert paths[1].startswith("narratives.sections.audits[")
    assert {issue.section for issue in issues} == {"audits"}


def test_public_summary_with_internal_text(seeded, django_user_model):
    user = django_user_model.objects.create(username="kansliet")
    audit = Audit.objects.filter(year=2024).first()
    audit.public_summary = "Godkänd. Kom ihåg att följa upp."
    audit.public_summary_approved_by = user
    audit.public_summary_approved_at = "2024-12-01T00:00:00Z"
    audit.save()
    issues = [
        i for i in consistency_check(year=2024) if i.code == "internal_text_in_public_summary"
    ]
    assert [issue.details["audit"] for issue in issues] == [audit.pk]


# --- Invented years: the participants rule, amounts, number style, missing texts, agreement ---
