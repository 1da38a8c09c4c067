"""Import and export of the instruments' clauses: new clauses and changes go into a draft
version only; a published version refuses every change and nothing is saved; unknown instruments
and versions, and a clause named twice, are named; the export imports back unchanged; only the
secretariat imports; history names the importer; the export follows its filters and the gate."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from core.imports import import_dataset
from core.models import ImportJob
from core.resources import REGISTRY
from core.spreadsheets import read_table
from requirements_catalog.choices import RequirementLevel, VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.resources import ClauseResource
from requirements_catalog.services import clause_save, instrument_version_draft
from riskanalysis.choices import RiskArea

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

EXPORT_URL = "/requirements/instruments/clauses/export/"
IMPORT_URL = "/requirements/instruments/clauses/import/"
HEADER = "instrument,version,number,title,text,area,level,rationale,verification,order\n"


def run_import(world, text: str, *, role="secretariat", dry_run=False, name="klausuler.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_dataset(
        user=world.users[role],
        resource_class=REGISTRY["clauses"],
        dataset=read_table(name, data),
        dry_run=dry_run,
    )


def exported_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def draft(world):
    """Version 2 of the assessment template, a draft starting from version 1's criterion 1.1."""
    return instrument_version_draft(
        instrument=world.instrument, version="2", year=2025, user=world.users["secretariat"]
    )


def test_the_resource_is_registered_with_its_columns():
    assert REGISTRY["clauses"] is ClauseResource
    assert ClauseResource.column_names() == [
        "instrument",
        "version",
        "number",
        "title",
        "text",
        "area",
        "level",
        "rationale",
        "verification",
        "order",
    ]


# -- Good files -----------------------------------------------------------------------------------


def test_new_clauses_go_into_a_draft_version(world, draft):
    outcome = run_import(
        world,
        HEADER
        + "bedomningsmall,2,1.2,Löner,Lön betalas i tid.,labour_rights,basic,,Lönelistor,2\n"
        + "BEDOMNINGSMALL,2,1.3,,Arbetstiden följer lagen.,arbetsrätt,Advanced,,,\n",
    )
    assert outcome.ok and outcome.saved, outcome.errors
    assert outcome.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    wages = draft.clauses.get(code="1.2")
    assert (wages.title, wages.text, wages.area, wages.level, wages.verification, wages.order) == (
        "Löner",
        "Lön betalas i tid.",
        RiskArea.LABOUR_RIGHTS,
        RequirementLevel.BASIC,
        "Lönelistor",
        2,
    )
    hours = draft.clauses.get(code="1.3")  # choices by label, any case; empty order is 0
    assert (hours.area, hours.level, hours.order) == (
        RiskArea.LABOUR_RIGHTS,
        RequirementLevel.ADVANCED,
        0,
    )
    assert world.template_version.clauses.count() == 1  # the published version is untouched


def test_a_drafts_clause_is_updated_and_a_second_import_changes_nothing(world, draft):
    text = HEADER + "bedomningsmall,2,1.1,Riskanalys,Riskanalys görs varje år.,,,,,1\n"
    first = run_import(world, text)
    assert first.saved and first.counts == {"new": 0, "update": 1, "unchanged": 0, "error": 0}
    clause = draft.clauses.get(code="1.1")
    assert (clause.title, clause.text, clause.order) == (
        "Riskanalys",
        "Riskanalys görs varje år.",
        1,
    )
    assert draft.clauses.count() == 1
    second = run_import(world, text)
    assert second.counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}


def test_history_names_the_importer(world, draft):
    run_import(world, HEADER + "bedomningsmall,2,1.1,,Ny text.,,,,,\n")
    run_import(world, HEADER + "bedomningsmall,2,9,,En ny klausul.,,,,,\n")
    changed = draft.clauses.get(code="1.1").history.first()
    assert (changed.history_type, changed.history_user) == ("~", world.users["secretariat"])
    added = Clause.history.get(code="9")
    assert (added.history_type, added.history_user) == ("+", world.users["secretariat"])


# -- Refusals: a message each, and nothing saved ---------------------------------------------------


def test_a_row_for_a_published_version_is_refused_and_nothing_is_saved(world, draft):
    before = (Clause.objects.count(), Clause.history.count())
    outcome = run_import(
        world,
        HEADER
        + "bedomningsmall,2,1.4,,Ny klausul i utkastet.,,,,,\n"  # good on its own
        + "bedomningsmall,1,1.1,,Ändrad text i en publicerad version.,,,,,\n"
        + "bedomningsmall,1,1.2,,Ny klausul i en publicerad version.,,,,,\n",
    )
    message = "Bedömningsmall 1 har status publicerad och kan inte ändras; skapa en ny version."
    assert [str(error) for error in outcome.errors] == [
        f"rad 3: {message}",
        f"rad 4: {message}",
    ]
    assert outcome.counts == {"new": 1, "update": 0, "unchanged": 0, "error": 2}
    assert not outcome.saved
    assert (Clause.objects.count(), Clause.history.count()) == before
    assert world.criterion.text == Clause.objects.get(pk=world.criterion.pk).text


