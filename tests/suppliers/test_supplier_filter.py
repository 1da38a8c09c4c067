"""The supplier box of the list filters: suggestions as one types instead of a select of every
supplier (50 000 at Nordic scale), read back by id, "Name (organisation number)", number or name."""

import pytest

from suppliers.models import Supplier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def test_the_audit_list_does_not_list_every_supplier_in_its_filter(world, client):
    Supplier.objects.bulk_create(Supplier(name=f"Leverantör {i:03}") for i in range(60))
    client.force_login(world.users["secretariat"])
    page = client.get("/audits/").content.decode()
    assert "Leverantör 007" not in page
    assert 'list="id_supplier-options"' in page
    assert '<datalist id="id_supplier-options"></datalist>' in page


def test_suggestions_match_name_alias_and_number_at_most_twenty(world, client):
    Supplier.objects.bulk_create(Supplier(name=f"Abenaxx {i:02}") for i in range(30))
    client.force_login(world.users["reader"])
    options = client.get("/suppliers/options/", {"supplier": "Abena"}).content.decode()
    assert options.count("<option") == 20
    assert '<option value="Abena (556036-0793)"></option>' in options  # starts with it: first
    by_number = client.get("/suppliers/options/", {"supplier": "556036"}).content.decode()
    assert by_number.strip() == '<option value="Abena (556036-0793)"></option>'
    assert client.get("/suppliers/options/", {"supplier": "A"}).content.decode().strip() == ""


@pytest.mark.parametrize(
    "typed", ["Abena (556036-0793)", "5560360793", "abena", "556036-0793"], ids=str
)
def test_the_filter_reads_what_the_suggestions_write(world, client, typed):
    client.force_login(world.users["secretariat"])
    response = client.get("/suppliers/agreements/", {"supplier": typed})
    titles = [agreement.title for agreement in response.context["table"].data]
    assert titles and all(
        agreement.supplier == world.supplier for agreement in response.context["table"].data
    )


def test_links_and_the_api_still_filter_by_id(world, client, api_as):
    client.force_login(world.users["secretariat"])
    response = client.get("/suppliers/agreements/", {"supplier": world.supplier.pk})
    assert {a.supplier for a in response.context["table"].data} == {world.supplier}
    assert 'value="Abena (556036-0793)"' in response.content.decode()
    api = api_as("secretariat").get("/api/v1/agreements/", {"supplier": world.supplier.pk})
    assert api.status_code == 200
    assert {row["supplier"] for row in api.json()["results"]} == {world.supplier.pk}


def test_an_unknown_supplier_is_named_under_the_box(world, client):
    client.force_login(world.users["secretariat"])
    page = client.get("/audits/", {"supplier": "Okänd AB"}).content.decode()
    assert "Ingen leverantör heter ”Okänd AB”; välj ett av förslagen." in page


def test_a_null_character_in_the_box_is_refused_before_any_query(world, client, api_as):
    client.force_login(world.users["secretariat"])
    page = client.get("/audits/", {"supplier": "Abe\x00na"}).content.decode()
    assert "Null-tecken är inte tillåtna." in page
    response = api_as("secretariat").get("/api/v1/audits/", {"supplier": "Abe\x00na"})
    assert response.status_code == 400
