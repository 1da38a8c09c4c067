"""The consistency check: the 2024 data give exactly the report's 45-versus-44 mistake and the
gaps that are really there; each kind of mismatch is found; nothing is changed."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from audits.models import Audit
from reporting.consistency import Issue, consistency_check
from reporting.models import CostLine, Narrative
from reporting.report_data import report_snapshot
from suppliers.models import Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_2024", verbosity=0)


def codes(issues):
    return sorted((issue.section, issue.code) for issue in issues)


def test_2024_reports_exactly_the_true_issues(seeded):
    issues = consistency_check(year=2024)
    assert all(isinstance(issue, Issue) for issue in issues)
    assert codes(issues) == sorted(
        [
            # The report's own mistake: "45 stycken kontorsrevisioner" above a list of 44.
            ("audits", "narrative_number_mismatch"),
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
