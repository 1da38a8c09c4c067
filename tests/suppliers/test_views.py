"""The supplier register, framework agreements and sites in the browser."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from suppliers import services
from suppliers.choices import AgreementStatus, AliasKind, SiteKind
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite
from tests.factories import AuditFactory
from tests.helpers import count_queries
from tests.world import luhn_complete

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are checked by their English msgids; one test checks the Swedish page."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def login(client, world, role):
    client.force_login(world.users[role])
    return client


def add_suppliers(world, count):
    """Suppliers with everything the list shows: parent, audits, agreements, aliases."""
    for index in range(count):
        supplier = Supplier.objects.create(
            name=f"Leverantör {index:03}",
            organisation_number=luhn_complete(f"556{index:06}"),
            country="SE",
            parent=world.supplier,
        )
        SupplierAlias.objects.create(
            supplier=supplier, name=f"Alias {index}", kind=AliasKind.SPELLING
        )
        AuditFactory(supplier=supplier, category=world.category)
        FrameworkAgreement.objects.create(
            supplier=supplier, lead_organisation=world.region_b, category=world.subcategory
        )


def add_sites(world, count):
    for index in range(count):
        site = Site.objects.create(
            name=f"Fabrik {index}", kind=SiteKind.FACTORY, country="CN", operator=world.supplier
        )
        SupplierSite.objects.create(supplier=world.supplier, site=site, tier=2)


# Query counts: a list page costs the same with 1 row as with 50.


@pytest.mark.parametrize("role", ["secretariat", "procurer_a"])
def test_supplier_list_queries_do_not_grow_with_rows(client, world, role):
    login(client, world, role)
    url = reverse("suppliers:supplier_list") + "?country=SE&per_page=50"
    Supplier.objects.filter(pk=world.supplier.pk).update(country="SE")
    client.get(url)
    one = count_queries(client, url)
    add_suppliers(world, 49)
    response = client.get(url)
    assert response.context["table"].paginator.count == 50
    assert count_queries(client, url) == one


@pytest.mark.parametrize("role", ["secretariat", "procurer_b"])
def test_agreement_list_queries_do_not_grow_with_rows(client, world, role):
    login(client, world, role)
    url = reverse("suppliers:agreement_list") + "?per_page=50"
    world.agreement.category = world.subcategory
    world.agreement.save()
    world.agreement.co_lead_organisations.add(world.region_b)
    client.get(url)
    one = count_queries(client, url)
    add_suppliers(world, 49)
    FrameworkAgreement.objects.last().co_lead_organisations.add(world.region_a, world.partner)
    response = client.get(url)
    assert response.context["table"].paginator.count == 50
    assert count_queries(client, url) == one


def test_site_list_queries_do_not_grow_with_rows(client, world):
    login(client, world, "reader")
    url = reverse("suppliers:site_list") + "?per_page=50"
    client.get(url)
    one = count_queries(client, url)
    add_sites(world, 49)
    assert client.get(url).context["table"].paginator.count == 50
    assert count_queries(client, url) == one


# What users see.


def test_supplier_list_search_by_alias_and_organisation_number(client, world):
    login(client, world, "reader")
    SupplierAlias.objects.create(
        supplier=world.supplier, name="Abena Nordic", kind=AliasKind.TRADE_NAME
    )
    url = reverse("suppliers:supplier_list")
    for query in ["Nordic", "556036-0793", "5560360793", "abena"]:
        response = client.get(url, {"q": query})
        names = [row.record.name for row in response.context["table"].rows]
        assert names == ["Abena"], query
    response = client.get(url, {"q": "Getinge"})
    assert [row.record.name for row in response.context["table"].rows] == ["Getinge"]
    assert "556036-0793" in client.get(url).content.decode()


def test_supplier_list_filters(client, world):
    login(client, world, "procurer_a")
    url = reverse("suppliers:supplier_list")

    def names(**params):
        response = client.get(url, params)
        return sorted(row.record.name for row in response.context["table"].rows)

    # No category is chosen until the user chooses one.
    choices = list(client.get(url).context["filter"].form.fields["category"].choices)
    assert choices[0][0] == ""
    assert (world.subcategory.pk, "Läkemedel / Antibiotika") in choices
    assert names(has_organisation_number="true") == ["Abena"]
    assert names(has_organisation_number="false") == ["Getinge"]
    # Category through an audit, or through an agreement.
    AuditFactory(supplier=world.other_supplier, category=world.subcategory, year=2022)
    world.agreement.category = world.category
    world.agreement.save()
    assert names(category=world.subcategory.pk) == ["Getinge"]
    # A category includes the categories beneath it.
    assert names(category=world.category.pk) == ["Abena", "Getinge"]
    assert names(audited_in=2022) == ["Getinge"]
    assert names(audited_in=2024) == ["Abena", "Getinge"]
    assert names(audited_in=2019) == []


def test_supplier_list_auditor_sees_none(client, world):
    login(client, world, "auditor")
    response = client.get(reverse("suppliers:supplier_list"))
    assert response.context["table"].paginator.count == 0


def test_supplier_detail_shows_the_register(client, world):
    supplier = world.supplier
    SupplierAlias.objects.create(supplier=supplier, name="Abena Nordic", kind=AliasKind.FORMER_NAME)
    parent = Supplier.objects.create(name="Abena Holding A/S", country="DK")
    supplier.parent = parent
    supplier.save()
    Supplier.objects.create(name="Abena Dotter AB", parent=supplier)
    SupplierSite.objects.create(supplier=supplier, site=world.site, tier=3, products="Handskar")
    world.incident.suppliers.add(supplier)
    login(client, world, "procurer_a")
    html = client.get(supplier.get_absolute_url()).content.decode()
    for text in [
        "Abena Nordic",
        "Abena Holding A/S",
        "Abena Dotter AB",
        "Fabrik",
        "Handskar",
        "Ramavtal A",
        "Riskanalys saknas.",  # the open finding of the audit
        "2024-08-01",  # its deadline, as Y-m-d
        "Tvångsarbete i Malaysia",
        "556036-0793",
    ]:
        assert text in html, text
    assert reverse("suppliers:site_detail", args=[world.site.pk]) in html


def test_supplier_detail_hides_closed_findings(client, world):
    world.finding_a.status = "verified_closed"
    world.finding_a.closed_on = datetime.date(2024, 9, 1)
    # Verified closed names the audit that verified it (audits: a database constraint).
    world.finding_a.verified_by_audit = AuditFactory(
        supplier=world.supplier, status="conducted", start_date=datetime.date(2024, 9, 1)
    )
    world.finding_a.save()
    login(client, world, "secretariat")
    html = client.get(world.supplier.get_absolute_url()).content.decode()
    assert "Riskanalys saknas." not in html


@pytest.mark.parametrize(
    ("role", "sees"),
    [("secretariat", True), ("procurer_b", True), ("procurer_a", False), ("reader", False)],
)
def test_supplier_detail_confidential_incident_only_for_involved(client, world, role, sees):
    world.confidential_incident.suppliers.add(world.supplier)
    login(client, world, role)
    html = client.get(world.supplier.get_absolute_url()).content.decode()
    assert ("Misstänkt mutbrott" in html) is sees


def test_supplier_detail_for_auditor_is_404(client, world):
    login(client, world, "auditor")
    assert client.get(world.supplier.get_absolute_url()).status_code == 404


def test_supplier_detail_edit_buttons_only_for_secretariat(client, world):
    edit = reverse("suppliers:supplier_edit", args=[world.supplier.pk])
    login(client, world, "procurer_a")
    assert edit not in client.get(world.supplier.get_absolute_url()).content.decode()
    login(client, world, "secretariat")
    assert edit in client.get(world.supplier.get_absolute_url()).content.decode()


# The supplier form: organisation numbers.


def test_supplier_add_stores_ten_digits(client, world):
    login(client, world, "secretariat")
    response = client.post(
        reverse("suppliers:supplier_add"),
        {"name": "Mölnlycke Health Care AB", "organisation_number": "556471-5521", "country": "se"},
    )
    assert response.status_code == 302
    supplier = Supplier.objects.get(name="Mölnlycke Health Care AB")
    assert supplier.organisation_number == "5564715521"
    assert supplier.country == "SE"
    assert response["Location"] == supplier.get_absolute_url()
    assert supplier.history.first().history_user == world.users["secretariat"]
    # The edit form shows the number as it is written.
    html = client.get(reverse("suppliers:supplier_edit", args=[supplier.pk])).content.decode()
    assert 'value="556471-5521"' in html


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("556471-5522", "has a wrong check digit"),
        ("55647-15521", "An organisation number has ten digits, written NNNNNN-NNNN."),
        ("abc", "An organisation number has ten digits, written NNNNNN-NNNN."),
    ],
)
def test_supplier_add_refuses_bad_organisation_number(client, world, number, message):
    login(client, world, "secretariat")
    response = client.post(
        reverse("suppliers:supplier_add"), {"name": "Ny AB", "organisation_number": number}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["organisation_number"])
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Supplier.objects.filter(name="Ny AB").exists()


def test_supplier_add_refuses_duplicate_organisation_number(client, world):
    login(client, world, "secretariat")
    response = client.post(
        reverse("suppliers:supplier_add"),
        {"name": "Kopia AB", "organisation_number": "556036-0793"},
    )
    assert response.status_code == 400
    assert not Supplier.objects.filter(name="Kopia AB").exists()


def test_supplier_delete_refused_when_audited(client, world):
    login(client, world, "secretariat")
    response = client.post(
        reverse("suppliers:supplier_delete", args=[world.other_supplier.pk]), follow=True
    )
    assert Supplier.objects.filter(pk=world.other_supplier.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_supplier_delete(client, world):
    supplier = Supplier.objects.create(name="Borttagen AB")
    login(client, world, "secretariat")
    response = client.post(reverse("suppliers:supplier_delete", args=[supplier.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("suppliers:supplier_list")
    assert not Supplier.objects.filter(pk=supplier.pk).exists()


# Services.


def test_supplier_save_refuses_a_parent_cycle(world):
    child = Supplier.objects.create(name="Dotter AB", parent=world.supplier)
    world.supplier.parent = child
    with pytest.raises(ValidationError) as error:
        services.supplier_save(supplier=world.supplier, user=world.users["secretariat"])
    assert "is a subsidiary of Abena and cannot be its parent" in str(error.value)
    world.supplier.refresh_from_db()
    assert world.supplier.parent is None


def test_supplier_save_refuses_others_than_the_secretariat(world):
    supplier = Supplier(name="Ny AB")
    with pytest.raises(PermissionDenied, match="Only the secretariat"):
        services.supplier_save(supplier=supplier, user=world.users["procurer_a"])
    assert not Supplier.objects.filter(name="Ny AB").exists()


def test_agreement_save_procurer_adds_own_lead_only(world):
    user = world.users["procurer_a"]
    agreement = FrameworkAgreement(supplier=world.other_supplier, lead_organisation=world.region_b)
    with pytest.raises(ValidationError) as error:
        services.agreement_save(agreement=agreement, user=user)
    assert "your own organisation leads" in str(error.value)
    assert not FrameworkAgreement.objects.filter(supplier=world.other_supplier).exists()
    agreement.lead_organisation = world.region_a
    services.agreement_save(agreement=agreement, user=user, co_lead_organisations=[world.region_b])
    assert list(agreement.co_lead_organisations.all()) == [world.region_b]
    assert agreement.history.first().history_user == user


def test_agreement_save_refuses_another_regions_agreement(world):
    world.agreement.title = "Kapat"
    with pytest.raises(ValidationError, match="Only the lead and co-lead organisations"):
        services.agreement_save(agreement=world.agreement, user=world.users["procurer_b"])
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Ramavtal A"


def test_agreement_save_co_lead_may_change(world):
    world.agreement.co_lead_organisations.add(world.region_b)
    world.agreement.title = "Ändrat av medansvarig"
    services.agreement_save(agreement=world.agreement, user=world.users["procurer_b"])
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Ändrat av medansvarig"


def test_agreement_terminate_needs_a_reason(world):
    user = world.users["procurer_a"]
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(agreement=world.agreement, user=user, reason="  ")
    assert "Give the reason why the agreement was terminated." in str(error.value)
    assert FrameworkAgreement.objects.get(pk=world.agreement.pk).status == AgreementStatus.ACTIVE
    services.agreement_terminate(
        agreement=world.agreement,
        user=user,
        reason="Leverantören vägrade revision.",
        terminated_on=datetime.date(2024, 6, 1),
    )
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.TERMINATED
    assert world.agreement.termination_reason == "Leverantören vägrade revision."


def test_agreement_termination_date_only_when_terminated(world):
    world.agreement.terminated_on = datetime.date(2024, 6, 1)
    with pytest.raises(ValidationError, match="Only a terminated agreement"):
        services.agreement_save(agreement=world.agreement, user=world.users["secretariat"])


# The agreement pages.


def test_agreement_add_offers_procurer_only_their_organisations(client, world):
    login(client, world, "procurer_a")
    form = client.get(reverse("suppliers:agreement_add")).context["form"]
    assert list(form.fields["lead_organisation"].queryset) == [world.region_a]
    assert form.initial["lead_organisation"] == world.region_a.pk  # their only organisation
    response = client.post(
        reverse("suppliers:agreement_add"),
        {
            "title": "Nytt",
            "supplier": world.other_supplier.pk,
            "lead_organisation": world.region_b.pk,
            "status": "active",
        },
    )
    assert response.status_code == 400
    assert "lead_organisation" in response.context["form"].errors
    assert not FrameworkAgreement.objects.filter(title="Nytt").exists()


def test_agreement_add_by_procurer(client, world):
    login(client, world, "procurer_a")
    response = client.post(
        reverse("suppliers:agreement_add"),
        {
            "title": "Handskar 2024",
            "supplier": world.other_supplier.pk,
            "lead_organisation": world.region_a.pk,
            "co_lead_organisations": [world.region_b.pk],
            "category": world.subcategory.pk,
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    agreement = FrameworkAgreement.objects.get(title="Handskar 2024")
    assert agreement.lead_organisation == world.region_a
    assert list(agreement.co_lead_organisations.all()) == [world.region_b]
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "2024-01-01" in html and "2027-12-31" in html
    assert "Läkemedel / Antibiotika" in html
    assert reverse("suppliers:agreement_edit", args=[agreement.pk]) in html


def test_agreement_edit_termination_without_reason_is_refused(client, world):
    login(client, world, "procurer_a")
    response = client.post(
        reverse("suppliers:agreement_edit", args=[world.agreement.pk]),
        {
            "title": "Ramavtal A",
            "supplier": world.supplier.pk,
            "lead_organisation": world.region_a.pk,
            "status": "terminated",
            "terminated_on": "2024-06-01",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["termination_reason"] == [
        "Give the reason why the agreement was terminated."
    ]
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.ACTIVE


def test_agreement_co_lead_cannot_move_the_lead(client, world):
    world.agreement.co_lead_organisations.add(world.region_b)
    login(client, world, "procurer_b")
    form = client.get(reverse("suppliers:agreement_edit", args=[world.agreement.pk])).context[
        "form"
    ]
    assert form.fields["lead_organisation"].disabled
    response = client.post(
        reverse("suppliers:agreement_edit", args=[world.agreement.pk]),
        {
            "title": "Ändrat",
            "supplier": world.supplier.pk,
            "lead_organisation": world.region_b.pk,
            "co_lead_organisations": [world.region_b.pk],
            "status": "active",
        },
    )
    assert response.status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.lead_organisation == world.region_a
    assert world.agreement.title == "Ändrat"


def test_agreement_detail_no_edit_button_for_other_region(client, world):
    login(client, world, "procurer_b")
    html = client.get(world.agreement.get_absolute_url()).content.decode()
    assert reverse("suppliers:agreement_edit", args=[world.agreement.pk]) not in html
    assert "Ramavtal A" in html


def test_agreement_delete_by_secretariat(client, world):
    login(client, world, "secretariat")
    response = client.post(reverse("suppliers:agreement_delete", args=[world.agreement.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("suppliers:agreement_list")
    assert not FrameworkAgreement.objects.filter(pk=world.agreement.pk).exists()


def test_site_detail_lists_suppliers_with_tier(client, world):
    SupplierSite.objects.create(supplier=world.supplier, site=world.site, tier=2, products="Nitril")
    login(client, world, "reader")
    html = client.get(reverse("suppliers:site_detail", args=[world.site.pk])).content.decode()
    assert "Abena" in html and "Nitril" in html


def test_list_labels_are_swedish(client, world):
    login(client, world, "reader")
    html = client.get(
        reverse("suppliers:supplier_list"), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Leverantörer" in html
