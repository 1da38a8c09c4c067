"""The admin's pages over five worlds built once for the module: every model's changelist, add
and change pages render, and a changelist's count of queries does not grow with its rows."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audits.models import Audit, AuditEvent
from identity.choices import Role
from identity.models import MfaRequirement, UserStatusChange
from incidents.models import Incident
from organisations.models import ApiToken
from reporting.models import FinancialYear
from suppliers.models import Supplier
from tests.test_admin import admin_url, local_models, model_id
from tests.world import make_world

WORLDS = 5


@pytest.fixture(scope="module")
def five_worlds(django_db_setup, django_db_blocker):
    """make_world(0…4) once for the module, in a transaction rolled back after it; each test
    runs in its own savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        for i in range(WORLDS):
            make_world(i)
        get_user_model().objects.create_superuser(
            username="secretariat", email="kansliet@example.org", password="a-long-password"
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def client_as_superuser(five_worlds, db, client):
    client.force_login(get_user_model().objects.get(username="secretariat"))
    return client


@pytest.mark.parametrize("model", local_models(), ids=model_id)
def test_changelist_add_and_change_pages_render(client_as_superuser, model):
    client = client_as_superuser

    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200

    response = client.get(admin_url(model, "add"))
    # Timeline entries and the log of deactivations are written by services; tokens are made
    # where their text is shown once.
    read_only = (AuditEvent, ApiToken, UserStatusChange)
    assert response.status_code == (403 if model in read_only else 200)

    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"make_world creates no {model._meta.label}"
    response = client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200

    response = client.get(admin_url(model, "changelist"), {"q": "1"})
    assert response.status_code == 200


def changelist_queries(client, model) -> tuple[int, int]:
    """(queries, rows shown) of the model's changelist."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries.captured_queries), len(response.context["cl"].result_list)


@pytest.mark.parametrize("model", local_models(), ids=model_id)
def test_changelist_query_count_does_not_grow_with_rows(client_as_superuser, model, monkeypatch):
    """The same changelist showing one row (a page of one) and all of them (at least five):
    the same number of queries, so none is made per row."""
    client = client_as_superuser
    client.get(admin_url(model, "changelist"))  # warm up the session and caches
    with_all, rows = changelist_queries(client, model)
    # One MFA rule per role: four rows at most.
    assert rows >= (len(Role.values) if model is MfaRequirement else WORLDS), (
        f"{model._meta.label}: {rows} rows shown"
    )
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 1)
    with_one, one_row = changelist_queries(client, model)
    assert one_row == 1
    assert with_all == with_one, (
        f"{model._meta.label}: {with_one} queries for one row, {with_all} for {rows}"
    )


def test_the_four_main_changelists_show_their_rows(client_as_superuser):
    client = client_as_superuser
    assert b"Supplier 4" in client.get(admin_url(Supplier, "changelist")).content
    assert b"Incident 4" in client.get(admin_url(Incident, "changelist")).content
    audits = client.get(admin_url(Audit, "changelist")).content.decode()
    assert "Supplier 4" in audits and "Region 4" in audits
    assert b"2024" in client.get(admin_url(FinancialYear, "changelist")).content
