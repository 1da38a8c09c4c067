"""Likely duplicate suppliers: found when a supplier is added (form, API, import), listed for the
secretariat on "Möjliga dubbletter", rejected or merged (suppliers/duplicates.py, merging.py)."""

import pytest
import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.models import Audit
from core.imports import import_dataset
from core.models import Deletion
from core.resources import REGISTRY
from incidents.models import Incident, LabTest
from suppliers import merging, selectors
from suppliers.duplicates import NameIndex, Reason, folded_key, name_key
from suppliers.models import (
    DuplicateRejection,
    FrameworkAgreement,
    Site,
    Supplier,
    SupplierAlias,
    SupplierSite,
)
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

DUPLICATES = reverse("suppliers:supplier_duplicates")


def merge_url(keep, other) -> str:
    return reverse("suppliers:supplier_merge", args=[keep.pk, other.pk])


# The normaliser and the matcher (no database) ----------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mölnlycke Health Care Aktiebolag", "Mölnlycke Health Care AB"),
        ("Mölnlycke Health Care AB (publ)", "mölnlycke health care"),
        ("Novo Nordisk A/S", "Novo Nordisk AS"),
        ("Fresenius Kabi GmbH", "Fresenius-Kabi"),
        ("Orion Oyj", "Orion"),
        ("Smith & Nephew Ltd.", "Smith Nephew Limited"),
        ("B. Braun Medical AB", "B Braun Medical"),
        ("AB Volvo", "Volvo AB"),
    ],
)
def test_company_forms_and_punctuation_are_set_aside(one, other):
    assert name_key(one) == name_key(other)


def test_swedish_letters_stay_letters_but_are_similar():
    # å, ä, ö are letters of their own: "Åhléns" is not the same name as "Ahlens" …
    assert name_key("Åhléns AB") == "åhlens"
    assert name_key("Åhléns AB") != name_key("Ahlens")
    assert name_key("Säker Vård") != name_key("Saker Vard")
    # … but the names are similar (the é is an accent, the å a letter folded for similarity).
    index = NameIndex([(1, "Ahlens", ""), (2, "Saker Vard AB", "")])
    [match] = index.matches("Åhléns AB")
    assert (match.pk, match.reason, match.score) == (1, Reason.SIMILAR_NAME, 100)
    assert [m.pk for m in index.matches("Säker Vård Aktiebolag")] == [2]
    assert folded_key(name_key("Östergötlands Ö-Fabrik")) == "ostergotlandsofabrik"


@pytest.mark.parametrize(
    ("misspelt", "correct"),
    [
        # The 2024 report's spellings and the companies they name.
        ("Betcon Dickinson", "Becton Dickinson AB"),
        ("Navamedivc AB", "Navamedic AB"),
        ("Vi tri Medical", "Vitri Medical AB"),
    ],
)
def test_the_2024_misspellings_are_similar_names(misspelt, correct):
    index = NameIndex([(1, correct, ""), (2, "Abena", ""), (3, "Getinge AB", "")])
    [match] = index.matches(misspelt)
    assert (match.name, match.reason) == (correct, Reason.SIMILAR_NAME)
    assert 85 <= match.score <= 100


def test_different_companies_are_not_proposed():
    index = NameIndex([(1, "Abena", ""), (2, "Abbott", ""), (3, "Getinge AB", "")])
    assert index.matches("Abbvie AB") == []
    assert index.matches("Getinge Group") == []
    assert index.pairs() == []


def test_a_group_company_of_another_known_country_is_not_a_duplicate_by_name():
    index = NameIndex([(1, "Aquacare AB", "", "SE"), (2, "Aquacare AS", "", "NO")])
    assert index.pairs() == []
    assert index.matches("Aquacare A/S", "", "DK") == []
    # A country not given (or the same) compares by name as before.
    assert [m.pk for m in index.matches("Aquacare Aktiebolag")] == [1, 2]
    assert [m.pk for m in index.matches("Aquacare Oy", "", "SE")] == [1]


