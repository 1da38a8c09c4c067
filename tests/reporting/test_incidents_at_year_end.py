"""A year's report tells of its incident cases as they stood at the year's end: what happened
later, a closing included, is the next year's news, so a report rebuilt later prints the same."""

import datetime

import pytest

from incidents.choices import DatePrecision, IncidentStatus, TimelineKind
from incidents.models import Incident, IncidentEvent
from reporting.report_data import report_snapshot

pytestmark = pytest.mark.django_db


def _entry(incident, day, kind, text, precision=DatePrecision.DAY):
    return IncidentEvent.objects.create(
        incident=incident, occurred_on=day, kind=kind, description=text, precision=precision
    )


@pytest.fixture
def case():
    incident = Incident.objects.create(
        title="Kobolt från Kongo",
        year_opened=2031,
        opened_on=datetime.date(2031, 3, 4),
        countries=["CD"],
        status=IncidentStatus.MONITORING,
    )
    _entry(incident, datetime.date(2031, 3, 4), TimelineKind.OPENED, "Rapport från Swedwatch.")
    _entry(incident, datetime.date(2031, 9, 1), TimelineKind.ACTION, "Leverantören svarade.")
    _entry(
        incident,
        datetime.date(2032, 1, 1),
        TimelineKind.PLANNED,
        "Besök på plats planeras.",
        precision=DatePrecision.YEAR,
    )
    return incident


def _row(year):
    incidents = report_snapshot(year=year)["incidents"]
    (row,) = incidents["rows"]
    return incidents["count"], row


def test_a_case_closed_the_next_year_stands_open_in_the_years_report(case):
    before = _row(2031)
    assert before[1]["status"] == IncidentStatus.MONITORING
    assert [e["description"] for e in before[1]["timeline"]] == [
        "Rapport från Swedwatch.",
        "Leverantören svarade.",
        "Besök på plats planeras.",
    ]
    # The next year the case is followed up and closed.
    _entry(case, datetime.date(2032, 4, 2), TimelineKind.ACTION, "Besök genomfört.")
    _entry(case, datetime.date(2032, 5, 20), TimelineKind.CLOSED, "Ärendet avslutades.")
    _entry(case, datetime.date(2033, 1, 1), TimelineKind.PLANNED, "Ny granskning 2033.")
    case.status = IncidentStatus.CLOSED
    case.closed_on = datetime.date(2032, 5, 20)
    case.outcome = "Leverantören bytte smältverk."
    case.save()  # as the service does: with its history
    after = _row(2031)
    assert after == before
    assert after[1]["outcome"] == ""
    # The next year's report tells of the closing, with the outcome.
    count, row = _row(2032)
    assert count == 1
    assert row["status"] == IncidentStatus.CLOSED
    assert row["outcome"] == "Leverantören bytte smältverk."
    assert [e["description"] for e in row["timeline"]][-3:] == [
        "Besök genomfört.",
        "Ärendet avslutades.",
        "Ny granskning 2033.",
    ]


def test_a_case_without_history_closed_the_next_year_stood_open(case):
    Incident.history.filter(id=case.pk).delete()
    Incident.objects.filter(pk=case.pk).update(
        status=IncidentStatus.CLOSED, closed_on=datetime.date(2032, 2, 1)
    )
    _count, row = _row(2031)
    assert (row["status"], row["status_label"]) == ("open", "Öppen")


def test_a_case_closed_within_the_year_is_closed_with_its_outcome(case):
    Incident.objects.filter(pk=case.pk).update(
        status=IncidentStatus.CLOSED,
        closed_on=datetime.date(2031, 12, 31),
        outcome="Avslutat utan anmärkning.",
    )
    _count, row = _row(2031)
    assert row["status"] == IncidentStatus.CLOSED
    assert row["status_label"] == str(IncidentStatus.CLOSED.label)
    assert row["outcome"] == "Avslutat utan anmärkning."
