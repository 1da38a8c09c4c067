"""The organisation register written by the secretariat, in the portal and over the API."""

import pytest
from django.urls import reverse

from organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

LIST = reverse("api:organisation-list")


def detail(organisation) -> str:
    return reverse("api:organisation-detail", args=[organisation.pk])


def test_the_secretariat_adds_a_partner_and_a_region_in_the_portal(client, world):
    client.force_login(world.users["secretariat"])
    listing = client.get(reverse("organisations:organisation_list")).content.decode()
    assert reverse("organisations:organisation_add") in listing and "/admin/" not in listing
    response = client.post(
        reverse("organisations:organisation_add"),
        {"code": "MALMO", "name": "Malmö stad", "kind": "other", "country": "se"},
    )
    assert response.status_code == 302
    malmo = Organisation.objects.get(code="MALMO")
    assert response["Location"] == malmo.get_absolute_url()
    assert malmo.country == "SE"
    assert malmo.history.get().history_user == world.users["secretariat"]
    response = client.post(
        reverse("organisations:organisation_add"),
        {"code": "se-x", "name": "Region Gävleborg", "kind": "region", "population": "287000"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(code="SE-X").population == 287000


@pytest.mark.parametrize(
    ("data", "field", "swedish"),
    [
        (
            {"code": "GAVLE", "kind": "region"},
            "code",
            "En regions kod är dess ISO 3166-2:SE-kod, t.ex. SE-T.",
        ),
        (
            {"code": "NGO1", "kind": "ngo", "population": "1000"},
            "population",
            "Endast regioner har en folkmängd.",
        ),
        ({"code": "ADDA", "kind": "ngo"}, "code", None),
        ({"code": "NGO2", "kind": "secretariat"}, "kind", None),
    ],
)
def test_bad_organisations_are_refused_on_the_field(client, world, data, field, swedish):
    client.force_login(world.users["secretariat"])
    before = Organisation.objects.count()
    response = client.post(
        reverse("organisations:organisation_add"),
        {"name": "Ny organisation", **data},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if swedish:
        assert errors[field] == [swedish]
    assert Organisation.objects.count() == before


def test_the_secretariat_stays_the_secretariat(world, api_as):
    client = api_as("secretariat")
    response = client.patch(
        detail(world.secretariat_org), {"kind": "network"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "kind": ["The secretariat stays the secretariat, and no other organisation becomes it."]
    }
    response = client.patch(detail(world.partner), {"kind": "secretariat"}, format="json")
    assert response.status_code == 400
    world.secretariat_org.refresh_from_db()
    assert world.secretariat_org.kind == "secretariat"


def test_organisations_over_the_api(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        LIST,
        {"code": "SYKEHUS", "name": "Sykehusinnkjøp", "kind": "nordic_partner", "country": "no"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["country"]) == ("SYKEHUS", "NO")
    response = client.patch(detail(world.region_a), {"population": 310000}, format="json")
    assert response.status_code == 200 and response.json()["population"] == 310000
    world.region_a.refresh_from_db()
    assert world.region_a.history.first().history_user == world.users["secretariat"]
    # Referred to by memberships and audits: kept, 409.
    assert client.delete(detail(world.region_a)).status_code == 409
    assert client.delete(detail(Organisation.objects.get(code="SYKEHUS"))).status_code == 204
    assert api_as("procurer_a").patch(detail(world.region_a), {"name": "X"}).status_code == 403


def test_the_portal_keeps_an_organisation_others_refer_to(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("organisations:organisation_delete", args=[world.region_b.pk]), follow=True
    )
    assert Organisation.objects.filter(pk=world.region_b.pk).exists()
    assert response.status_code == 200
    client.force_login(world.users["reader"])
    page = client.get(world.region_a.get_absolute_url()).content.decode()
    assert reverse("organisations:organisation_edit", args=[world.region_a.pk]) not in page
