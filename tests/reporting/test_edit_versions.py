"""The register edit pages (their own page, not the generic one) carry the version they were
opened on: a form opened before another user's change is refused with who changed what, and
nothing is saved; the refused form holds the stored version, so saving it again works."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Event
from tests.helpers import second_secretary, version_in

pytestmark = pytest.mark.django_db


def test_a_stale_event_form_is_refused_naming_who_changed_what(client, world):
    colleague = second_secretary(world)
    event = world.event
    path = reverse("reporting:event_edit", args=[event.pk])
    client.force_login(world.users["secretariat"])
    data = {
        "title": "Webinarier om kemikalier",
        "kind": "webinar",
        "format": "",
        "year": "2024",
        "date": "",
        "location": "",
        "occurrences": "1",
        "organisers": [],
        "participants": "150",
        "audience": "",
        "topics": "",
        "description": "",
        "record_version": version_in(client.get(path)),
    }
    services.event_update(user=colleague, event=event, participants=175)

    refused = client.post(path, data)
    assert refused.status_code == 400, refused.context["form"].errors
    content = refused.content.decode()
    assert "kollegan" in content
    assert str(Event._meta.get_field("participants").verbose_name) in content
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.participants) == ("Webinarier", 175)

    again = client.post(path, {**data, "record_version": version_in(refused)})
    assert again.status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert stored.title == "Webinarier om kemikalier"
    assert stored.history.first().history_user == world.users["secretariat"]
