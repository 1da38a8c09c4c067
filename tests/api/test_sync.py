"""Sync round trip: a region's client that mirrors every resource through ``modified_since`` and
``/api/v1/deletions/`` ends with exactly the server's data after creates, updates and deletes."""

import pytest

from audits import services as audit_services
from audits.models import Audit, Finding
from hallbar.api_urls import router

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def mirrored_resources():
    """Every list of the API that a mirror keeps (not the deletion log, not the public page)."""
    return sorted(
        prefix
        for prefix, viewset, _basename in router.registry
        if prefix != "deletions" and not getattr(viewset, "public", False)
    )


class Mirror:
    """What an integrator's nightly job does, written from the API docs only."""

    def __init__(self, client):
        self.client = client
        self.rows = {prefix: {} for prefix in mirrored_resources()}
        self.cursor = dict.fromkeys(self.rows)  # (modified, id) of the last row
        self.deletions_since = "1970-01-01T00:00:00Z"
        self.requests = 0

    def get(self, url, params=None):
        self.requests += 1
        response = self.client.get(url, params)
        assert response.status_code == 200, (url, response.content[:500])
        return response.json()

    def pull(self):
        for prefix in self.rows:
            params = {"page_size": 2, "modified_since": "1970-01-01T00:00:00Z"}
            if self.cursor[prefix]:
                params["modified_since"], params["after_id"] = self.cursor[prefix]
            page = self.get(f"/api/v1/{prefix}/", params)
            while True:
                for row in page["results"]:
                    self.rows[prefix][row["id"]] = row
                    self.cursor[prefix] = (row["modified"], row["id"])
                if not page["next"]:
                    break
                page = self.get(page["next"])
        page = self.get("/api/v1/deletions/", {"since": self.deletions_since, "page_size": 1000})
        while True:
            for deletion in page["results"]:
                self.rows.get(deletion["type"], {}).pop(deletion["id"], None)
                self.deletions_since = deletion["deleted_at"]
            if not page["next"]:
                break
            page = self.get(page["next"])


def server_state(client):
    state = {}
    for prefix in mirrored_resources():
        rows, url, params = {}, f"/api/v1/{prefix}/", {"page_size": 1000}
        while url:
            page = client.get(url, params).json()
            rows.update({row["id"]: row for row in page["results"]})
            url, params = page["next"], None
        state[prefix] = rows
    return state


def test_a_mirror_ends_with_exactly_the_servers_data(world, api_as):
    client = api_as("secretariat")
    mirror = Mirror(client)
    mirror.pull()
    assert mirror.rows == server_state(client)
    assert mirror.rows["audits"]

    secretariat = world.users["secretariat"]
    # Creates: an audit through the API, a finding through the service.
    created = client.post(
        "/api/v1/audits/",
        {
            "supplier": world.other_supplier.pk,
            "kind": "office",
            "year": 2025,
            "lead_organisation": world.region_a.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    # Updates: a plan, a nested result (modifies its audit), a finding's status.
    response = client.patch(
        f"/api/v1/audits/{world.audit_b.pk}/",
        {"co_lead_organisations": [world.region_a.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    audit_services.audit_results_record(
        user=secretariat,
        audit=Audit.objects.get(pk=world.audit_b.pk),
        results={world.criterion.pk: ("partly", "Delvis.")},
    )
    audit_services.finding_status_set(
        user=secretariat,
        finding=Finding.objects.get(pk=world.finding_a.pk),
        status="action_plan_received",
        note="Plan mottagen.",
    )
    # Deletes: a planned audit with its finding (cascade).
    doomed = Audit.objects.create(
        supplier=world.supplier, kind="office", year=2025, lead_organisation=world.region_a
    )
    Finding.objects.create(
        audit=doomed, kind="observation", description="Tillfällig.", raised_on="2025-01-01"
    )
    mirror.pull()
    assert doomed.pk in mirror.rows["audits"]
    assert client.delete(f"/api/v1/audits/{doomed.pk}/").status_code == 204

    before = mirror.requests
    mirror.pull()
    assert mirror.rows == server_state(client)
    assert doomed.pk not in mirror.rows["audits"]
    assert mirror.rows["audits"][world.audit_b.pk]["results"][0]["outcome"] == "partly"
    assert mirror.rows["findings"][world.finding_a.pk]["status"] == "action_plan_received"
    # Only what changed came again: one request per resource and one for the deletions.
    assert mirror.requests - before == len(mirror.rows) + 1


def test_ids_let_a_mirror_drop_rows_that_left_its_view(world, api_as):
    from incidents.models import Incident

    region_b = api_as("procurer_b")
    mirror = Mirror(region_b)
    mirror.pull()
    assert world.incident.pk in mirror.rows["incidents"]
    # Region A makes its case confidential: not a deletion, so the log says nothing of it.
    Incident.objects.filter(pk=world.incident.pk).update(confidential=True)
    mirror.pull()
    assert world.incident.pk in mirror.rows["incidents"]
    ids = region_b.get("/api/v1/incidents/ids/").json()
    assert world.incident.pk not in ids["ids"]
    assert ids["count"] == len(ids["ids"])
    for gone in set(mirror.rows["incidents"]) - set(ids["ids"]):
        del mirror.rows["incidents"][gone]
    assert mirror.rows == server_state(region_b)


def test_deleting_a_confidential_case_is_logged_for_the_secretariat_only(world, api_as):
    case_id = world.confidential_incident.pk
    assert api_as("secretariat").delete(f"/api/v1/incidents/{case_id}/").status_code == 204
    seen = {
        role: [
            (r["type"], r["id"]) for r in api_as(role).get("/api/v1/deletions/").json()["results"]
        ]
        for role in ("secretariat", "procurer_b", "reader")
    }
    assert ("incidents", case_id) in seen["secretariat"]
    assert ("incidents", case_id) not in seen["procurer_b"]
    assert ("incidents", case_id) not in seen["reader"]


def test_deleting_a_supplier_modifies_the_incidents_that_listed_it(world):
    from incidents.models import Incident
    from suppliers.models import Supplier

    gone = Supplier.objects.create(name="Tillfällig leverantör")
    world.incident.suppliers.add(gone)
    before = Incident.objects.get(pk=world.incident.pk).modified
    gone.delete()
    after = Incident.objects.get(pk=world.incident.pk)
    assert after.modified > before
    assert list(after.suppliers.all()) == []


def test_a_related_instrument_changes_both_sides(world):
    from requirements_catalog.models import Instrument

    other = Instrument.objects.create(code="vagledning", kind="guidance", title="Vägledning")
    before = Instrument.objects.get(pk=other.pk).modified
    world.instrument.related_instruments.add(other)
    assert Instrument.objects.get(pk=other.pk).modified > before
