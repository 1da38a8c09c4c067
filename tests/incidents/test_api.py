"""The incidents resource of the API: who sees which case, the filters, writes through the
services, the timeline action, nested children and incremental sync."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit
from core.models import Deletion
from incidents.choices import LabTestStatus
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

LIST = reverse("api:incident-list")


def detail(incident) -> str:
    return reverse("api:incident-detail", args=[incident.pk])


def timeline(incident) -> str:
    return reverse("api:incident-timeline", args=[incident.pk])


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


# Who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat", {"Tvångsarbete i Malaysia", "Misstänkt mutbrott"}),
        ("procurer_a", {"Tvångsarbete i Malaysia"}),
        ("procurer_b", {"Tvångsarbete i Malaysia", "Misstänkt mutbrott"}),
        ("reader", {"Tvångsarbete i Malaysia"}),
        ("auditor", set()),
    ],
)
def test_confidential_cases_reach_only_the_secretariat_and_involved(api_as, role, expected):
    assert titles(api_as(role).get(LIST)) == expected


def test_confidential_case_is_404_outside_and_never_leaks_through_filters_or_csv(api_as, world):
    client = api_as("procurer_a")
    assert client.get(detail(world.confidential_incident)).status_code == 404
    assert titles(client.get(LIST, {"q": "mutbrott"})) == set()
    assert titles(client.get(LIST, {"organisation": "SE-AB"})) == set()
    since = client.get(LIST, {"modified_since": "2000-01-01"})
    assert titles(since) == {"Tvångsarbete i Malaysia"}
    exported = client.get(LIST, {"format": "csv"}).content.decode()
    assert "mutbrott" not in exported


def test_involved_region_reads_the_confidential_case(api_as, world):
    response = api_as("procurer_b").get(detail(world.confidential_incident))
    assert response.status_code == 200
    body = response.json()
    assert body["confidential"] is True
    assert body["involved_organisation_codes"] == ["SE-AB"]


# Reading -------------------------------------------------------------------------------------


@pytest.fixture
def rich_incident(world):
    incident = world.incident
    incident.countries = ["MY", "TW"]
    incident.save()
    incident.suppliers.add(world.supplier)
    incident.sites.add(world.site)
    incident.partners.add(world.partner)
    IncidentRisk.objects.create(incident=incident, area="forced_labour")
    IncidentRisk.objects.create(incident=incident, area="debt_bondage")
    IncidentEvent.objects.create(
        incident=incident,
        occurred_on=datetime.date(2024, 6, 1),
        kind="decision",
        description="Leverantören ska ersätta rekryteringsavgifter.",
        organisation=world.region_a,
    )
    IncidentEvent.objects.create(
        incident=incident,
        occurred_on=datetime.date(2024, 1, 1),
        precision="year",
        kind="opened",
        description="Ärendet öppnades.",
    )
    LabTest.objects.create(
        incident=incident,
        sample="Bomull",
        supplier=world.supplier,
        method="Isotopanalys",
        status=LabTestStatus.DONE,
        claimed_origin="USA",
        indicated_origin="Kina",
        result="Ursprunget stämmer inte.",
    )
    return incident


def test_detail_shows_the_case_with_its_nested_children(api_as, world, rich_incident):
    body = api_as("reader").get(detail(rich_incident)).json()
    assert body["url"].endswith(detail(rich_incident))
    assert body["lead_organisation"] == world.region_a.pk
    assert body["lead_organisation_code"] == "SE-T"
    assert body["risk_areas"] == ["debt_bondage", "forced_labour"]
    assert body["countries"] == ["MY", "TW"]
    assert body["suppliers"] == [world.supplier.pk]
    assert body["supplier_names"] == ["Abena"]
    assert body["site_names"] == ["Fabrik"]
    assert body["partner_codes"] == ["ADDA"]
    # The timeline is in date order, whatever the order it was recorded in.
    assert [entry["kind"] for entry in body["timeline"]] == ["opened", "decision"]
    assert body["timeline"][0]["precision"] == "year"
    assert body["timeline"][1]["organisation_code"] == "SE-T"
    [test] = body["lab_tests"]
    assert test["indicated_origin"] == "Kina"
    assert test["supplier_name"] == "Abena"


def test_list_queries_do_not_grow_with_rows(api_as, world, rich_incident):
    client = api_as("secretariat")

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(LIST, {"page_size": 1000})
        assert response.status_code == 200
        return len(context)

    count()  # the first request of a token records its use
    few = count()
    for n in range(12):
        incident = Incident.objects.create(
            title=f"Ärende {n}", year_opened=2023, lead_organisation=world.region_b
        )
        incident.suppliers.add(world.supplier)
        incident.involved_organisations.add(world.region_a)
        IncidentRisk.objects.create(incident=incident, area="corruption")
        IncidentEvent.objects.create(
            incident=incident,
            occurred_on=datetime.date(2023, 3, 1),
            kind="note",
            description="Noterat.",
            organisation=world.region_b,
        )
        LabTest.objects.create(incident=incident, sample="Prov", method="Analys")
    assert count() == few


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year_opened": 2023}, {"Skuldslaveri i Taiwan"}),
        ({"status": "closed"}, {"Skuldslaveri i Taiwan"}),
        ({"risk_area": "debt_bondage"}, {"Skuldslaveri i Taiwan"}),
        ({"country": "tw"}, {"Skuldslaveri i Taiwan"}),
        ({"organisation": "SE-AB"}, {"Skuldslaveri i Taiwan", "Misstänkt mutbrott"}),
        ({"q": "malaysia"}, {"Tvångsarbete i Malaysia"}),
        ({"q": "BBC"}, {"Skuldslaveri i Taiwan"}),
    ],
)
def test_filters(api_as, world, query, expected):
    incident = Incident.objects.create(
        title="Skuldslaveri i Taiwan",
        year_opened=2023,
        status="closed",
        countries=["TW"],
        source_detail="BBC",
        lead_organisation=world.region_b,
    )
    IncidentRisk.objects.create(incident=incident, area="debt_bondage")
    assert titles(api_as("secretariat").get(LIST, query)) == expected


def test_supplier_filter_lists_a_case_once(api_as, world):
    world.incident.suppliers.add(world.supplier, world.other_supplier)
    response = api_as("reader").get(LIST, {"supplier": world.supplier.pk})
    assert [row["title"] for row in response.json()["results"]] == ["Tvångsarbete i Malaysia"]


def test_bad_filter_value_is_400_with_the_filter_named(api_as):
    response = api_as("reader").get(LIST, {"status": "pending"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_csv_export_has_the_header_row(api_as, rich_incident):
    response = api_as("reader").get(LIST, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "url", "title"]
    assert "risk_areas" in rows[0]
    assert len(rows) == 2


# Writing -------------------------------------------------------------------------------------


def test_procurer_opens_a_case_with_its_relations(api_as, world):
    response = api_as("procurer_a").post(
        LIST,
        {
            "title": "Skuldslaveri i Taiwan",
            "year_opened": 2024,
            "source": "media",
            "source_detail": "BBC",
            "lead_organisation": world.region_a.pk,
            "countries": ["tw"],
            "risk_areas": ["forced_labour", "debt_bondage", "forced_labour"],
            "suppliers": [world.supplier.pk],
            "sites": [world.site.pk],
            "involved_organisations": [world.region_b.pk],
            "partners": [world.partner.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    incident = Incident.objects.get(title="Skuldslaveri i Taiwan")
    assert response["Location"].endswith(detail(incident))
    body = response.json()
    assert body["risk_areas"] == ["debt_bondage", "forced_labour"]
    assert body["countries"] == ["TW"]
    assert body["involved_organisation_codes"] == ["SE-AB"]
    assert body["partner_codes"] == ["ADDA"]
    assert list(incident.sites.all()) == [world.site]
    assert incident.history.first().history_user == world.users["procurer_a"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"countries": ["XX"]}, "countries"),
        ({"risk_areas": ["witchcraft"]}, "risk_areas"),
        ({"suppliers": [999999]}, "suppliers"),
        ({"year_opened": 1900}, "year_opened"),
        ({"status": "open", "closed_on": "2024-06-01"}, "closed_on"),
    ],
)
def test_bad_input_is_400_with_the_field_named_and_nothing_saved(api_as, world, change, field):
    before = Incident.objects.count()
    data = {"title": "Felaktigt", "year_opened": 2024, "lead_organisation": world.region_a.pk}
    response = api_as("procurer_a").post(LIST, {**data, **change}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert Incident.objects.count() == before


def test_a_case_of_other_organisations_is_refused_with_the_field_named(api_as, world):
    response = api_as("procurer_b").post(
        LIST,
        {"title": "Annans", "year_opened": 2024, "lead_organisation": world.region_a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "involved_organisations" in response.json()["errors"]
    assert not Incident.objects.filter(title="Annans").exists()


def test_patch_changes_fields_and_replaces_risk_areas(api_as, world, rich_incident):
    response = api_as("procurer_a").patch(
        detail(rich_incident),
        {"status": "monitoring", "risk_areas": ["working_conditions"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["risk_areas"] == ["working_conditions"]
    rich_incident.refresh_from_db()
    assert rich_incident.status == "monitoring"
    # What the PATCH did not name stays as it was.
    assert list(rich_incident.suppliers.all()) == [world.supplier]
    assert rich_incident.history.first().history_user == world.users["procurer_a"]


def test_patch_that_leaves_the_procurer_outside_is_refused_and_not_saved(api_as, world):
    response = api_as("procurer_a").patch(
        detail(world.incident),
        {"lead_organisation": world.region_b.pk, "title": "Flyttat"},
        format="json",
    )
    assert response.status_code == 400
    assert "involved_organisations" in response.json()["errors"]
    world.incident.refresh_from_db()
    assert world.incident.lead_organisation == world.region_a
    assert world.incident.title == "Tvångsarbete i Malaysia"


def test_reader_may_not_change_and_outsiders_get_404(api_as, world):
    assert api_as("reader").patch(detail(world.incident), {"outcome": "x"}).status_code == 403
    response = api_as("procurer_a").patch(detail(world.confidential_incident), {"outcome": "x"})
    assert response.status_code == 404


def test_secretariat_deletes_and_the_deletion_is_logged(api_as, world):
    pk = world.incident.pk
    assert api_as("procurer_a").delete(detail(world.incident)).status_code == 403
    assert api_as("secretariat").delete(detail(world.incident)).status_code == 204
    assert not Incident.objects.filter(pk=pk).exists()
    logged = Deletion.objects.get(model="incidents.incident", object_id=pk)
    assert logged.deleted_by == world.users["secretariat"]


def test_deleting_a_case_an_audit_refers_to_is_409(api_as, world):
    Audit.objects.filter(pk=world.audit_a.pk).update(incident=world.incident)
    response = api_as("secretariat").delete(detail(world.incident))
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Incident.objects.filter(pk=world.incident.pk).exists()


# The timeline --------------------------------------------------------------------------------


def test_timeline_action_adds_an_entry_as_precise_as_given(api_as, world):
    response = api_as("procurer_a").post(
        timeline(world.incident),
        {
            "occurred_on": "2025-01-17",
            "precision": "month",
            "kind": "action",
            "description": "  Möte med leverantören.  ",
            "organisation": world.region_a.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    [entry] = response.json()["timeline"]
    assert entry["occurred_on"] == "2025-01-01"
    assert entry["precision"] == "month"
    assert entry["description"] == "Möte med leverantören."
    assert entry["organisation_code"] == "SE-T"
    assert entry["recorded_by"] == world.users["procurer_a"].pk
    assert world.incident.history.first().history_user == world.users["procurer_a"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"occurred_on": "17/1 2025"}, "occurred_on"),
        ({"precision": "week"}, "precision"),
        ({"description": ""}, "description"),
        ({"organisation": 999999}, "organisation"),
    ],
)
def test_timeline_bad_input_is_400_and_nothing_added(api_as, world, change, field):
    data = {"occurred_on": "2025-01-17", "kind": "action", "description": "Möte."}
    response = api_as("procurer_a").post(
        timeline(world.incident), {**data, **change}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not IncidentEvent.objects.exists()


def test_timeline_is_refused_to_readers_and_hidden_from_outsiders(api_as, world):
    data = {"occurred_on": "2025-01-17", "kind": "note", "description": "Notering."}
    assert api_as("reader").post(timeline(world.incident), data).status_code == 403
    assert api_as("procurer_b").post(timeline(world.incident), data).status_code == 403
    assert api_as("procurer_a").post(timeline(world.confidential_incident), data).status_code == 404
    assert not IncidentEvent.objects.exists()


# Incremental sync ----------------------------------------------------------------------------


@pytest.mark.parametrize("child", ["timeline", "risk", "lab_test"])
def test_a_child_change_brings_the_case_back_in_sync(api_as, world, child):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Incident.objects.update(modified=long_ago)
    since = (long_ago + datetime.timedelta(days=1)).isoformat()
    client = api_as("secretariat")
    assert titles(client.get(LIST, {"modified_since": since})) == set()
    if child == "timeline":
        IncidentEvent.objects.create(
            incident=world.incident,
            occurred_on=datetime.date(2024, 2, 1),
            kind="note",
            description="Ny uppgift.",
        )
    elif child == "risk":
        IncidentRisk.objects.create(incident=world.incident, area="child_labour")
    else:
        LabTest.objects.create(incident=world.incident, sample="Bomull", method="Isotopanalys")
    assert titles(client.get(LIST, {"modified_since": since})) == {"Tvångsarbete i Malaysia"}


def test_deleting_a_child_brings_the_case_back_in_sync(api_as, world):
    test = LabTest.objects.create(incident=world.incident, sample="Bomull", method="Isotopanalys")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Incident.objects.update(modified=long_ago)
    test.delete()
    world.incident.refresh_from_db()
    assert world.incident.modified > long_ago
