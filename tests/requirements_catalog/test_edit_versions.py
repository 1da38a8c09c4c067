"""The catalogue's edit pages of a draft and of a clause (their own pages, not the generic one)
carry the version they were opened on: a form opened before another user's change is refused
with who changed what, and nothing is saved; the refused form holds the stored version, so
saving it again works."""

import pytest
from django.urls import reverse

from requirements_catalog import services
from requirements_catalog.models import Clause
from tests.helpers import second_secretary, version_in

pytestmark = pytest.mark.django_db


def test_a_stale_clause_form_is_refused_naming_who_changed_what(client, world):
    colleague = second_secretary(world)
    clause = world.draft_clause
    path = reverse("requirements_catalog:clause_edit", args=[clause.pk])
    client.force_login(world.users["secretariat"])
    data = {"code": "1", "title": "Fabriker", "text": clause.text, "level": ""}
    data["record_version"] = version_in(client.get(path))
    services.clause_update(clause=clause, user=colleague, text="Leverantören redovisar allt.")

    refused = client.post(path, data)
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "kollegan" in content
    assert str(Clause._meta.get_field("text").verbose_name) in content
    stored = Clause.objects.get(pk=clause.pk)
    assert (stored.title, stored.text) == ("", "Leverantören redovisar allt.")

    again = client.post(path, {**data, "text": stored.text, "record_version": version_in(refused)})
    assert again.status_code == 302
    stored = Clause.objects.get(pk=clause.pk)
    assert (stored.title, stored.text) == ("Fabriker", "Leverantören redovisar allt.")


def test_a_stale_draft_form_carries_and_checks_its_version(client, world):
    draft = world.draft_version
    path = reverse("requirements_catalog:instrumentversion_edit", args=[draft.pk])
    client.force_login(world.users["secretariat"])
    opened = version_in(client.get(path))
    draft.notes = "Ändrat under tiden."
    draft._history_user = world.users["procurer_a"]
    draft.save()
    refused = client.post(
        path, {"version": draft.version, "year": "2025", "record_version": opened}
    )
    assert refused.status_code == 400
    assert "procurer_a" in refused.content.decode()
