"""The report snapshot: every figure and list of the 2024 report from seed_2024, JSON-clean,
"no data" section by section for an empty year, and a query count that does not grow."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.choices import AuditKind, AuditStatus, FindingKind, FindingSeverity
from audits.models import Audit, Finding
from incidents.models import Incident, IncidentEvent
from reporting.consistency import _strings
from reporting.models import Event, YearlyFigure
from reporting.report_data import report_snapshot
from reporting.seed import facts_2024
from suppliers.models import Supplier

pytestmark = pytest.mark.django_db

SECTIONS = (
    "year_in_brief",
    "risks",
    "harmonised_requirements",
    "audits",
    "incidents",
    "organisation",
    "competence",
    "communication",
    "collaboration",
    "accounts",
)


@pytest.fixture(scope="module")
def snapshot(module_seed_2024):
    """The 2024 report's snapshot, built once for the module on the 2024 data."""
    return report_snapshot(year=2024)


def group(snapshot, kind):
    return next(g for g in snapshot["audits"]["groups"] if g["kind"] == kind)


def test_snapshot_is_json_and_every_section_has_data(snapshot):
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["year"] == 2024 and snapshot["has_data"]
    assert all(snapshot[section]["has_data"] for section in SECTIONS)


def test_year_in_brief(snapshot):
    brief = snapshot["year_in_brief"]
    assert brief["risk_analyses"] == 3
    assert brief["harmonised_requirements"] == 5
    assert (brief["audits"], brief["audits_previous_year"]) == (69, 42)
    assert brief["incidents"] == 6
    trainings = brief["trainings"]
    assert trainings["participants"] >= 560
    assert trainings["participants_is_lower_bound"]
    assert brief["webinars"]["sessions"] == 4  # three with Läkemedelsverket and the final one
    assert brief["conferences"]["events"] == 2


def test_audits_lists_totals_and_change(snapshot):
    audits = snapshot["audits"]
    assert audits["total"] == 69
    assert audits["counts"]["office"] == 44
    assert audits["counts"]["follow_up"] == 25
    assert set(group(snapshot, AuditKind.OFFICE)["suppliers"]) == set(facts_2024.OFFICE_AUDITS)
    assert set(group(snapshot, AuditKind.FOLLOW_UP)["suppliers"]) == set(
        facts_2024.FOLLOW_UP_AUDITS
    )
    assert group(snapshot, AuditKind.OFFICE)["suppliers"][:2] == ["AB Nordenta", "Abcur"]
    assert audits["previous_year"] == {
        "year": 2023,
        "total": 42,
        "source": "yearly_figure",
        "records": 0,
    }
    assert audits["change"]["from"] == 42 and audits["change"]["to"] == 69
    # The report has no findings: the section says so rather than inventing any.
    assert audits["findings"]["has_data"] is False
    assert audits["findings"]["total"] == 0


def test_findings_are_counted_by_kind_severity_and_status(snapshot):
    audit = Audit.objects.filter(year=2024).first()
    Finding.objects.create(
        audit=audit,
        kind=FindingKind.NON_COMPLIANCE,
        severity=FindingSeverity.MAJOR,
        description="Riskanalys av leveranskedjan saknas.",
        raised_on="2024-05-01",
    )
    findings = report_snapshot(year=2024)["audits"]["findings"]
    assert findings["total"] == 1 and findings["non_compliances_open"] == 1
    assert {r["value"]: r["count"] for r in findings["by_severity"]}["major"] == 1