def test_a_superseded_version_is_refused_in_english_too(world):
    world.template_version.status = VersionStatus.SUPERSEDED
    world.template_version.save()
    with translation.override("en"):
        outcome = run_import(world, HEADER + "bedomningsmall,1,1.1,,Ändrad.,,,,,\n")
        assert [str(error) for error in outcome.errors] == [
            "row 2: Bedömningsmall 1 is superseded and cannot change; make a new version."
        ]
    assert Clause.objects.get(pk=world.criterion.pk).text == world.criterion.text


def test_unknown_instruments_and_versions_are_named_and_nothing_is_saved(world, draft):
    before = Clause.objects.count()
    with translation.override("en"):
        outcome = run_import(
            world,
            HEADER
            + "bedomningsmall,2,1.5,,Bra rad.,,,,,\n"
            + "finns-inte,2,1,,Text.,,,,,\n"
            + "bedomningsmall,2030,1,,Text.,,,,,\n"
            + ",2,1,,Text.,,,,,\n"
            + "bedomningsmall,,1,,Text.,,,,,\n",
        )
        errors = [(error.row, error.column, error.message) for error in outcome.errors]
    assert errors == [
        (3, "instrument", "No instrument has the code “finns-inte”."),
        (4, "version", "bedomningsmall has no version “2030”."),
        (5, "instrument", "Name the instrument by its code, such as uppforandekod."),
        (6, "version", "Name the version, such as 2024."),
    ]
    assert not outcome.saved
    assert Clause.objects.count() == before


def test_bad_cells_are_named_by_their_column(world, draft):
    with translation.override("en"):
        outcome = run_import(
            world,
            HEADER
            + "bedomningsmall,2,2.1,,,,,,,\n"  # a new clause needs its text
            + "bedomningsmall,2,2.2,,Text.,klimat,top,,,först\n",
        )
        by_cell = {(error.row, error.column): error.message for error in outcome.errors}
    assert set(by_cell) == {(2, "text"), (3, "area"), (3, "level"), (3, "order")}
    assert by_cell[(3, "area")] == (
        "“klimat” is not one of: Human rights, Labour rights, Environment, Business ethics."
    )
    assert by_cell[(3, "order")] == "“först” is not a whole number."
    assert not draft.clauses.filter(code__in=["2.1", "2.2"]).exists()


def test_a_clause_named_twice_in_one_file_is_refused(world, draft):
    before = Clause.objects.count()
    outcome = run_import(
        world,
        HEADER + "bedomningsmall,2,3.1,,Första.,,,,,\n" + "Bedomningsmall,2,3.1,,Andra.,,,,,\n",
    )
    assert [str(error) for error in outcome.errors] == [
        "rad 3, kolumn number: Samma post som på rad 2; en fil får bara nämna varje post en gång."
    ]
    assert Clause.objects.count() == before


def test_only_the_secretariat_imports_clauses(world, client):
    from django.core.exceptions import PermissionDenied

    for role in ("procurer_a", "reader", "auditor"):
        with pytest.raises(PermissionDenied):
            run_import(world, HEADER + "bedomningsmall,1,7,,Text.,,,,,\n", role=role)
    client.force_login(world.users["procurer_a"])
    assert client.get(IMPORT_URL).status_code == 403
    data = (HEADER + "bedomningsmall,1,7,,Text.,,,,,\n").encode()
    refused = client.post(IMPORT_URL, {"file": SimpleUploadedFile("k.csv", data)})
    assert refused.status_code == 403
    assert not ImportJob.objects.exists()
    assert not Clause.objects.filter(code="7").exists()


# -- The portal ---------------------------------------------------------------------------------


def test_the_portal_previews_then_imports_on_confirmation(world, client, draft):
    client.force_login(world.users["secretariat"])
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert "<code>instrument</code>" in page.content.decode()
    data = (HEADER + "bedomningsmall,2,4.1,Tvångsarbete,Inget tvångsarbete.,,,,,\n").encode()
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("k.csv", data)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.resource, job.status) == ("clauses", "previewed")
    preview = client.get(response["Location"]).content.decode()
    assert 'id="import-confirm"' in preview and "4.1 Tvångsarbete" in preview
    assert 'href="/requirements/instruments/"' in preview  # back to the instruments
    assert not draft.clauses.filter(code="4.1").exists()
    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done"
    assert draft.clauses.get(code="4.1").text == "Inget tvångsarbete."


