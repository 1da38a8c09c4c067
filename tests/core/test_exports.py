"""Export from every list page: the page's filters and the permission gate apply, private notes
never leave, references are by code or name, and the query count does not grow with the rows."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Incident
from riskanalysis.models import Study

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

EXPORTS = [
    "/organisations/export/",
    "/riskanalysis/export/",
    "/riskanalysis/studies/export/",
    "/incidents/export/",
    "/reporting/narratives/export/",
    "/reporting/events/export/",
    "/suppliers/export/",
    "/suppliers/agreements/export/",
    "/suppliers/sites/export/",
    "/audits/export/",
    "/audits/findings/export/",
    "/requirements/instruments/clauses/export/",
]


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("url", EXPORTS)
def test_every_list_exports_csv_xlsx_and_json(world, client, url):
    client.force_login(world.users["secretariat"])
    assert rows(client.get(url, {"format": "csv"})) is not None
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert isinstance(client.get(url, {"format": "json"}).json(), list)


def test_a_confidential_incident_is_exported_only_to_those_who_see_it(world, client):
    client.force_login(world.users["procurer_a"])
    titles = {row["Rubrik"] for row in rows(client.get("/incidents/export/"))}
    assert world.incident.title in titles
    assert "Misstänkt mutbrott" not in titles
    client.force_login(world.users["procurer_b"])
    titles = {row["Rubrik"] for row in rows(client.get("/incidents/export/"))}
    assert "Misstänkt mutbrott" in titles


def test_the_export_follows_the_page_filters(world, client):
    Study.objects.create(title="Textilier", year=2023)
    client.force_login(world.users["reader"])
    listed = rows(client.get("/riskanalysis/studies/export/", {"year": 2023}))
    assert [row["Rubrik"] for row in listed] == ["Textilier"]
    assert (
        "/riskanalysis/studies/export/?format=xlsx&amp;year=2023"
        in client.get("/riskanalysis/studies/", {"year": 2023}).content.decode()
    )


def test_references_are_codes_and_private_fields_stay_out(world, client):
    client.force_login(world.users["secretariat"])
    organisations = rows(client.get("/organisations/export/"))
    assert {"SE-T", "SE-AB"} <= {row["Kod"] for row in organisations}
    incident_columns = set(rows(client.get("/incidents/export/"))[0])
    assert not {"internal_note", "Intern anteckning"} & incident_columns
    assert {"Rubrik", "Status", "Konfidentiellt"} <= incident_columns


def test_the_export_query_count_does_not_grow_with_rows(world, client):
    client.force_login(world.users["secretariat"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/incidents/export/", {"format": "csv"}).status_code == 200
        return len(context)

    few = queries()
    for n in range(15):
        Incident.objects.create(title=f"Ärende {n}", year_opened=2024)
    assert queries() == few


def test_countries_are_written_as_a_list_of_codes(world, client):
    """A list kept as JSON is a readable cell ("CN, VN"), not Python's ['CN', 'VN']."""
    Incident.objects.create(
        title="Tvångsarbete i två länder", year_opened=2025, countries=["CN", "VN"]
    )
    client.force_login(world.users["secretariat"])
    listed = {row["Rubrik"]: row for row in rows(client.get("/incidents/export/"))}
    row = listed["Tvångsarbete i två länder"]
    assert "CN, VN" in row.values()
    assert not any("[" in value for value in row.values())
