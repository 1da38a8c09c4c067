"""The organisations resource of the REST API: what a region's system reads about organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from organisations.choices import OrganisationKind
from organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

LIST = reverse("api:organisation-list")


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_reader_lists_every_organisation_with_its_fields(api_as, world):
    world.region_a.population = 310_000
    world.region_a.save()
    response = api_as("reader").get(LIST, {"ordering": "code"})
    assert codes(response) == ["ADDA", "KANSLIET", "SE-AB", "SE-T"]
    row = response.json()["results"][-1]
    assert row["name"] == "Region Örebro län"
    assert row["kind"] == "region"
    assert row["country"] == "SE"
    assert row["population"] == 310_000
    assert row["url"].endswith(reverse("api:organisation-detail", args=[world.region_a.pk]))


def test_no_users_memberships_or_tokens_are_exposed(api_as, world):
    row = api_as("secretariat").get(LIST).json()["results"][0]
    assert not {"users", "memberships", "members", "api_tokens", "digest"} & set(row)


def test_filters_kind_q_and_country(api_as, world):
    Organisation.objects.create(
        code="NHS", name="NHS England", kind=OrganisationKind.AUTHORITY, country="GB"
    )
    client = api_as("procurer_a")
    assert codes(client.get(LIST, {"kind": "region", "ordering": "code"})) == ["SE-AB", "SE-T"]
    assert codes(client.get(LIST, {"q": "Örebro"})) == ["SE-T"]
    assert codes(client.get(LIST, {"q": "se-ab"})) == ["SE-AB"]
    assert codes(client.get(LIST, {"country": "GB"})) == ["NHS"]


def test_bad_filter_value_is_400_naming_the_filter(api_as, world):
    response = api_as("reader").get(LIST, {"kind": "castle"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_auditor_sees_no_organisations(api_as, world):
    client = api_as("auditor")
    assert client.get(LIST).json()["count"] == 0
    detail = reverse("api:organisation-detail", args=[world.region_a.pk])
    assert client.get(detail).status_code == 404


def test_anonymous_is_401(world):
    assert APIClient().get(LIST).status_code == 401


def test_csv_has_the_header_row(api_as, world):
    response = api_as("reader").get(LIST, {"format": "csv", "kind": "region"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:4] == ["id", "url", "code", "name"]
    assert len(lines) == 3


def test_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    count()  # the token's first use is recorded once
    few = count()
    for i in range(10):
        Organisation.objects.create(code=f"ORG{i}", name=f"Org {i}", kind=OrganisationKind.NGO)
    assert count() == few