def test_the_instrument_list_offers_the_clauses_import_and_export(world, client):
    client.force_login(world.users["secretariat"])
    page = client.get("/requirements/instruments/").content.decode()
    assert 'id="clause-import-export"' in page
    assert "Klausuler" in page
    assert f'href="{EXPORT_URL}?format=xlsx"' in page
    assert f'href="{IMPORT_URL}"' in page
    client.force_login(world.users["reader"])
    page = client.get("/requirements/instruments/").content.decode()
    assert f'href="{EXPORT_URL}?format=csv"' in page
    assert IMPORT_URL not in page  # a reader may export but not import


# -- Export ---------------------------------------------------------------------------------------


def test_the_export_follows_its_filters_and_the_gate(world, client, draft):
    secretariat = world.users["secretariat"]
    clause_save(
        version=draft,
        user=secretariat,
        code="1.2",
        text="Miljöledningssystem finns.",
        area=RiskArea.ENVIRONMENT,
        level=RequirementLevel.ADVANCED,
    )
    client.force_login(world.users["reader"])
    everything = exported_rows(client.get(EXPORT_URL, {"format": "csv"}))
    assert [(row["Styrdokument"], row["Version"], row["Nummer"]) for row in everything] == [
        ("bedomningsmall", "1", "1.1"),
        ("bedomningsmall", "2", "1.1"),
        ("bedomningsmall", "2", "1.2"),
        ("vagledning-utkast", "2025-utkast", "1"),  # the world's other draft
    ]
    assert everything[0]["Styrdokument"] == "bedomningsmall"
    only_draft = exported_rows(
        client.get(EXPORT_URL, {"format": "csv", "instrument": "bedomningsmall", "version": "2"})
    )
    assert [row["Nummer"] for row in only_draft] == ["1.1", "1.2"]
    environment = exported_rows(
        client.get(EXPORT_URL, {"format": "csv", "area": "environment", "level": "advanced"})
    )
    assert [row["Text"] for row in environment] == ["Miljöledningssystem finns."]
    found = exported_rows(client.get(EXPORT_URL, {"format": "csv", "q": "miljöledning"}))
    assert [row["Nummer"] for row in found] == ["1.2"]
    assert client.get(EXPORT_URL, {"format": "csv", "instrument": "finns-inte"}).status_code == 400
    client.force_login(world.users["auditor"])
    assert exported_rows(client.get(EXPORT_URL, {"format": "csv"})) == []  # the gate


def _clauses_of_2024(secretariat):
    """The 2024 instruments (seed_2024) with clauses: the published versions' clauses as the
    admin would have entered them (the report holds no clause texts), and a draft's."""
    call_command("seed_2024", verbosity=0)
    versions = InstrumentVersion.objects.filter(year=2024, status=VersionStatus.PUBLISHED)
    assert versions.count() >= 5
    for n, version in enumerate(versions, start=1):
        Clause.objects.create(
            version=version,
            code=f"K{n}.1",
            title="Mänskliga rättigheter",
            text="Leverantören respekterar mänskliga rättigheter.\r\n- i hela leveranskedjan",
            area=RiskArea.HUMAN_RIGHTS,
            level=RequirementLevel.BASIC,
            order=1,
        )
        Clause.objects.create(
            version=version, code=f"K{n}.2", text="-Minus först, =formel, @och +plus", order=2
        )
    code_of_conduct = Instrument.objects.get(code="uppforandekod")
    draft = instrument_version_draft(
        instrument=code_of_conduct, version="2025", year=2025, user=secretariat
    )
    clause_save(version=draft, user=secretariat, code="9", text="Ett utkast.", rationale="Varför.")
    return Clause.objects.count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_of_the_2024_data_imports_back_unchanged(world, client, fmt):
    total = _clauses_of_2024(world.users["secretariat"])
    history = Clause.history.count()
    client.force_login(world.users["secretariat"])
    exported = client.get(EXPORT_URL, {"format": fmt})
    assert exported.status_code == 200
    outcome = run_import(world, exported.content, name=f"klausuler.{fmt}")
    assert outcome.ok, outcome.errors[:5]
    assert outcome.counts == {"new": 0, "update": 0, "unchanged": total, "error": 0}
    assert Clause.history.count() == history  # no row reached the service


def test_the_export_query_count_does_not_grow_with_rows(world, client, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["reader"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(EXPORT_URL, {"format": "xlsx"}).status_code == 200
        return len(context)

    few = queries()
    for n in range(3):
        instrument = Instrument.objects.create(code=f"krav-{n}", kind="guidance", title=f"K {n}")
        version = InstrumentVersion.objects.create(instrument=instrument, version="1", year=2024)
        for m in range(5):
            Clause.objects.create(version=version, code=str(m), text=f"Krav {m}.")
    assert queries() == few