def test_other_sections(snapshot):
    assert snapshot["risks"]["count"] == 3
    assert len(snapshot["risks"]["prioritised_categories"]) == 4
    assert snapshot["risks"]["study_count"] == 2
    assert len(snapshot["harmonised_requirements"]["rows"]) == 5
    assert snapshot["incidents"]["count"] == 6
    assert snapshot["organisation"]["staff"] == 5
    assert snapshot["organisation"]["staff_previous_year"] == 3
    communication = snapshot["communication"]
    assert communication["this_year"] == {
        "newsletters": 18,
        "newsletter_subscribers": 198,
        "media_articles": 13,
        "linkedin_followers": 1700,
    }
    points = communication["series"]["newsletters"]["points"]
    assert [(p["year"], p["value"]) for p in points] == [(2023, 13), (2024, 18)]
    ew = snapshot["collaboration"]["electronics_watch"]
    assert (ew["factories_reviewed"], ew["mines_reviewed"]) == (14, 2)
    assert {p["partner"] for p in snapshot["collaboration"]["partnerships"]} >= {
        "Adda Inköpscentral",
        "Electronics Watch",
    }


def test_accounts(snapshot):
    accounts = snapshot["accounts"]
    assert accounts["contributions_total"] == 10538
    assert accounts["costs_total"] == 12720
    assert accounts["income_total"] == 12720
    assert (accounts["opening_balance"], accounts["closing_balance"]) == (4120, 1938)
    assert accounts["balances"] is True
    assert len(accounts["contributions"]) == 21
    assert accounts["contributions"][-1]["short_name"] == "Östergötland"


def test_no_internal_note_in_printable_text(snapshot):
    texts = [text for _path, text in _strings(snapshot)]
    assert any(text == "Navamedivc AB" for text in texts)
    assert not any("glöm ej" in text.lower() for text in texts)


def test_confidential_incidents_are_counted_but_never_printed(snapshot):
    secret = Incident.objects.create(
        title="Hemligt ärende om mutor", year_opened=2024, confidential=True, description="X"
    )
    IncidentEvent.objects.create(
        incident=secret, occurred_on="2024-03-01", kind="action", description="Hemlig åtgärd"
    )
    incidents = report_snapshot(year=2024)["incidents"]
    assert (incidents["count"], incidents["listed_count"], incidents["confidential_count"]) == (
        7,
        6,
        1,
    )
    assert "Hemlig" not in json.dumps(incidents, ensure_ascii=False)


def test_a_year_without_data_says_so_section_by_section(snapshot):
    empty = report_snapshot(year=2019)
    assert json.loads(json.dumps(empty)) == empty
    assert empty["has_data"] is False
    assert not empty["narratives"]["has_data"]
    for section in SECTIONS:
        assert empty[section]["has_data"] is False, section
    assert empty["audits"]["groups"][0]["suppliers"] == []
    assert empty["audits"]["change"] is None
    assert empty["accounts"]["balances"] is None
    assert empty["incidents"]["rows"] == []


def snapshot_queries(year: int) -> int:
    with CaptureQueriesContext(connection) as context:
        report_snapshot(year=year)
    return len(context)


def add_rows(year: int, n: int) -> None:
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Leverantör {year}-{i}") for i in range(n)
    )
    for i, supplier in enumerate(suppliers):
        kind = AuditKind.OFFICE if i % 2 else AuditKind.FOLLOW_UP
        audit = Audit.objects.create(
            supplier=supplier, year=year, kind=kind, status=AuditStatus.CONDUCTED
        )
        Finding.objects.create(
            audit=audit,
            kind=FindingKind.OBSERVATION,
            description=f"Observation {i}",
            raised_on=f"{year}-01-01",
        )
        event = Event.objects.create(title=f"Webbinarium {i}", kind="webinar", year=year)
        event.organisers.set([])
        incident = Incident.objects.create(title=f"Ärende {i}", year_opened=year)
        IncidentEvent.objects.create(
            incident=incident, occurred_on=f"{year}-02-01", kind="action", description="Steg"
        )
    YearlyFigure.objects.create(year=year, key="newsletters", value=n, source="Test")


def test_query_count_does_not_grow_with_rows(db):
    add_rows(2030, 1)
    add_rows(2031, 12)
    one, many = snapshot_queries(2030), snapshot_queries(2031)
    assert one == many
    assert report_snapshot(year=2031)["audits"]["total"] == 12