def test_the_same_organisation_number_comes_first():
    index = NameIndex([(1, "Navamedic AB", "5560000001"), (2, "Helt Annat Namn", "5565555555")])
    matches = index.matches("Navamedic Aktiebolag", "5565555555")
    assert [(m.pk, m.reason) for m in matches] == [
        (2, Reason.ORGANISATION_NUMBER),
        (1, Reason.SAME_NAME),
    ]


# Adding a supplier: the portal's form and the API ask first ---------------------------------


def test_the_form_asks_before_adding_a_likely_duplicate(world, client):
    Supplier.objects.create(name="Navamedic AB", organisation_number="5566778899")
    client.force_login(world.users["secretariat"])
    add = reverse("suppliers:supplier_add")
    response = client.post(add, {"name": "Navamedivc AB"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det finns liknande leverantörer" in page
    assert "Navamedic AB" in page and "556677-8899" in page
    assert "liknande namn (95 %)" in page
    assert 'type="checkbox" name="confirm_duplicate"' in page
    assert not Supplier.objects.filter(name="Navamedivc AB").exists()
    # Ticked: saved.
    response = client.post(add, {"name": "Navamedivc AB", "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Supplier.objects.filter(name="Navamedivc AB").exists()


def test_the_form_adds_a_supplier_like_no_other_in_one_step(world, client):
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("suppliers:supplier_add"), {"name": "Vitri Medical AB"})
    assert response.status_code == 302
    assert Supplier.objects.filter(name="Vitri Medical AB").exists()


def test_the_api_answers_409_with_the_candidates_unless_confirmed(world, api_as):
    kept = Supplier.objects.create(name="Becton Dickinson AB")
    client = api_as("secretariat")
    url = reverse("api:supplier-list")
    response = client.post(url, {"name": "Betcon Dickinson"}, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "possible_duplicate"
    assert "confirm_duplicate" in body["errors"]
    assert [(c["id"], c["name"], c["reason"]) for c in body["candidates"]] == [
        (kept.pk, "Becton Dickinson AB", "similar_name")
    ]
    assert not Supplier.objects.filter(name="Betcon Dickinson").exists()
    response = client.post(
        url, {"name": "Betcon Dickinson", "confirm_duplicate": True}, format="json"
    )
    assert response.status_code == 201, response.content
    # The same organisation number stays a plain refusal on the field (400), as before.
    response = client.post(
        url, {"name": "Abena Nordic", "organisation_number": "556036-0793"}, format="json"
    )
    assert response.status_code == 400
    assert "organisation_number" in response.json()["errors"]


def test_the_import_preview_marks_rows_like_existing_suppliers(world):
    Supplier.objects.create(name="Navamedic AB")
    Supplier.objects.create(name="Mölnlycke Health Care AB")
    dataset = tablib.Dataset(headers=["name", "country"])
    dataset.append(["Navamedivc AB", "SE"])
    dataset.append(["Mölnlycke Health Care Aktiebolag", "SE"])
    dataset.append(["Helt Ny Leverantör", "SE"])
    outcome = import_dataset(
        user=world.users["secretariat"],
        resource_class=REGISTRY["suppliers"],
        dataset=dataset,
        dry_run=True,
    )
    assert outcome.ok  # a warning, not an error
    assert [row.kind for row in outcome.rows] == ["new", "new", "new"]
    assert outcome.rows[0].warnings == ["Kanske samma som Navamedic AB – liknande namn (95 %)."]
    assert outcome.rows[1].warnings == [
        "Kanske samma som Mölnlycke Health Care AB – samma namn (bortsett från bolagsform "
        "och skiljetecken)."
    ]
    assert outcome.rows[2].warnings == []
    assert outcome.warning_count == 2


# The page of possible duplicates ------------------------------------------------------------


def test_the_page_lists_pairs_with_the_reason_and_remembers_a_rejection(world, client):
    navamedic = Supplier.objects.create(name="Navamedic AB", organisation_number="5566778899")
    misspelt = Supplier.objects.create(name="Navamedivc AB")
    molnlycke = Supplier.objects.create(name="Mölnlycke AB")
    molnlycke_ab = Supplier.objects.create(name="Mölnlycke Aktiebolag")
    client.force_login(world.users["secretariat"])
    page = client.get(DUPLICATES).content.decode()
    assert "Navamedivc AB" in page and "liknande namn (95 %)" in page
    assert "samma namn (bortsett från bolagsform och skiljetecken)" in page
    pairs, total = selectors.duplicate_pairs()
    assert [(p.first.name, p.second.name, p.reason) for p in pairs] == [
        ("Mölnlycke AB", "Mölnlycke Aktiebolag", Reason.SAME_NAME),
        ("Navamedic AB", "Navamedivc AB", Reason.SIMILAR_NAME),
    ]
    assert total == 2
    assert molnlycke.pk < molnlycke_ab.pk and navamedic.pk < misspelt.pk
    response = client.post(
        reverse("suppliers:supplier_duplicate_reject"),
        {"supplier": misspelt.pk, "other": navamedic.pk},
    )
    assert response.status_code == 302
    rejection = DuplicateRejection.objects.get()
    assert (rejection.first, rejection.second, rejection.rejected_by) == (
        navamedic,
        misspelt,
        world.users["secretariat"],
    )
    page = client.get(DUPLICATES).content.decode()
    assert "Navamedivc AB och Navamedic AB är markerade som inte dubbletter." in page
    page = client.get(DUPLICATES).content.decode()  # the message shown: the pair is gone
    assert "Navamedivc AB" not in page and "Mölnlycke Aktiebolag" in page


def test_the_same_organisation_number_is_listed_first(world):
    other = Supplier.objects.create(name="Abena Nordic")
    # Two rows with one number can only come from before the constraint or a raw write; the
    # unique constraint prevents it otherwise. The detector reads what is stored.
    index = NameIndex([(world.supplier.pk, "Abena", "5560360793"), (other.pk, "XYZ", "5560360793")])
    assert index.pairs() == [(world.supplier.pk, other.pk, Reason.ORGANISATION_NUMBER, 100)]


@pytest.mark.parametrize("role", ["procurer_a", "reader", "auditor"])
def test_only_the_secretariat_sees_duplicates_and_merges(world, client, role):
    client.force_login(world.users[role])
    assert client.get(DUPLICATES).status_code == 403
    assert client.get(merge_url(world.supplier, world.other_supplier)).status_code == 403
    assert client.post(merge_url(world.supplier, world.other_supplier)).status_code == 403
    assert Supplier.objects.filter(pk=world.other_supplier.pk).exists()
    with pytest.raises(PermissionDenied, match="Endast kansliet"):
        merging.supplier_merge(
            keep=world.supplier, other=world.other_supplier, user=world.users[role]
        )


# The merge ----------------------------------------------------------------------------------


def _counts(supplier):
    return {
        "audits": Audit.objects.filter(supplier=supplier).count(),
        "agreements": FrameworkAgreement.objects.filter(supplier=supplier).count(),
        "site_links": SupplierSite.objects.filter(supplier=supplier).count(),
        "operated_sites": Site.objects.filter(operator=supplier).count(),
        "incidents": Incident.objects.filter(suppliers=supplier).count(),
        "lab_tests": LabTest.objects.filter(supplier=supplier).count(),
        "aliases": SupplierAlias.objects.filter(supplier=supplier).count(),
        "subsidiaries": Supplier.objects.filter(parent=supplier).count(),
    }


def test_a_merge_moves_everything_and_keeps_the_name_as_an_alias(world, client):
    keep, other = world.supplier, world.other_supplier  # Abena keeps; Getinge goes
    shared_site = Site.objects.create(name="Delad fabrik", kind="factory", country="CN")
    SupplierSite.objects.create(supplier=keep, site=shared_site, tier=1)
    SupplierSite.objects.create(supplier=other, site=shared_site, tier=2)
    SupplierSite.objects.create(supplier=other, site=world.site, tier=1)
    Site.objects.create(name="Gruva", kind="mine", country="CD", operator=other)
    SupplierAlias.objects.create(supplier=keep, name="Abena A/S", kind="spelling")
    SupplierAlias.objects.create(supplier=other, name="abena a/s", kind="spelling")  # clash
    SupplierAlias.objects.create(supplier=other, name="Getinge Group", kind="trade_name")
    FrameworkAgreement.objects.create(
        supplier=other, lead_organisation=world.region_b, title="Ramavtal G"
    )
    world.incident.suppliers.add(keep, other)  # names both: one stays
    world.confidential_incident.suppliers.add(other)
    LabTest.objects.create(
        incident=world.incident, sample="Bomull", supplier=other, method="Isotop"
    )
    Supplier.objects.create(name="Getinge Sverige", parent=other)
    Supplier.objects.filter(pk=other.pk).update(country="SE", website="https://getinge.example")
    before_keep, before_other = _counts(keep), _counts(other)
    assert before_other == {
        "audits": 2,
        "agreements": 1,
        "site_links": 2,
        "operated_sites": 1,
        "incidents": 2,
        "lab_tests": 1,
        "aliases": 2,
        "subsidiaries": 1,
    }

    client.force_login(world.users["secretariat"])
    page = client.get(merge_url(keep, other)).content.decode()
    assert "Slå ihop Getinge med Abena" in page
    assert "Revisioner: 2" in page and "Ramavtal: 1" in page
    assert "Incidentärenden: 2" in page
    response = client.post(merge_url(keep, other))
    assert response.status_code == 302
    assert response["Location"] == keep.get_absolute_url()

    assert not Supplier.objects.filter(pk=other.pk).exists()
    after = _counts(keep)
    assert after == {
        "audits": before_keep["audits"] + 2,
        "agreements": before_keep["agreements"] + 1,
        "site_links": before_keep["site_links"] + 1,  # the shared site's link is the kept one's
        "operated_sites": 1,
        "incidents": 2,  # the incident naming both names Abena once
        "lab_tests": 1,
        "aliases": 3,  # Abena A/S, Getinge Group and Getinge (the merged name)
        "subsidiaries": 1,
    }
    assert SupplierSite.objects.get(supplier=keep, site=shared_site).tier == 1
    aliases = dict(SupplierAlias.objects.filter(supplier=keep).values_list("name", "kind"))
    assert aliases == {
        "Abena A/S": "spelling",
        "Getinge Group": "trade_name",
        "Getinge": "spelling",
    }
    keep.refresh_from_db()
    assert (keep.organisation_number, keep.country, keep.website) == (
        "5560360793",
        "SE",
        "https://getinge.example",
    )
    # History: who merged, on the kept supplier and the moved rows.
    secretariat = world.users["secretariat"]
    latest = keep.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        secretariat,
        "Sammanslagen med Getinge",
    )
    assert world.audit_b.history.first().history_user == secretariat
    assert Audit.objects.get(pk=world.audit_b.pk).supplier_id == keep.pk
    # The deletion feed lists the merged supplier, with who.
    deletion = Deletion.objects.get(model="suppliers.supplier", object_id=other.pk)
    assert deletion.deleted_by == secretariat


def test_the_deletion_feed_of_the_api_lists_the_merged_supplier(world, api_as):
    other_pk = world.other_supplier.pk
    merging.supplier_merge(
        keep=world.supplier, other=world.other_supplier, user=world.users["secretariat"]
    )
    body = api_as("reader").get(reverse("api:deletion-list"), {"type": "suppliers"}).json()
    assert [(row["type"], row["id"]) for row in body["results"]] == [("suppliers", other_pk)]


def test_merging_a_supplier_gone_meanwhile_is_refused(world, client):
    keep, other = world.supplier, Supplier.objects.create(name="Abena Aktiebolag")
    merging.supplier_merge(keep=keep, other=other, user=world.users["secretariat"])
    client.force_login(world.users["secretariat"])
    response = client.post(merge_url(keep, other), follow=True)
    assert response.status_code == 404  # the page of a supplier that is gone


def test_a_merge_with_an_organisation_number_on_both_keeps_the_other_in_the_alias(world):
    other = Supplier.objects.create(name="Abena Nordic AB", organisation_number="5564715521")
    merging.supplier_merge(keep=world.supplier, other=other, user=world.users["secretariat"])
    alias = SupplierAlias.objects.get(supplier=world.supplier, name="Abena Nordic AB")
    assert "556471-5521" in alias.note
    world.supplier.refresh_from_db()
    assert world.supplier.organisation_number == "5560360793"


def test_a_subsidiary_merged_with_its_parent_loses_the_parent(world):
    child = Supplier.objects.create(name="Abena Sverige", parent=world.supplier)
    merging.supplier_merge(keep=child, other=world.supplier, user=world.users["secretariat"])
    child.refresh_from_db()
    assert child.parent is None
    assert child.organisation_number == "5560360793"


def test_the_page_queries_do_not_grow_with_the_pairs(world, client):
    client.force_login(world.users["secretariat"])

    def queries() -> int:
        return count_queries(client, DUPLICATES)

    Supplier.objects.create(name="Navamedic AB")
    Supplier.objects.create(name="Navamedivc AB")
    few = queries()
    for n in range(5):
        Supplier.objects.create(name=f"Leverantör nummer {n} AB")
        Supplier.objects.create(name=f"Leverantör nummer {n} Aktiebolag")
    assert len(selectors.duplicate_pairs()[0]) > 5
    assert queries() == few


def test_a_merge_that_would_make_a_parent_cycle_is_refused_whole(world):
    # Getinge's subsidiary is Abena's parent: merged into Abena it would be its own ancestor.
    middle = Supplier.objects.create(name="Getinge Holding", parent=world.other_supplier)
    Supplier.objects.filter(pk=world.supplier.pk).update(parent=middle)
    audits = Audit.objects.filter(supplier=world.other_supplier).count()
    with pytest.raises(ValidationError) as refused:
        merging.supplier_merge(
            keep=Supplier.objects.get(pk=world.supplier.pk),
            other=world.other_supplier,
            user=world.users["secretariat"],
        )
    assert "kan inte vara dess moderbolag" in " ".join(refused.value.messages)
    assert Supplier.objects.filter(pk=world.other_supplier.pk).exists()
    assert Audit.objects.filter(supplier=world.other_supplier).count() == audits


def test_on_postgresql_a_new_name_is_looked_up_through_the_trigram_index(world, on_postgres):
    if not on_postgres:
        pytest.skip("the trigram index is PostgreSQL's (pg_trgm)")
    from django.db import connection

    from suppliers.duplicates import FOLDED_NAME_SQL

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'supplier_name_folded_trgm'"
        )
        [(definition,)] = cursor.fetchall()
    assert "gin_trgm_ops" in definition
    Supplier.objects.create(name="Åhléns AB")
    Supplier.objects.create(name="Becton Dickinson AB")
    found = selectors.supplier_likely_duplicates(name="Ahlens")
    assert [(m.name, m.reason) for m in found] == [("Åhléns AB", Reason.SIMILAR_NAME)]
    found = selectors.supplier_likely_duplicates(name="Betcon Dickinson")
    assert [m.name for m in found] == ["Becton Dickinson AB"]
    assert FOLDED_NAME_SQL.startswith("translate(lower(name)")
