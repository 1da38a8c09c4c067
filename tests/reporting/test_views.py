"""The event pages: list with filters, participants as lower bounds, query counts."""

import datetime

import pytest
from django.urls import reverse

from reporting.choices import EventFormat, EventKind
from reporting.models import Event
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def make_events(start, stop, organisers):
    for n in range(start, stop):
        event = Event.objects.create(
            title=f"Utbildning {n}", kind=EventKind.TRAINING, year=2024, participants=n + 10
        )
        event.organisers.set(organisers)


def test_event_list_queries_do_not_grow_with_rows(client, world):
    Event.objects.all().delete()
    client.force_login(world.users["reader"])
    url = reverse("reporting:event_list")
    make_events(0, 1, [world.region_a, world.partner])
    one = count_queries(client, url)
    make_events(1, 50, [world.region_a, world.partner])
    assert count_queries(client, url) == one


@pytest.fixture
def events(world):
    conference = Event.objects.create(
        title="Nationell konferens",
        kind=EventKind.CONFERENCE,
        year=2024,
        participants=560,
        participants_is_lower_bound=True,
        format=EventFormat.HYBRID,
        date=datetime.date(2024, 10, 8),
        location="Stockholm",
        topics="Tillbörlig aktsamhet <i>i praktiken</i>",
    )
    conference.organisers.add(world.region_a, world.partner)
    Event.objects.create(title="Marknadsdialog textil", kind=EventKind.MARKET_DIALOGUE, year=2023)
    return conference


def test_event_list_shows_lower_bounds(client, world, events):
    client.force_login(world.users["reader"])
    content = client.get(reverse("reporting:event_list")).content.decode()
    assert "över 560" in content
    assert "Webbinarium" in content  # the kind, in Swedish
    assert "Adda Inköpscentral" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2023", {"Marknadsdialog textil"}),
        ("kind=conference", {"Nationell konferens"}),
        ("kind=webinar&year=2024", {"Webinarier"}),
        ("q=aktsamhet", {"Nationell konferens"}),
        ("q=textil", {"Marknadsdialog textil"}),
    ],
)
def test_event_list_filters(client, world, events, query, expected):
    client.force_login(world.users["procurer_b"])
    response = client.get(f"{reverse('reporting:event_list')}?{query}")
    assert {row.record.title for row in response.context["table"].rows} == expected


def test_event_detail(client, world, events):
    client.force_login(world.users["reader"])
    content = client.get(reverse("reporting:event_detail", args=[events.pk])).content.decode()
    for text in [
        "Nationell konferens",
        "över 560",
        "2024-10-08",
        "Stockholm",
        "Region Örebro län",
        "Adda Inköpscentral",
        "Tillbörlig aktsamhet &lt;i&gt;i praktiken&lt;/i&gt;",
    ]:
        assert text in content, text
    assert "/admin/" not in content


def test_auditor_sees_no_events(client, world, events):
    client.force_login(world.users["auditor"])
    response = client.get(reverse("reporting:event_list"))
    assert list(response.context["table"].rows) == []
    assert client.get(reverse("reporting:event_detail", args=[events.pk])).status_code == 404
