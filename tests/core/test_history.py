"""The history on a record's page: who changed what, old → new, in the page's language, without a
query per record and without naming what the user may not see (core/history.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits import services
from audits.choices import AuditKind
from core.history import history_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def plan(world):
    return services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        template_version=world.template_version,
        planned_date=datetime.date(2023, 3, 1),
    )


def page(client, user, obj):
    client.force_login(user)
    return client.get(obj.get_absolute_url()).content.decode()


def test_a_change_reads_field_old_and_new_in_swedish(client, world):
    audit = plan(world)
    services.audit_update(
        user=world.users["procurer_a"],
        audit=audit,
        planned_date=datetime.date(2023, 4, 2),
        observer_required=True,
        co_lead_organisations=[world.region_b],
    )
    rows = history_rows(audit, world.users["reader"])
    # The co-leads are saved after the audit's own fields: a record each.
    assert [(row.kind_label, row.user) for row in rows] == [
        ("Ändrad", world.users["procurer_a"]),
        ("Ändrad", world.users["procurer_a"]),
        ("Skapad", world.users["procurer_a"]),
    ]
    changes = {c.label: (c.old.text, c.new.text) for row in rows[:2] for c in row.changes}
    assert changes["Planerat datum"] == ("2023-03-01", "2023-04-02")
    assert changes["Observatör måste närvara"] == ("Nej", "Ja")
    assert changes["Medansvariga organisationer"] == ("–", str(world.region_b))
    assert len(changes) == 3  # nothing else: no id, no timestamps
    html = page(client, world.users["reader"], audit)
    assert 'Planerat datum:</span> <span class="history-value">2023-03-01</span>' in html
    assert "Changed" not in html


def test_a_long_text_is_shortened_and_whole_one_click_away(world):
    audit = plan(world)
    note = "Leverantören har inte lämnat sin riskanalys. " * 5
    services.audit_update(user=world.users["procurer_a"], audit=audit, internal_note=note)
    (change_,) = history_rows(audit, world.users["secretariat"])[0].changes
    assert change_.new.is_long and change_.new.short.endswith("…")
    assert len(change_.new.short) <= 80 and change_.new.text == note


def test_the_query_count_does_not_grow_with_the_records(world):
    audit = plan(world)

    def queries():
        with CaptureQueriesContext(connection) as context:
            rows = history_rows(audit, world.users["reader"])
        return len(context.captured_queries), len(rows)

    for n in range(1, 3):
        services.audit_update(
            user=world.users["procurer_a"],
            audit=audit,
            planned_date=datetime.date(2023, 3, 1) + datetime.timedelta(days=n),
            lead_organisation=world.region_a,
            co_lead_organisations=[world.region_b] if n % 2 else [],
        )
    queries()  # the user's scope is read once and kept
    few, shown_few = queries()
    for n in range(3, 12):
        services.audit_update(
            user=world.users["procurer_a"],
            audit=audit,
            planned_date=datetime.date(2023, 3, 1) + datetime.timedelta(days=n),
            co_lead_organisations=[world.region_b] if n % 2 else [],
        )
    many, shown_many = queries()
    assert shown_many > shown_few
    assert many == few


def test_a_confidential_incident_is_not_named_in_the_history(world):
    audit = world.audit_a
    audit.incident = world.confidential_incident
    audit._history_user = world.users["secretariat"]
    audit.save()
    # Region B is involved in the case and the secretariat sees all: they read its title.
    for user in (world.users["secretariat"], world.users["procurer_b"]):
        changes = [c for row in history_rows(audit, user) for c in row.changes]
        named = [(c.label, c.new.text) for c in changes]
        assert named == [("Incidentärende", "Misstänkt mutbrott")]
    # Region A's procurer may not see the case: no trace of the change.
    rows = history_rows(audit, world.users["procurer_a"])
    assert all("Misstänkt" not in c.new.text for row in rows for c in row.changes)
    assert [row.kind_label for row in rows] == ["Skapad"]


def test_supplier_page_shows_its_history(client, world):
    supplier = world.supplier
    supplier.name = "Abena AB"
    supplier._history_user = world.users["secretariat"]
    supplier.save()
    html = page(client, world.users["reader"], supplier)
    assert "Historik" in html and "Abena AB" in html and "Ändrad" in html
