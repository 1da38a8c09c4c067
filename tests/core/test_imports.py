"""Import and export of the registers: each bad file gets its message and saves nothing; a
good file is imported whole; an export imports back unchanged; procurers import only their own
organisations' rows; history names the importer."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core.imports import import_dataset
from core.models import ImportJob
from core.resources import REGISTRY
from core.spreadsheets import SpreadsheetError, read_table
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

SUPPLIER_HEADER = "name,organisation_number,country,parent,website,notes,aliases\n"
# What an export writes (the pages' labels): a file with either header imports the same.
SUPPLIER_HEADER_SV = "Namn,Organisationsnummer,Land,Moderbolag,Webbplats,Anteckningar,Även känd som"


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(world, name, data, *, resource="suppliers", role="secretariat", dry_run=False):
    dataset = read_table(name, data)
    return import_dataset(
        user=world.users[role],
        resource_class=REGISTRY[resource],
        dataset=dataset,
        dry_run=dry_run,
    )


def counts():
    return (Supplier.objects.count(), SupplierAlias.objects.count(), Site.objects.count())


def upload(client, url, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, data)})


# -- The file itself ----------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_reading(world, client, settings):
    settings.HALLBAR_IMPORT_MAX_BYTES = 1000
    before = counts()
    client.force_login(world.users["secretariat"])
    data = csv_bytes(SUPPLIER_HEADER + "".join(f"Leverantör {n},,SE,,,,\n" for n in range(100)))
    response = upload(client, "/suppliers/import/", "stor.csv", data)
    assert response.status_code == 400
    size = f"{len(data) / 1000:.1f}".replace(".", ",")
    assert f"Filen är {size} kB; gränsen är 1,0 kB." in response.content.decode()
    assert counts() == before
    assert not ImportJob.objects.exists()


def test_an_xlsx_named_csv_and_a_csv_named_xlsx_are_refused(world):
    before = counts()
    xlsx = xlsx_bytes([["name"], ["Leverantör X"]])
    with pytest.raises(SpreadsheetError, match=r"Filen heter \.csv men är en Excel-fil"):
        read_table("leverantorer.csv", xlsx)
    with pytest.raises(SpreadsheetError, match=r"Filen heter \.xlsx men är inte en Excel-fil"):
        read_table("leverantorer.xlsx", csv_bytes(SUPPLIER_HEADER + "X,,SE,,,,\n"))
    with pytest.raises(SpreadsheetError, match="varken en CSV- eller en XLSX-fil"):
        read_table("leverantorer.pdf", b"%PDF-1.7")
    with pytest.raises(SpreadsheetError, match=r"Filen heter \.csv men är inte text"):
        read_table("leverantorer.csv", b"name\n\x00\x01\x02")
    assert counts() == before


def test_a_damaged_xlsx_is_refused(world):
    with pytest.raises(SpreadsheetError, match="XLSX-filen är skadad"):
        read_table("trasig.xlsx", b"PK\x03\x04" + b"\x00" * 200)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_xlsx_with_too_many_parts_is_refused_before_parsing(world, settings):
    settings.HALLBAR_IMPORT_XLSX_MAX_ENTRIES = 50
    entries = {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    entries.update({f"xl/extra/{n}.xml": b"<x/>" for n in range(60)})
    with pytest.raises(SpreadsheetError, match="innehåller 62 delar; högst 50 godtas"):
        read_table("manga-delar.xlsx", _zip(entries))


def test_an_xlsx_that_unpacks_too_large_is_refused_before_parsing(world, settings):
    settings.HALLBAR_IMPORT_XLSX_MAX_UNCOMPRESSED = 1_000_000
    bomb = _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b"<x/>",
            "xl/worksheets/sheet1.xml": b"0" * 5_000_000,
        }
    )
    assert len(bomb) < 20_000  # small on disk
    with pytest.raises(SpreadsheetError, match="packas upp till 5,0 MB; högst 1,0 MB godtas"):
        read_table("bomb.xlsx", bomb)


def test_too_many_rows_are_refused(world, settings):
    settings.HALLBAR_IMPORT_MAX_ROWS = 3
    data = csv_bytes(SUPPLIER_HEADER + "".join(f"L{n},,SE,,,,\n" for n in range(4)))
    with pytest.raises(SpreadsheetError, match="Filen har fler än 3 rader; högst 3 kan importeras"):
        read_table("l.csv", data)


def test_an_empty_file_and_a_file_without_rows_are_refused(world):
    with pytest.raises(SpreadsheetError, match="Filen är tom"):
        read_table("tom.csv", b"\n\n")
    outcome = run_import(world, "bara-rubriker.csv", csv_bytes(SUPPLIER_HEADER))
    assert outcome.file_errors == ["Filen har kolumnnamn men inga rader."]


# -- Columns and cells --------------------------------------------------------------------------


def test_unknown_and_missing_columns_are_named(world):
    before = counts()
    outcome = run_import(world, "l.csv", csv_bytes("företagsnamn,landskod\nAbena,SE\n"))
    assert not outcome.ok and not outcome.saved
    message = " ".join(outcome.file_errors)
    assert "Okända kolumner: företagsnamn, landskod." in message
    assert "Kolumnerna är: Namn, Organisationsnummer, Land, Moderbolag," in message
    assert "Kolumner saknas: Namn." in message
    assert counts() == before


def test_bad_dates_name_row_column_and_reason_and_nothing_is_saved(world):
    before = FrameworkAgreement.objects.count()
    data = csv_bytes(
        "reference,supplier,lead_organisation,start_date,end_date\n"
        "T-1,Abena,SE-T,2024-01-01,2025-12-31\n"
        "T-2,Abena,SE-T,31/12/2024,\n"
    )
    outcome = run_import(world, "ramavtal.csv", data, resource="agreements")
    assert [str(e) for e in outcome.errors] == [
        "rad 3, kolumn start_date: ”31/12/2024” är inget datum; skriv det som ÅÅÅÅ-MM-DD "
        "(2024-03-31)."
    ]
    assert outcome.counts == {"new": 1, "update": 0, "unchanged": 0, "error": 1}
    assert FrameworkAgreement.objects.count() == before  # not even the good row


def test_bad_numbers_and_choices_are_named(world):
    data = csv_bytes("name,kind,country\nFabrik 2,fabrik-ish,MY\n")
    outcome = run_import(world, "anl.csv", data, resource="sites")
    assert [str(e) for e in outcome.errors] == [
        "rad 2, kolumn kind: ”fabrik-ish” är inte något av: Fabrik, Gruva, Odling, Lager, "
        "Kontor, Övrigt."
    ]
    events = csv_bytes(
        "title,kind,year,date,participants\nWebbinarium,webinar,2024,2024-03-01,många\n"
    )
    outcome = run_import(world, "ev.csv", events, resource="events")
    assert any(
        e.column == "participants" and "”många” är inget heltal." in e.message
        for e in outcome.errors
    )
    assert Site.objects.count() == 1


def test_unknown_references_are_named(world):
    before = FrameworkAgreement.objects.count()
    data = csv_bytes(
        "reference,supplier,lead_organisation,category\nT-9,Finns Inte AB,SE-ZZ,Läkemedel / Okänd\n"
    )
    outcome = run_import(world, "ramavtal.csv", data, resource="agreements")
    by_column = {e.column: e.message for e in outcome.errors}
    assert by_column["supplier"] == (
        "Ingen leverantör har organisationsnumret, namnet eller aliaset ”Finns Inte AB”."
    )
    assert by_column["lead_organisation"] == "Ingen organisation har koden ”SE-ZZ”."
    assert by_column["category"].startswith("Ingen kategori har sökvägen ”Läkemedel / Okänd”")
    assert FrameworkAgreement.objects.count() == before


def test_a_record_named_twice_in_one_file_is_refused(world):
    before = counts()
    data = csv_bytes(
        SUPPLIER_HEADER + "Ny AB,556677-8899,SE,,,,\nNy AB (dubblett),5566778899,SE,,,,\n"
    )
    outcome = run_import(world, "l.csv", data)
    assert [str(e) for e in outcome.errors] == [
        "rad 3, kolumn organisation_number: Samma post som på rad 2; en fil får bara nämna "
        "varje post en gång."
    ]
    assert counts() == before


# -- Good files ---------------------------------------------------------------------------------


def test_a_good_file_is_imported_whole_and_a_second_time_changes_nothing(world):
    data = csv_bytes(
        SUPPLIER_HEADER
        + "Mölnlycke Health Care AB,556123-4567,SE,,,,Mölnlycke; MHC\n"
        + "Dotterbolaget AB,,SE,Mölnlycke,,Köper via moderbolaget,\n"
        + "Abena,5560360793,DK,,,,\n"
    )
    first = run_import(world, "l.csv", data)
    assert first.ok and first.saved, first.errors
    # Abena is found by its organisation number and updated; the others are new.
    assert first.counts == {"new": 2, "update": 1, "unchanged": 0, "error": 0}
    child = Supplier.objects.get(name="Dotterbolaget AB")
    assert child.parent.name == "Mölnlycke Health Care AB"  # found by the alias just made
    second = run_import(world, "l.csv", data)
    assert second.counts == {"new": 0, "update": 0, "unchanged": 3, "error": 0}
    assert sorted(SupplierAlias.objects.values_list("name", flat=True)) == ["MHC", "Mölnlycke"]


def test_history_names_the_importer(world):
    data = csv_bytes(SUPPLIER_HEADER + "Historik AB,,SE,,,,\n")
    run_import(world, "l.csv", data)
    record = Supplier.history.get(name="Historik AB")
    assert record.history_user == world.users["secretariat"]
    assert record.history_type == "+"


def test_a_procurers_rows_for_another_region_are_errors_and_nothing_is_saved(world):
    before = FrameworkAgreement.objects.count()
    data = csv_bytes(
        "reference,supplier,lead_organisation,status\n"
        "T-2026-1,Abena,SE-T,active\n"
        "AB-2026-1,Abena,SE-AB,active\n"
    )
    outcome = run_import(world, "ramavtal.csv", data, resource="agreements", role="procurer_a")
    assert [str(e) for e in outcome.errors] == [
        "rad 3, kolumn lead_organisation: Du kan bara lägga till avtal som din egen "
        "organisation är huvudansvarig för."
    ]
    assert FrameworkAgreement.objects.count() == before
    own = csv_bytes("reference,supplier,lead_organisation,status\nT-2026-1,Abena,SE-T,active\n")
    done = run_import(world, "ramavtal.csv", own, resource="agreements", role="procurer_a")
    assert done.saved
    agreement = FrameworkAgreement.objects.get(reference="T-2026-1")
    assert agreement.history.get().history_user == world.users["procurer_a"]


def test_a_procurer_may_not_import_the_supplier_register(world, client):
    client.force_login(world.users["procurer_a"])
    response = upload(
        client, "/suppliers/import/", "l.csv", csv_bytes(SUPPLIER_HEADER + "X,,SE,,,,\n")
    )
    assert response.status_code == 403
    assert not Supplier.objects.filter(name="X").exists()


# -- The portal: preview, confirm, export ----------------------------------------------------------


def test_the_portal_previews_every_row_then_imports_on_confirmation(world, client):
    client.force_login(world.users["secretariat"])
    data = xlsx_bytes(
        [
            ["name", "organisation_number", "country", "aliases"],
            ["Portalen AB", "556123-4567", "SE", "Portalen"],
            ["Abena", "5560360793", "SE", ""],
        ]
    )
    response = upload(client, "/suppliers/import/", "leverantorer.xlsx", data)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.requested_by) == (
        "previewed",
        2,
        world.users["secretariat"],
    )
    assert not Supplier.objects.filter(name="Portalen AB").exists()  # a preview saves nothing
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-confirm"' in page
    assert "Portalen AB" in page and "ny" in page
    confirmed = client.post(f"/imports/{job.pk}/confirm/")
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    assert Supplier.objects.get(name="Portalen AB").aliases.get().name == "Portalen"
    # Confirming again does nothing more.
    client.post(f"/imports/{job.pk}/confirm/")
    assert Supplier.objects.filter(name="Portalen AB").count() == 1


def test_the_portal_shows_each_error_and_offers_no_confirmation(world, client):
    client.force_login(world.users["secretariat"])
    data = csv_bytes(SUPPLIER_HEADER + "Bra AB,,SE,,,,\nDålig AB,123,XX,,,,\n")
    response = upload(client, "/suppliers/import/", "l.csv", data)
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-confirm"' not in page
    assert "2 fel: ingenting importeras" in page
    assert "Ett organisationsnummer har tio siffror" in page
    assert "XX är inte en landskod" in page
    assert client.post(f"/imports/{job.pk}/confirm/").status_code == 302
    assert not Supplier.objects.filter(name="Bra AB").exists()


def test_export_applies_filters_and_gate_and_neutralises_formulas(world, client):
    Supplier.objects.create(name='=HYPERLINK("http://x")', country="SE")
    Supplier.objects.create(name="Svensk AB", country="SE")
    client.force_login(world.users["reader"])
    response = client.get("/suppliers/export/", {"format": "csv", "country": "SE"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == SUPPLIER_HEADER_SV
    assert len(lines) == 3  # the header and the two Swedish suppliers, not Abena or Getinge
    assert "'=HYPERLINK" in text
    as_json = client.get("/suppliers/export/", {"format": "json", "country": "SE"}).json()
    assert {row["Namn"] for row in as_json} == {'\'=HYPERLINK("http://x")', "Svensk AB"}
    client.force_login(world.users["auditor"])
    empty = client.get("/suppliers/export/", {"format": "csv"}).content.decode("utf-8-sig")
    assert empty.strip() == SUPPLIER_HEADER_SV  # the gate: an auditor sees no register
    assert client.get("/suppliers/export/", {"format": "pdf"}).status_code == 400


# -- The command -----------------------------------------------------------------------------------


def test_the_command_prints_each_error_exits_non_zero_and_saves_nothing(world, tmp_path):
    bad = tmp_path / "l.csv"
    bad.write_text(SUPPLIER_HEADER + "Bra AB,,SE,,,,\nDålig AB,,SE,Okänd förälder,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "suppliers", str(bad), user="secretariat", stderr=err)
    assert refused.value.returncode == 1
    assert "Ingenting sparades: 1 fel." in str(refused.value)
    assert (
        "l.csv: rad 3, kolumn parent: Ingen leverantör har organisationsnumret, namnet eller "
        "aliaset ”Okänd förälder”." in err.getvalue()
    )
    assert not Supplier.objects.filter(name="Bra AB").exists()


def test_the_command_dry_run_saves_nothing_and_a_real_run_saves(world, tmp_path):
    good = tmp_path / "l.csv"
    good.write_text(SUPPLIER_HEADER + "Bra AB,,SE,,,,\n")
    out = io.StringIO()
    call_command(
        "import_data", "suppliers", str(good), user="secretariat", dry_run=True, stdout=out
    )
    assert "Provkörning, ingenting sparat: 1 nya" in out.getvalue()
    assert not Supplier.objects.filter(name="Bra AB").exists()
    call_command("import_data", "suppliers", str(good), user="secretariat", stdout=out)
    assert Supplier.objects.filter(name="Bra AB").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("leverantorer", "x.csv"), "Okänt register ”leverantorer”"),
        (("suppliers", "x.csv"), "Ange --user ANVÄNDARNAMN"),
    ],
)
def test_the_command_refuses_wrong_arguments_with_exit_2(world, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_data", *args)
    assert refused.value.returncode == 2


def test_the_command_refuses_a_user_without_the_right(world, tmp_path):
    good = tmp_path / "l.csv"
    good.write_text(SUPPLIER_HEADER + "Bra AB,,SE,,,,\n")
    with pytest.raises(CommandError, match="Du får inte importera leverantörer") as refused:
        call_command("import_data", "suppliers", str(good), user="reader")
    assert refused.value.returncode == 2
    assert not Supplier.objects.filter(name="Bra AB").exists()


def test_json_export_is_a_list_of_objects(world, client):
    client.force_login(world.users["secretariat"])
    rows = json.loads(client.get("/suppliers/agreements/export/", {"format": "json"}).content)
    assert rows and set(rows[0]) >= {"Referens", "Leverantör", "Huvudansvarig organisation"}


def test_a_large_file_is_checked_and_imported_by_the_worker_with_progress(
    world, client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from hallbar.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # the worker, in-process
    settings.HALLBAR_IMPORT_SYNC_ROWS = 100
    client.force_login(world.users["secretariat"])
    rows = "".join(f"Stor leverantör {n:04d},,SE,,,,\n" for n in range(150))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(
            client, "/suppliers/import/", "stor.csv", csv_bytes(SUPPLIER_HEADER + rows)
        )
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, len(queued)) == ("checking", 150, 1)
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting  # the page polls while the worker checks
    assert client.get(f"/imports/{job.pk}/progress/").status_code == 200
    queued[0]()  # the worker checks the file
    job.refresh_from_db()
    assert job.status == "previewed"
    assert ImportOutcome_counts(job) == {"new": 150, "update": 0, "unchanged": 0, "error": 0}
    finished = client.get(f"/imports/{job.pk}/progress/")
    assert (finished.status_code, finished["HX-Refresh"]) == (204, "true")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert Supplier.objects.filter(name__startswith="Stor leverantör").count() == 150


def ImportOutcome_counts(job):
    from core.imports import ImportOutcome

    return ImportOutcome.from_dict(job.outcome).counts


# -- Round trip on the 2024 data ---------------------------------------------------------------
# Last in the module: the 2024 data (module_seed_2024) stays loaded from the first test that asks
# for it to the end of the module.


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_with_every_row_unchanged(module_seed_2024, world, client, fmt):
    client.force_login(world.users["secretariat"])
    for url, resource in (
        ("/suppliers/export/", "suppliers"),
        ("/suppliers/agreements/export/", "agreements"),
        ("/suppliers/sites/export/", "sites"),
    ):
        exported = client.get(url, {"format": fmt})
        assert exported.status_code == 200
        outcome = run_import(world, f"export.{fmt}", exported.content, resource=resource)
        assert outcome.ok, outcome.errors[:5]
        assert outcome.counts["unchanged"] == len(outcome.rows) > 0, (resource, outcome.counts)
