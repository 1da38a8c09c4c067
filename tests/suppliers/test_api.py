"""Suppliers, sites and framework agreements over the REST API."""

import datetime

import pytest
from django.urls import reverse

from core.models import Deletion
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

SUPPLIERS = reverse("api:supplier-list")
SITES = reverse("api:site-list")
AGREEMENTS = reverse("api:agreement-list")
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def agreement_url(agreement, action=None) -> str:
    if action:
        return reverse(f"api:agreement-{action}", args=[agreement.pk])
    return reverse("api:agreement-detail", args=[agreement.pk])


# Suppliers


def test_supplier_with_aliases_and_parent(api_as, world):
    world.supplier.parent = world.other_supplier
    world.supplier.save()
    SupplierAlias.objects.create(supplier=world.supplier, name="Abena AB", kind="spelling")
    SupplierAlias.objects.create(supplier=world.supplier, name="Abena Nordic", kind="former_name")
    row = api_as("reader").get(reverse("api:supplier-detail", args=[world.supplier.pk])).json()
    assert row["name"] == "Abena"
    assert row["organisation_number"] == "5560360793"
    assert row["parent"] == world.other_supplier.pk
    assert row["parent_name"] == "Getinge"
    assert [(a["name"], a["kind"]) for a in row["aliases"]] == [
        ("Abena AB", "spelling"),
        ("Abena Nordic", "former_name"),
    ]


def test_supplier_search_finds_aliases_and_organisation_numbers(api_as, world):
    SupplierAlias.objects.create(supplier=world.other_supplier, name="Maquet", kind="trade_name")
    client = api_as("procurer_b")
    assert [r["name"] for r in results(client.get(SUPPLIERS, {"q": "maquet"}))] == ["Getinge"]
    found = results(client.get(SUPPLIERS, {"q": "556036-0793"}))
    assert [r["name"] for r in found] == ["Abena"]


def test_an_alias_change_bumps_the_supplier_for_sync(api_as, world):
    Supplier.objects.update(modified=LONG_AGO)
    since = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC).isoformat()
    client = api_as("reader")
    assert results(client.get(SUPPLIERS, {"modified_since": since})) == []
    SupplierAlias.objects.create(supplier=world.supplier, name="Abena A/S", kind="spelling")
    [row] = results(client.get(SUPPLIERS, {"modified_since": since}))
    assert row["id"] == world.supplier.pk
    assert row["aliases"][0]["name"] == "Abena A/S"


def test_supplier_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    few = count_queries(client, SUPPLIERS, warm_up=True)
    for i in range(10):
        supplier = Supplier.objects.create(name=f"Leverantör {i}", parent=world.supplier)
        SupplierAlias.objects.create(supplier=supplier, name=f"Alias {i}", kind="spelling")
    assert count_queries(client, SUPPLIERS, warm_up=True) == few


# Sites


def test_site_lists_the_suppliers_it_serves(api_as, world):
    SupplierSite.objects.create(supplier=world.supplier, site=world.site, tier=1, products="Rockar")
    SupplierSite.objects.create(supplier=world.other_supplier, site=world.site, tier=2)
    Site.objects.create(name="Gruva", kind="mine", country="CD")
    client = api_as("reader")
    row = client.get(reverse("api:site-detail", args=[world.site.pk])).json()
    assert row["country"] == "MY"
    assert sorted(row["suppliers"]) == sorted([world.supplier.pk, world.other_supplier.pk])
    assert [(link["supplier_name"], link["tier"]) for link in row["supplier_links"]] == [
        ("Abena", 1),
        ("Getinge", 2),
    ]
    served = results(client.get(SITES, {"supplier": world.supplier.pk}))
    assert [r["name"] for r in served] == ["Fabrik"]
    assert [r["name"] for r in results(client.get(SITES, {"kind": "mine"}))] == ["Gruva"]


def test_a_new_supplier_link_bumps_the_site_for_sync(world):
    Site.objects.update(modified=LONG_AGO)
    SupplierSite.objects.create(supplier=world.supplier, site=world.site)
    world.site.refresh_from_db()
    assert world.site.modified > LONG_AGO


def test_site_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    few = count_queries(client, SITES, warm_up=True)
    for i in range(10):
        site = Site.objects.create(name=f"Fabrik {i}", kind="factory", country="CN")
        SupplierSite.objects.create(supplier=world.supplier, site=site)
    assert count_queries(client, SITES, warm_up=True) == few


