"""An incident case's days are the days things happened: the year follows the opening day unless
stated, a stated year that contradicts it is refused on the year, nothing but a plan lies in the
future, a case closed without a day was closed today. The refusals stand next to the field, in
Swedish and in English, in the form and in the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from incidents.choices import TimelineKind
from incidents.models import Incident
from incidents.services import incident_create, incident_event_add, incident_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def today() -> datetime.date:
    """Today in Stockholm, read when a test runs: a constant read at collection went stale when
    the run passed midnight (a run started at 23:55 expected the day before)."""
    return timezone.localdate()


def tomorrow() -> datetime.date:
    return today() + datetime.timedelta(days=1)


def _create(world, **fields):
    return incident_create(
        user=world.users["procurer_a"],
        title=fields.pop("title", "Kobolt från Kongo"),
        lead_organisation=world.region_a,
        **fields,
    )


def _messages(callable_, language):
    with translation.override(language), pytest.raises(ValidationError) as error:
        callable_()
    return error.value.message_dict


def test_the_year_follows_the_opening_day_unless_stated(world):
    incident = _create(world, opened_on=datetime.date(2023, 11, 7))
    assert incident.year_opened == 2023
    # No day and no year: opened this year.
    assert _create(world, title="Utan datum").year_opened == today().year
    # A new opening day moves the year with it, when the year is not stated.
    incident = incident_update(
        incident=incident, user=world.users["procurer_a"], opened_on=datetime.date(2022, 3, 1)
    )
    assert incident.year_opened == 2022


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Året 2025 stämmer inte med dagen då ärendet öppnades, 2023-11-07."),
        ("en", "The year 2025 contradicts the day the case was opened, 2023-11-07."),
    ],
)
def test_a_stated_year_that_contradicts_the_opening_day_is_refused_on_the_year(
    world, language, message
):
    errors = _messages(
        lambda: _create(world, year_opened=2025, opened_on=datetime.date(2023, 11, 7)), language
    )
    assert errors == {"year_opened": [message]}
    assert not Incident.objects.filter(title="Kobolt från Kongo").exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Datumet kan inte ligga i framtiden (i dag är {today})."),
        ("en", "The date cannot be in the future (today is {today})."),
    ],
)
def test_neither_the_opening_nor_the_closing_day_lies_in_the_future(world, language, message):
    expected = [message.format(today=today().isoformat())]
    assert _messages(lambda: _create(world, opened_on=tomorrow()), language) == {
        "opened_on": expected
    }
    incident = _create(world, opened_on=datetime.date(2024, 2, 1))
    errors = _messages(
        lambda: incident_update(
            incident=incident, user=world.users["procurer_a"], status="closed", closed_on=tomorrow()
        ),
        language,
    )
    assert errors == {"closed_on": expected}
    incident.refresh_from_db()
    assert incident.status == "open" and incident.closed_on is None


def test_a_case_closed_without_a_day_was_closed_today_and_not_before_it_opened(world):
    incident = _create(world, opened_on=datetime.date(2024, 2, 1))
    with translation.override("sv"):
        errors = _messages(
            lambda: incident_update(
                incident=incident,
                user=world.users["procurer_a"],
                status="closed",
                closed_on=datetime.date(2024, 1, 15),
            ),
            "sv",
        )
    assert errors == {
        "closed_on": ["Datumet kan inte vara före dagen då ärendet öppnades (2024-02-01)."]
    }
    incident = incident_update(incident=incident, user=world.users["procurer_a"], status="closed")
    assert incident.closed_on == today()


def test_only_a_plan_lies_in_the_future_on_the_timeline(world):
    incident = _create(world, opened_on=datetime.date(2024, 2, 1))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        incident_event_add(
            incident=incident,
            user=world.users["procurer_a"],
            occurred_on=tomorrow(),
            kind=TimelineKind.ACTION,
            description="Besök hos fabriken.",
        )
    assert error.value.message_dict == {
        "occurred_on": [f"The date cannot be in the future (today is {today().isoformat()})."]
    }
    plan = incident_event_add(
        incident=incident,
        user=world.users["procurer_a"],
        occurred_on=tomorrow(),
        kind=TimelineKind.PLANNED,
        description="Uppföljning på plats planeras.",
    )
    assert list(incident.timeline.all()) == [plan]


def test_the_form_shows_a_contradicting_year_next_to_the_year(client, world):
    client.force_login(world.users["procurer_a"])
    response = client.post(
        reverse("incidents:incident_add"),
        {
            "title": "Bomull från Xinjiang",
            "year_opened": 2025,
            "opened_on": "2024-06-03",
            "status": "open",
            "lead_organisation": world.region_a.pk,
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "year_opened": ["Året 2025 stämmer inte med dagen då ärendet öppnades, 2024-06-03."]
    }
    assert not form.non_field_errors()
    # Left empty, the year follows the day.
    response = client.post(
        reverse("incidents:incident_add"),
        {
            "title": "Bomull från Xinjiang",
            "opened_on": "2024-06-03",
            "status": "open",
            "lead_organisation": world.region_a.pk,
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get(title="Bomull från Xinjiang").year_opened == 2024


def test_the_timeline_form_shows_a_future_day_at_its_date_field(client, world):
    client.force_login(world.users["procurer_a"])
    response = client.post(
        reverse("incidents:incidentevent_add", args=[world.incident.pk]),
        {"when": tomorrow().isoformat(), "kind": "decision", "description": "Avtalet hävs."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["when"] == [
        f"The date cannot be in the future (today is {today().isoformat()})."
    ]
    assert not form.non_field_errors()
    assert not world.incident.timeline.exists()


def test_the_api_names_the_field_of_a_refused_day(world, api_as):
    api = api_as("procurer_a")
    response = api.post(
        reverse("api:incident-list"),
        {
            "title": "Mica från Jharkhand",
            "year_opened": 2026,
            "opened_on": "2024-05-05",
            "status": "open",
            "lead_organisation": world.region_a.pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "year_opened": ["The year 2026 contradicts the day the case was opened, 2024-05-05."]
    }
    response = api.post(
        reverse("api:incident-list"),
        {
            "title": "Mica från Jharkhand",
            "opened_on": "2024-05-05",
            "status": "open",
            "lead_organisation": world.region_a.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["year_opened"] == 2024
    response = api.post(
        reverse("api:incident-timeline", args=[response.json()["id"]]),
        {"occurred_on": tomorrow().isoformat(), "kind": "action", "description": "Besök."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "occurred_on": [f"Datumet kan inte ligga i framtiden (i dag är {today().isoformat()})."]
    }
