"""The reporting resources of the API: events, yearly figures, financial years with their
totals, and report jobs (read-only)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reporting.choices import EventKind
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    ReportJob,
    YearlyFigure,
)
from reporting.selectors import accounts_summary
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

EVENTS = reverse("api:event-list")
FIGURES = reverse("api:yearlyfigure-list")
YEARS = reverse("api:financialyear-list")
REPORTS = reverse("api:reportjob-list")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Events --------------------------------------------------------------------------------------


@pytest.fixture
def conference(world):
    event = Event.objects.create(
        title="Nationell konferens",
        kind=EventKind.CONFERENCE,
        year=2024,
        participants=560,
        participants_is_lower_bound=True,
        topics="Tillbörlig aktsamhet",
    )
    event.organisers.add(world.region_a, world.partner)
    return event


def test_event_shows_organisers_and_the_lower_bound(api_as, conference):
    body = api_as("reader").get(reverse("api:event-detail", args=[conference.pk])).json()
    assert body["organiser_codes"] == ["ADDA", "SE-T"]
    assert body["participants"] == 560
    assert body["participants_is_lower_bound"] is True
    assert body["kind"] == "conference"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": 2024}, {"Webinarier", "Nationell konferens"}),
        ({"year": 2023}, {"Upphandlingsdialog"}),
        ({"kind": "conference"}, {"Nationell konferens"}),
        ({"q": "aktsamhet"}, {"Nationell konferens"}),
        ({"organisation": "SE-T"}, {"Nationell konferens", "Upphandlingsdialog"}),
    ],
)
def test_event_filters(api_as, world, conference, query, expected):
    older = Event.objects.create(title="Upphandlingsdialog", kind="market_dialogue", year=2023)
    older.organisers.add(world.region_a)
    assert {row["title"] for row in results(api_as("reader").get(EVENTS, query))} == expected


def test_unknown_organiser_is_400_with_the_filter_named(api_as):
    response = api_as("reader").get(EVENTS, {"organisation": "SE-ZZ"})
    assert response.status_code == 400
    assert "organisation" in response.json()["errors"]


def test_event_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    count_queries(client, EVENTS)  # the first request of a token records its use
    few = count_queries(client, EVENTS)
    for n in range(15):
        event = Event.objects.create(title=f"Utbildning {n}", kind="training", year=2024)
        event.organisers.add(world.region_a, world.region_b)
    assert count_queries(client, EVENTS) == few


def test_auditor_sees_no_events(api_as, world):
    client = api_as("auditor")
    assert results(client.get(EVENTS)) == []
    assert client.get(reverse("api:event-detail", args=[world.event.pk])).status_code == 404


def test_event_csv_has_the_header_row(api_as, conference):
    response = api_as("reader").get(EVENTS, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "url", "title"]
    assert "organiser_codes" in rows[0]
    assert len(rows) == 3


def test_events_are_written_by_the_secretariat_only(api_as):
    # Writes are tested in test_registers_api.py; here: others are refused, bad input named.
    assert api_as("procurer_a").post(EVENTS, {"title": "Nytt"}).status_code == 403
    response = api_as("secretariat").post(EVENTS, {"title": "Nytt"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


# Yearly figures ------------------------------------------------------------------------------


def test_yearly_figures_with_filters(api_as):
    YearlyFigure.objects.create(
        year=2023, key="audits_total", value=Decimal(42), source="Verksamhetsrapport 2023"
    )
    YearlyFigure.objects.create(
        year=2024, key="newsletters", value=Decimal(11), source="Verksamhetsrapport 2024"
    )
    client = api_as("reader")
    [row] = results(client.get(FIGURES, {"year": 2023}))
    assert row["key"] == "audits_total"
    assert row["value"] == 42
    assert row["source"] == "Verksamhetsrapport 2023"
    assert [r["year"] for r in results(client.get(FIGURES, {"key": "newsletters"}))] == [2024]
    response = client.get(FIGURES, {"key": "followers"})
    assert response.status_code == 400
    assert "key" in response.json()["errors"]


# Financial years -----------------------------------------------------------------------------


def make_year(world, year: int, *, balanced: bool = True) -> FinancialYear:
    accounts = FinancialYear.objects.create(
        year=year, opening_balance=Decimal("1000.0"), closing_balance=Decimal("800.0")
    )
    Contribution.objects.create(
        financial_year=accounts, organisation=world.region_b, amount=Decimal("3000.5")
    )
    Contribution.objects.create(
        financial_year=accounts, organisation=world.region_a, amount=Decimal("1500.0")
    )
    CostLine.objects.create(
        financial_year=accounts, kind="staff", label="Personal", amount=Decimal("4000.0"), order=1
    )
    CostLine.objects.create(
        financial_year=accounts,
        kind="travel",
        label="Resor",
        amount=Decimal("700.5") if balanced else Decimal("600.0"),
        order=2,
    )
    return accounts


def test_financial_year_has_contributions_cost_lines_and_the_report_totals(api_as, world):
    accounts = make_year(world, 2024)
    body = api_as("reader").get(reverse("api:financialyear-detail", args=[accounts.pk])).json()
    assert [(c["organisation_code"], c["amount"]) for c in body["contributions"]] == [
        ("SE-AB", 3000.5),
        ("SE-T", 1500.0),
    ]
    assert [(c["label"], c["amount"]) for c in body["cost_lines"]] == [
        ("Personal", 4000.0),
        ("Resor", 700.5),
    ]
    summary = accounts_summary(year=2024)
    assert body["contributions_total"] == float(summary.contributions) == 4500.5
    assert body["costs_total"] == float(summary.costs) == 4700.5
    assert body["income"] == float(summary.income) == 4700.5
    assert body["balances"] is True


def test_unbalanced_year_says_so(api_as, world):
    make_year(world, 2023, balanced=False)
    [row] = results(api_as("reader").get(YEARS, {"year": 2023}))
    assert row["balances"] is False
    assert row["costs_total"] == 4600.0


def test_financial_year_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    make_year(world, 2024)
    count_queries(client, YEARS)
    few = count_queries(client, YEARS)
    for year in range(2010, 2020):
        make_year(world, year)
    assert count_queries(client, YEARS) == few


def test_a_changed_contribution_brings_the_year_back_in_sync(api_as, world):
    accounts = make_year(world, 2024)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    FinancialYear.objects.update(modified=long_ago)
    since = {"modified_since": (long_ago + datetime.timedelta(days=1)).isoformat()}
    client = api_as("reader")
    assert results(client.get(YEARS, since)) == []
    contribution = accounts.contributions.get(organisation=world.region_a)
    contribution.amount = Decimal("1600.0")
    contribution.save()
    [row] = results(client.get(YEARS, since))
    assert row["contributions_total"] == 4600.5
    FinancialYear.objects.update(modified=long_ago)
    accounts.cost_lines.get(label="Resor").delete()
    assert [row["costs_total"] for row in results(client.get(YEARS, since))] == [4000.0]


# Report jobs ---------------------------------------------------------------------------------


def test_report_job_shows_progress_and_a_pdf_only_when_done(api_as, world):
    job = ReportJob.objects.create(
        year=2024,
        status="running",
        progress=40,
        requested_by=world.users["secretariat"],
        warnings=[
            {
                "section": "accounts",
                "code": "contribution_missing",
                "message": "Bidrag saknas för SE-AB.",
                "details": {},
            }
        ],
        started_at=timezone.now(),
    )
    url = reverse("api:reportjob-detail", args=[job.pk])
    client = api_as("reader")
    body = client.get(url).json()
    assert body["status"] == "running"
    assert body["progress"] == 40
    assert [w["message"] for w in body["warnings"]] == ["Bidrag saknas för SE-AB."]
    assert body["requested_by"] == world.users["secretariat"].pk
    assert body["pdf_url"] is None
    assert "snapshot" not in body and "task_id" not in body and "pdf" not in body

    job.pdf.save("verksamhetsrapport-2024.pdf", ContentFile(b"%PDF-1.7"), save=False)
    job.status = "done"
    job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    body = client.get(url).json()
    assert body["pdf_url"] == f"http://testserver/api/v1/reports/{job.pk}/pdf/"
    download = client.get(body["pdf_url"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.7"
    assert APIClient().get(body["pdf_url"]).status_code == 401


def test_failed_job_says_why_and_has_no_pdf(api_as, world):
    ReportJob.objects.create(year=2024, status="failed", error="WeasyPrint saknas.")
    ReportJob.objects.create(year=2023, status="queued")
    client = api_as("reader")
    [row] = results(client.get(REPORTS, {"status": "failed"}))
    assert row["error"] == "WeasyPrint saknas."
    assert row["pdf_url"] is None
    assert [r["year"] for r in results(client.get(REPORTS, {"year": 2023}))] == [2023]


def test_report_jobs_follow_the_gate(api_as, world):
    job = ReportJob.objects.create(year=2024, requested_by=world.users["secretariat"])
    detail = reverse("api:reportjob-detail", args=[job.pk])
    for role in ("secretariat", "procurer_a", "procurer_b", "reader"):
        assert [row["id"] for row in results(api_as(role).get(REPORTS))] == [job.pk]
    auditor = api_as("auditor")
    assert results(auditor.get(REPORTS)) == []
    assert auditor.get(detail).status_code == 404
    assert APIClient().get(REPORTS).status_code == 401


def test_the_secretariat_orders_a_report_and_gets_202_with_the_jobs_address(
    api_as, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api_as("secretariat").post(REPORTS, {"year": 2024}, format="json")
    assert response.status_code == 202
    job = ReportJob.objects.get()
    assert response["Location"].endswith(reverse("api:reportjob-detail", args=[job.pk]))
    assert response.json()["status"] == "queued"
    assert (job.year, job.requested_by) == (2024, world.users["secretariat"])
    assert len(queued) == 1  # the worker is asked once the request has committed


@pytest.mark.parametrize(
    ("role", "body", "status"),
    [
        ("procurer_a", {"year": 2024}, 403),
        ("reader", {"year": 2024}, 403),
        ("secretariat", {"year": 1999}, 400),
        ("secretariat", {}, 400),
    ],
)
def test_a_report_order_is_refused_to_others_and_for_bad_years(api_as, role, body, status):
    response = api_as(role).post(REPORTS, body, format="json")
    assert response.status_code == status
    if status == 400:
        assert "year" in response.json()["errors"]
    assert not ReportJob.objects.exists()
