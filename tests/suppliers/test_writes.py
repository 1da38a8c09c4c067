"""The supplier register with aliases and parent, and sites with the suppliers that source from
them, written by the secretariat over the API and in the portal through suppliers.services."""

import pytest
from django.urls import reverse

from core.models import Deletion
from suppliers.models import Site, Supplier, SupplierAlias, SupplierSite

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

SUPPLIERS = reverse("api:supplier-list")
SITES = reverse("api:site-list")


def supplier_url(supplier) -> str:
    return reverse("api:supplier-detail", args=[supplier.pk])


def site_url(site) -> str:
    return reverse("api:site-detail", args=[site.pk])


# Suppliers over the API ----------------------------------------------------------------------


def test_a_supplier_with_parent_and_aliases_round_trips(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        SUPPLIERS,
        {
            "name": " Mölnlycke Health Care AB ",
            "organisation_number": "556471-5521",
            "country": "se",
            "parent": world.supplier.pk,
            "website": "https://www.molnlycke.example",
            "aliases": [
                {"name": "Mölnlycke", "kind": "trade_name"},
                {"name": "Molnlycke Health Care", "note": "utan prickar"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["organisation_number"], body["country"]) == (
        "Mölnlycke Health Care AB",
        "5564715521",
        "SE",
    )
    assert (body["parent"], body["parent_name"]) == (world.supplier.pk, "Abena")
    assert [(a["name"], a["kind"], a["note"]) for a in body["aliases"]] == [
        ("Molnlycke Health Care", "spelling", "utan prickar"),
        ("Mölnlycke", "trade_name", ""),
    ]
    # The detail reads the same; so does the bulk list (supplier_rows), row for row.
    assert client.get(supplier_url(Supplier.objects.get(pk=body["id"]))).json() == body
    listed = client.get(SUPPLIERS, {"q": "mölnlycke"}).json()["results"]
    assert listed == [body]
    supplier = Supplier.objects.get(pk=body["id"])
    assert supplier.history.get().history_user == world.users["secretariat"]
    assert {a.history.get().history_user for a in supplier.aliases.all()} == {
        world.users["secretariat"]
    }


def test_patch_replaces_the_aliases_keeping_those_of_the_same_name(world, api_as):
    kept = SupplierAlias.objects.create(supplier=world.supplier, name="Abena AB", kind="spelling")
    gone = SupplierAlias.objects.create(
        supplier=world.supplier, name="Abena Gammal", kind="former_name"
    )
    client = api_as("secretariat")
    response = client.patch(
        supplier_url(world.supplier),
        {
            "aliases": [
                {"name": "abena ab", "kind": "trade_name"},
                {"name": "Abena Nordic", "kind": "former_name", "note": "till 2019"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    aliases = {a["name"]: a for a in response.json()["aliases"]}
    assert set(aliases) == {"abena ab", "Abena Nordic"}
    assert aliases["abena ab"]["id"] == kept.pk and aliases["abena ab"]["kind"] == "trade_name"
    assert not SupplierAlias.objects.filter(pk=gone.pk).exists()
    # Without aliases, a PATCH keeps them; with an empty list, it removes them.
    assert client.patch(supplier_url(world.supplier), {"notes": "N."}, format="json").json()[
        "aliases"
    ]
    response = client.patch(supplier_url(world.supplier), {"aliases": []}, format="json")
    assert response.json()["aliases"] == []
    world.supplier.refresh_from_db()
    assert world.supplier.notes == "N."


@pytest.mark.parametrize(
    ("body", "field", "english", "swedish"),
    [
        (
            {"name": "GETINGE"},
            "name",
            "A supplier of that name already exists.",
            "Det finns redan en leverantör med det namnet.",
        ),
        (
            {"organisation_number": "556471-5522"},
            "organisation_number",
            "5564715522 has a wrong check digit; check the organisation number.",
            None,
        ),
        ({"country": "XX"}, "country", None, None),
        ({"parent": "self"}, "parent", None, None),
        ({"aliases": [{"name": "Abena"}]}, "aliases", None, None),
        ({"aliases": [{"name": "Ab"}, {"name": "AB"}]}, "aliases", None, None),
    ],
)
def test_bad_supplier_input_is_refused_on_its_field(world, api_as, body, field, english, swedish):
    if body.get("parent") == "self":
        child = Supplier.objects.create(name="Abena Dotter AB", parent=world.supplier)
        body = {"parent": child.pk}  # Abena's subsidiary cannot be Abena's parent
    client = api_as("secretariat")
    for language, message in (("en", english), ("sv", swedish)):
        response = client.patch(
            supplier_url(world.supplier), body, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert list(errors) == [field]
        if message:
            assert errors[field] == [message]
    world.supplier.refresh_from_db()
    assert (world.supplier.name, world.supplier.parent_id) == ("Abena", None)
    assert not world.supplier.aliases.exists()


def test_a_supplier_others_refer_to_is_kept(world, api_as):
    client = api_as("secretariat")
    # Audited (the world's audit of Getinge): 409, with the reason.
    response = client.delete(supplier_url(world.other_supplier))
    assert response.status_code == 409
    # Named by an incident case: 409 too, though the list would lose it silently.
    named = Supplier.objects.create(name="Nämnd AB")
    SupplierAlias.objects.create(supplier=named, name="Nämnd", kind="spelling")
    world.confidential_incident.suppliers.add(named)
    response = client.delete(supplier_url(named), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["errors"] == {
        "non_field_errors": ["Nämnd AB cannot be deleted: incident cases name it."]
    }
    assert named.aliases.exists()
    world.confidential_incident.suppliers.clear()
    assert client.delete(supplier_url(named)).status_code == 204
    assert Deletion.objects.get(model="suppliers.supplier").deleted_by == world.users["secretariat"]
    assert not SupplierAlias.objects.filter(name="Nämnd").exists()


@pytest.mark.parametrize("role", ["procurer_a", "reader"])
def test_others_do_not_write_the_register(world, api_as, role):
    client = api_as(role)
    assert client.post(SUPPLIERS, {"name": "Ny AB"}, format="json").status_code == 403
    response = client.patch(supplier_url(world.supplier), {"name": "X"}, format="json")
    assert response.status_code == 403
    assert client.post(SITES, {"name": "F", "kind": "factory", "country": "CN"}).status_code == 403
    assert not Supplier.objects.filter(name__in=["Ny AB", "X"]).exists()


# Aliases in the portal -----------------------------------------------------------------------


def test_the_secretariat_adds_changes_and_deletes_aliases_on_the_supplier_page(client, world):
    client.force_login(world.users["secretariat"])
    page = client.get(world.supplier.get_absolute_url()).content.decode()
    add = reverse("suppliers:supplieralias_add", args=[world.supplier.pk])
    assert add in page
    response = client.post(add, {"name": "Abena Nordic", "kind": "former_name", "note": "2015"})
    assert response.status_code == 302
    assert response["Location"] == f"{world.supplier.get_absolute_url()}#aliases"
    alias = world.supplier.aliases.get()
    assert alias.history.get().history_user == world.users["secretariat"]
    # The same name in another case, and the supplier's own name: refused on the name.
    for name, message in (
        ("ABENA NORDIC", "Leverantören har redan det aliaset."),
        ("abena", "Ett alias är ett annat namn än leverantörens eget."),
    ):
        response = client.post(add, {"name": name, "kind": "spelling"}, HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 400
        assert response.context["form"].errors["name"] == [message]
    edit = reverse("suppliers:supplieralias_edit", args=[alias.pk])
    response = client.post(edit, {"name": "Abena Nordic A/S", "kind": "former_name"})
    assert response.status_code == 302
    alias.refresh_from_db()
    assert alias.name == "Abena Nordic A/S"
    # Found by its alias in the supplier box and the list's search.
    found = client.get(reverse("suppliers:supplier_list"), {"q": "Nordic A/S"})
    assert [row.record for row in found.context["table"].rows] == [world.supplier]
    response = client.post(reverse("suppliers:supplieralias_delete", args=[alias.pk]))
    assert response["Location"] == world.supplier.get_absolute_url()
    assert not world.supplier.aliases.exists()


def test_procurers_see_aliases_without_buttons(client, world):
    alias = SupplierAlias.objects.create(supplier=world.supplier, name="Abena A/S", kind="spelling")
    client.force_login(world.users["procurer_a"])
    page = client.get(world.supplier.get_absolute_url()).content.decode()
    assert "Abena A/S" in page
    assert reverse("suppliers:supplieralias_edit", args=[alias.pk]) not in page
    assert reverse("suppliers:supplieralias_add", args=[world.supplier.pk]) not in page


# Sites ---------------------------------------------------------------------------------------


def test_a_site_with_its_suppliers_round_trips_over_the_api(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        SITES,
        {
            "name": "Gruva i Kolwezi",
            "kind": "mine",
            "country": "cd",
            "locality": "Kolwezi",
            "operator": world.other_supplier.pk,
            "supplier_links": [
                {"supplier": world.supplier.pk, "tier": 4, "products": "Kobolt"},
                {"supplier": world.other_supplier.pk},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["country"], body["operator_name"]) == ("CD", "Getinge")
    assert [(link["supplier_name"], link["tier"]) for link in body["supplier_links"]] == [
        ("Getinge", 1),
        ("Abena", 4),
    ]
    site = Site.objects.get(pk=body["id"])
    assert site.history.get().history_user == world.users["secretariat"]
    kept = SupplierSite.objects.get(site=site, supplier=world.supplier)
    response = client.patch(
        site_url(site),
        {"supplier_links": [{"supplier": world.supplier.pk, "tier": 3, "products": "Kobolt"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [(link["supplier"], link["tier"]) for link in response.json()["supplier_links"]] == [
        (world.supplier.pk, 3)
    ]
    assert SupplierSite.objects.get(site=site).pk == kept.pk
    twice = client.patch(
        site_url(site),
        {"supplier_links": [{"supplier": world.supplier.pk}, {"supplier": world.supplier.pk}]},
        format="json",
    )
    assert twice.status_code == 400 and "supplier_links" in twice.json()["errors"]
    tier = client.patch(
        site_url(site),
        {"supplier_links": [{"supplier": world.supplier.pk, "tier": 11}]},
        format="json",
    )
    assert tier.status_code == 400 and "supplier_links" in tier.json()["errors"]
    same = client.post(SITES, {"name": "Gruva i Kolwezi", "kind": "mine", "country": "CD"})
    assert same.status_code == 400 and list(same.json()["errors"]) == ["name"]
    assert client.delete(site_url(site)).status_code == 204
    assert not SupplierSite.objects.filter(site_id=site.pk).exists()


def test_a_site_an_incident_names_is_kept(world, api_as):
    world.incident.sites.add(world.site)
    response = api_as("secretariat").delete(site_url(world.site))
    assert response.status_code == 409
    assert Site.objects.filter(pk=world.site.pk).exists()


def test_the_secretariat_keeps_sites_and_their_suppliers_in_the_portal(client, world):
    client.force_login(world.users["secretariat"])
    listing = client.get(reverse("suppliers:site_list")).content.decode()
    assert reverse("suppliers:site_add") in listing and "/admin/" not in listing
    response = client.post(
        reverse("suppliers:site_add"),
        {"name": "Fabrik i Dhaka", "kind": "factory", "country": "bd", "operator": "Abena"},
    )
    assert response.status_code == 302
    site = Site.objects.get(name="Fabrik i Dhaka")
    assert (site.country, site.operator) == ("BD", world.supplier)
    add = reverse("suppliers:suppliersite_add", args=[site.pk])
    assert add in client.get(site.get_absolute_url()).content.decode()
    response = client.post(add, {"supplier": "Getinge", "tier": "2", "products": "Rockar"})
    assert response.status_code == 302
    assert response["Location"] == f"{site.get_absolute_url()}#suppliers"
    link = SupplierSite.objects.get(site=site)
    assert (link.supplier, link.tier) == (world.other_supplier, 2)
    response = client.post(add, {"supplier": "Getinge", "tier": "1"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert response.context["form"].errors["supplier"] == [
        "Leverantören är redan kopplad till anläggningen."
    ]
    response = client.post(
        reverse("suppliers:suppliersite_edit", args=[link.pk]),
        {"tier": "12", "products": "Rockar"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["tier"] == ["Ledet anges från 1 (direkt) till 10."]
    supplier_page = client.get(world.other_supplier.get_absolute_url()).content.decode()
    assert "Fabrik i Dhaka" in supplier_page
    response = client.post(reverse("suppliers:suppliersite_delete", args=[link.pk]))
    assert response["Location"] == site.get_absolute_url()
    response = client.post(reverse("suppliers:site_delete", args=[site.pk]))
    assert response["Location"] == reverse("suppliers:site_list")
    assert not Site.objects.filter(pk=site.pk).exists()


def test_the_portal_keeps_a_supplier_an_incident_names(client, world):
    supplier = Supplier.objects.create(name="Nämnd AB")
    world.incident.suppliers.add(supplier)
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("suppliers:supplier_delete", args=[supplier.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert Supplier.objects.filter(pk=supplier.pk).exists()
    assert "Nämnd AB kan inte tas bort: incidentärenden nämner den." in response.content.decode()


def test_the_tabs_lead_to_agreements_and_sites(client, world):
    client.force_login(world.users["reader"])
    page = client.get(reverse("suppliers:supplier_list")).content.decode()
    assert reverse("suppliers:agreement_list") in page and reverse("suppliers:site_list") in page


def test_an_import_sets_aliases_through_the_service_with_history(world):
    from core.imports import import_dataset
    from core.resources import REGISTRY
    from core.spreadsheets import read_table

    SupplierAlias.objects.create(
        supplier=world.supplier, name="Abena AB", kind="former_name", note="till 2019"
    )
    SupplierAlias.objects.create(supplier=world.supplier, name="Abena Gammal", kind="spelling")
    text = (
        "name,organisation_number,aliases\n"
        "Abena,556036-0793,ABENA AB; Abena Nordic\n"
        "Ny Leverantör AB,,Ny Lev\n"
    )
    outcome = import_dataset(
        user=world.users["secretariat"],
        resource_class=REGISTRY["suppliers"],
        dataset=read_table("suppliers.csv", text.encode()),
        dry_run=False,
    )
    assert outcome.ok and outcome.saved, outcome.errors
    aliases = {a.name: a for a in world.supplier.aliases.all()}
    assert set(aliases) == {"Abena AB", "Abena Nordic"}
    assert (aliases["Abena AB"].kind, aliases["Abena AB"].note) == ("former_name", "till 2019")
    assert aliases["Abena Nordic"].kind == "spelling"
    new = Supplier.objects.get(name="Ny Leverantör AB")
    for alias in [aliases["Abena Nordic"], new.aliases.get(name="Ny Lev")]:
        assert alias.history.get().history_user == world.users["secretariat"]
    gone = SupplierAlias.history.get(name="Abena Gammal", history_type="-")
    assert gone.history_user == world.users["secretariat"]