# Agreements


def test_procurer_adds_an_agreement_their_region_leads(api_as, world):
    response = api_as("procurer_a").post(
        AGREEMENTS,
        {
            "supplier": world.supplier.pk,
            "lead_organisation": world.region_a.pk,
            "co_lead_organisations": [world.region_b.pk],
            "category": world.subcategory.pk,
            "title": "Skyddsrockar",
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
            "due_diligence_level": "advanced",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lead_organisation_code"] == "SE-T"
    assert body["co_lead_organisation_codes"] == ["SE-AB"]
    assert body["supplier_name"] == "Abena"
    assert body["category_name"] == "Antibiotika"
    assert body["status"] == "active"
    assert response["Location"].endswith(reverse("api:agreement-detail", args=[body["id"]]))
    agreement = FrameworkAgreement.objects.get(pk=body["id"])
    assert agreement.history.first().history_user == world.users["procurer_a"]


def test_procurer_cannot_add_an_agreement_another_region_leads(api_as, world):
    before = FrameworkAgreement.objects.count()
    response = api_as("procurer_b").post(
        AGREEMENTS,
        {"supplier": world.supplier.pk, "lead_organisation": world.region_a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "lead_organisation" in response.json()["errors"]
    assert FrameworkAgreement.objects.count() == before


def test_bad_input_names_the_field_and_saves_nothing(api_as, world):
    client = api_as("procurer_a")
    before = FrameworkAgreement.objects.count()
    response = client.post(
        AGREEMENTS,
        {"supplier": 999999, "lead_organisation": world.region_a.pk, "start_date": "someday"},
        format="json",
    )
    assert response.status_code == 400
    assert {"supplier", "start_date"} <= set(response.json()["errors"])
    response = client.post(
        AGREEMENTS,
        {
            "supplier": world.supplier.pk,
            "lead_organisation": world.region_a.pk,
            "terminated_on": "2024-05-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "terminated_on" in response.json()["errors"]
    assert FrameworkAgreement.objects.count() == before


def test_co_lead_changes_the_agreement_but_others_cannot(api_as, world):
    world.agreement.co_lead_organisations.add(world.region_b)
    client = api_as("procurer_b")
    response = client.patch(agreement_url(world.agreement), {"reference": "RS-17"}, format="json")
    assert response.status_code == 200, response.content
    world.agreement.refresh_from_db()
    assert world.agreement.reference == "RS-17"
    assert world.agreement.history.first().history_user == world.users["procurer_b"]
    world.agreement.co_lead_organisations.clear()
    response = client.patch(agreement_url(world.agreement), {"reference": "X"}, format="json")
    assert response.status_code == 403
    world.agreement.refresh_from_db()
    assert world.agreement.reference == "RS-17"


def test_patch_with_dates_in_the_wrong_order_is_400_and_saves_nothing(api_as, world):
    response = api_as("procurer_a").patch(
        agreement_url(world.agreement),
        {"start_date": "2025-01-01", "end_date": "2024-01-01", "title": "Ändrad"},
        format="json",
    )
    assert response.status_code == 400
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Ramavtal A"
    assert world.agreement.start_date is None


def test_terminate_records_the_reason_and_a_second_time_is_409(api_as, world):
    client = api_as("procurer_a")
    response = client.post(
        agreement_url(world.agreement, "terminate"),
        {"reason": "Leverantören vägrade revision.", "terminated_on": "2024-06-30"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "terminated"
    assert response.json()["termination_reason"] == "Leverantören vägrade revision."
    assert response.json()["terminated_on"] == "2024-06-30"
    world.agreement.refresh_from_db()
    assert world.agreement.history.first().history_user == world.users["procurer_a"]
    again = client.post(
        agreement_url(world.agreement, "terminate"), {"reason": "Igen."}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"


def test_terminate_without_a_reason_is_400_and_changes_nothing(api_as, world):
    response = api_as("procurer_a").post(
        agreement_url(world.agreement, "terminate"), {"reason": " "}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    world.agreement.refresh_from_db()
    assert world.agreement.status == "active"


def test_only_the_secretariat_deletes_an_agreement(api_as, world):
    assert api_as("procurer_a").delete(agreement_url(world.agreement)).status_code == 403
    response = api_as("secretariat").delete(agreement_url(world.agreement))
    assert response.status_code == 204
    assert not FrameworkAgreement.objects.filter(pk=world.agreement.pk).exists()
    deletion = Deletion.objects.get(model="suppliers.frameworkagreement")
    assert deletion.object_id == world.agreement.pk
    assert deletion.deleted_by == world.users["secretariat"]


def test_agreement_filters_region_includes_co_leads(api_as, world):
    led_by_b = FrameworkAgreement.objects.create(
        supplier=world.other_supplier, lead_organisation=world.region_b, title="Ramavtal B"
    )
    client = api_as("reader")
    titles = [r["title"] for r in results(client.get(AGREEMENTS, {"region": "SE-AB"}))]
    assert titles == ["Ramavtal B"]
    world.agreement.co_lead_organisations.add(world.region_b)
    titles = {r["title"] for r in results(client.get(AGREEMENTS, {"region": "SE-AB"}))}
    assert titles == {"Ramavtal A", "Ramavtal B"}
    found = results(client.get(AGREEMENTS, {"supplier": world.other_supplier.pk}))
    assert [r["id"] for r in found] == [led_by_b.pk]
    assert [r["title"] for r in results(client.get(AGREEMENTS, {"q": "ramavtal b"}))] == [
        "Ramavtal B"
    ]


def test_agreement_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    few = count_queries(client, AGREEMENTS, warm_up=True)
    for i in range(10):
        agreement = FrameworkAgreement.objects.create(
            supplier=world.supplier,
            lead_organisation=world.region_b,
            category=world.subcategory,
            title=f"Avtal {i}",
        )
        agreement.co_lead_organisations.add(world.region_a)
    assert count_queries(client, AGREEMENTS, warm_up=True) == few


def test_agreement_csv_has_the_header_row(api_as, world):
    response = api_as("reader").get(AGREEMENTS, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,url,reference,title,supplier,supplier_name")
    assert "Ramavtal A" in lines[1]


def test_auditor_sees_no_suppliers_sites_or_agreements(api_as, world):
    client = api_as("auditor")
    for url in (SUPPLIERS, SITES, AGREEMENTS):
        assert client.get(url).json()["count"] == 0
    assert client.get(agreement_url(world.agreement)).status_code == 404


@pytest.mark.parametrize("role", ["secretariat", "procurer_a", "reader"])
def test_the_bulk_supplier_list_gives_exactly_the_serializers_output(world, api_as, role):
    """supplier_rows builds the list from values(); it must equal SupplierSerializer, row for
    row: parent, aliases in order, empty website and notes, time stamps."""
    from django.test import RequestFactory

    from suppliers.api.serializers import (
        SUPPLIER_ROW_COLUMNS,
        SUPPLIER_ROW_EXPRESSIONS,
        SupplierSerializer,
        supplier_rows,
    )
    from suppliers.api.views import SupplierViewSet

    child = Supplier.objects.create(
        name="Dotter AB", parent=world.supplier, website="https://dotter.example", notes="N."
    )
    SupplierAlias.objects.create(supplier=child, name="Ö-namnet", kind="trade_name")
    SupplierAlias.objects.create(
        supplier=child, name="A-namnet", kind="former_name", note="t.o.m. 2020"
    )
    # A time stamp in summer time on a whole second (no fraction in the text).
    Supplier.objects.filter(pk=child.pk).update(
        created=datetime.datetime(2024, 7, 1, 10, 0, tzinfo=datetime.UTC)
    )
    response = api_as(role).get("/api/v1/suppliers/", {"page_size": 1000})
    listed = response.json()["results"]
    assert len(listed) == Supplier.objects.for_user(world.users[role], "view").count() >= 3
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = world.users[role]
    view = SupplierViewSet(request=request, format_kwarg=None, action="list")
    context = view.get_serializer_context()
    suppliers = [SupplierViewSet.queryset.get(pk=row["id"]) for row in listed]
    expected = SupplierSerializer(suppliers, many=True, context=context).data
    values = {
        row["id"]: row
        for row in Supplier.objects.values(*SUPPLIER_ROW_COLUMNS, **SUPPLIER_ROW_EXPRESSIONS)
    }
    built = supplier_rows([values[row["id"]] for row in listed], context)
    assert built == [dict(row) for row in expected]
    assert listed == built
    mine = next(row for row in listed if row["id"] == child.pk)
    assert [alias["name"] for alias in mine["aliases"]] == ["A-namnet", "Ö-namnet"]
    assert mine["parent_name"] == world.supplier.name
    assert mine["created"] == "2024-07-01T12:00:00+02:00"
