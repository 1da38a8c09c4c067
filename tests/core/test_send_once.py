"""Every create form of the generic views is sent once: the page's form carries a token, and a
second sending of the same form makes nothing and goes to the first one's object."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from suppliers.models import Site, SupplierSite

pytestmark = pytest.mark.django_db

SENT = "Det här formuläret har redan skickats."


def form_token(client, url) -> str:
    page = client.get(url).content.decode()
    [token] = re.findall(r'<input type="hidden" name="form_token" value="([0-9a-f-]{36})">', page)
    return token


def test_an_add_form_sent_twice_makes_one_row(world, client):
    client.force_login(world.users["secretariat"])
    url = reverse("suppliers:site_add")
    data = {"name": "Fabrik i Dhaka", "kind": "factory", "country": "BD"}
    data["form_token"] = form_token(client, url)

    first, second = client.post(url, data), client.post(url, data)

    site = Site.objects.get(name="Fabrik i Dhaka")
    assert (first.status_code, first["Location"]) == (302, site.get_absolute_url())
    assert (second.status_code, second["Location"]) == (302, site.get_absolute_url())
    assert SENT in [str(m) for m in get_messages(second.wsgi_request)]


def test_a_row_added_under_its_parent_is_added_once(world, client):
    client.force_login(world.users["secretariat"])
    url = reverse("suppliers:suppliersite_add", args=[world.site.pk])
    data = {"supplier": "Getinge", "tier": "2", "form_token": form_token(client, url)}

    answers = [client.post(url, data) for _ in range(3)]

    assert SupplierSite.objects.filter(site=world.site).count() == 1
    assert len({a["Location"] for a in answers}) == 1
    # Without the token the second sending would be refused as a duplicate link (a 400).
    assert [a.status_code for a in answers] == [302, 302, 302]


def test_an_edit_form_has_no_token(world, client):
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("suppliers:site_edit", args=[world.site.pk])).content.decode()
    assert 'name="form_token"' not in page


def test_a_timeline_entry_sent_twice_is_added_once(world, client):
    client.force_login(world.users["procurer_a"])
    url = reverse("incidents:incidentevent_add", args=[world.incident.pk])
    data = {
        "when": "2024-03-01",
        "kind": "decision",
        "description": "Avtalet hävs.",
        "form_token": form_token(client, url),
    }

    first, second = client.post(url, data), client.post(url, data)

    assert world.incident.timeline.count() == 1
    assert first["Location"] == second["Location"]
    assert second["Location"].endswith("#timeline")
    assert SENT in [str(m) for m in get_messages(second.wsgi_request)]


def test_a_clause_form_sent_twice_adds_one_clause_to_the_draft(world, client):
    client.force_login(world.users["secretariat"])
    url = reverse("requirements_catalog:clause_add", args=[world.draft_version.pk])
    data = {"code": "2", "title": "Fabriker", "text": "Leverantören redovisar underleverantörer."}
    data["form_token"] = form_token(client, url)
    before = world.draft_version.clauses.count()

    first, second = client.post(url, data), client.post(url, data)

    assert world.draft_version.clauses.count() == before + 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert SENT in [str(m) for m in get_messages(second.wsgi_request)]
