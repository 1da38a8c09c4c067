"""Instruments with their versions and clauses over the REST API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from requirements_catalog.models import Clause, Instrument, InstrumentVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

INSTRUMENTS = reverse("api:instrument-list")
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def code_of_conduct(world) -> Instrument:
    instrument = Instrument.objects.create(
        code="uppforandekod",
        kind="code_of_conduct",
        title="Uppförandekod för leverantörer",
        applies_to_all_prioritised=True,
    )
    instrument.responsible_organisations.set([world.secretariat_org])
    old = InstrumentVersion.objects.create(
        instrument=instrument, version="2018", year=2018, status="superseded"
    )
    new = InstrumentVersion.objects.create(
        instrument=instrument, version="2023", year=2023, status="published", supersedes=old
    )
    Clause.objects.create(version=new, code="2", text="Arbetsrätt.", order=2, area="labour_rights")
    Clause.objects.create(version=new, code="1", text="Mänskliga rättigheter.", order=1)
    Clause.objects.create(version=old, code="1", text="Gamla texten.", order=1)
    return instrument


def test_instrument_with_versions_newest_first_and_clauses_in_order(api_as, world):
    instrument = code_of_conduct(world)
    row = api_as("reader").get(reverse("api:instrument-detail", args=[instrument.pk])).json()
    assert row["code"] == "uppforandekod"
    assert row["kind"] == "code_of_conduct"
    assert row["applies_to_all_prioritised"] is True
    assert row["category"] is None
    assert row["responsible_organisation_codes"] == ["KANSLIET"]
    assert [v["version"] for v in row["versions"]] == ["2023", "2018"]
    newest, oldest = row["versions"]
    assert newest["status"] == "published"
    assert newest["supersedes"] == oldest["id"]
    assert [c["code"] for c in newest["clauses"]] == ["1", "2"]
    assert newest["clauses"][1]["area"] == "labour_rights"
    assert [c["text"] for c in oldest["clauses"]] == ["Gamla texten."]


def test_instrument_filters(api_as, world):
    code_of_conduct(world)
    client = api_as("procurer_a")
    kinds = {r["code"] for r in results(client.get(INSTRUMENTS, {"kind": "code_of_conduct"}))}
    assert kinds == {"uppforandekod"}
    # A year with a version: the template has 2024, the code of conduct 2018 and 2023.
    assert {r["code"] for r in results(client.get(INSTRUMENTS, {"year": 2018}))} == {
        "uppforandekod"
    }
    assert {r["code"] for r in results(client.get(INSTRUMENTS, {"year": 2024}))} == {
        "bedomningsmall"
    }
    assert [r["code"] for r in results(client.get(INSTRUMENTS, {"q": "bedömning"}))] == [
        "bedomningsmall"
    ]
    response = client.get(INSTRUMENTS, {"kind": "novel"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_a_clause_change_bumps_its_version_and_instrument_for_sync(api_as, world):
    Instrument.objects.update(modified=LONG_AGO)
    InstrumentVersion.objects.update(modified=LONG_AGO)
    since = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC).isoformat()
    client = api_as("reader")
    assert results(client.get(INSTRUMENTS, {"modified_since": since})) == []
    Clause.objects.create(version=world.template_version, code="1.2", text="Ny punkt.", order=2)
    [row] = results(client.get(INSTRUMENTS, {"modified_since": since}))
    assert row["id"] == world.instrument.pk
    assert [c["code"] for c in row["versions"][0]["clauses"]] == ["1.1", "1.2"]
    world.template_version.refresh_from_db()
    assert world.template_version.modified > LONG_AGO


def test_instrument_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    client.get(INSTRUMENTS)  # the token's first use is recorded once

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INSTRUMENTS).status_code == 200
        return len(queries)

    few = count()
    for i in range(5):
        instrument = Instrument.objects.create(code=f"krav-{i}", kind="guidance", title=f"K {i}")
        instrument.responsible_organisations.set([world.region_a])
        instrument.related_instruments.set([world.instrument])
        for year, status in ((2023, "published"), (2024, "draft")):
            version = InstrumentVersion.objects.create(
                instrument=instrument, version=str(year), year=year, status=status
            )
            Clause.objects.create(version=version, code="1", text="Krav.")
    assert count() == few


def test_auditor_sees_none_and_anonymous_is_401(api_as, world):
    client = api_as("auditor")
    assert client.get(INSTRUMENTS).json()["count"] == 0
    assert (
        client.get(reverse("api:instrument-detail", args=[world.instrument.pk])).status_code == 404
    )
    assert APIClient().get(INSTRUMENTS).status_code == 401


def test_csv_has_the_header_row(api_as, world):
    response = api_as("reader").get(INSTRUMENTS, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,url,code,kind,title")
    assert "bedomningsmall" in lines[1]
