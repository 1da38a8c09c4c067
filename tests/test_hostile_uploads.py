"""Hostile uploads, as an attack round tried them: ZIP bombs named .odt/.docx/.xlsx, a CSV of
millions of rows, a cell longer than the csv module reads, and a PDF named .html. Each is
refused with a message on the form (never a 500), saves nothing and costs the web worker little
memory; a download is named by the detected type, not by the uploader."""

import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Evidence
from core.models import ImportJob
from requirements_catalog.documents import check_document
from suppliers.models import Supplier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

GIB = 1024**3
# The bomb's one big entry; the old code read it whole (about twice its size in memory).
BOMB_BYTES = 1 * GIB
PEAK_LIMIT = 200 * 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> bytes:
    """About 1 MB on disk: the parts of an ODT, a DOCX and an XLSX, and a ``mimetype`` entry of
    1 GiB of zeros, written through zipfile in 1 MiB chunks so the test stays small itself."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w") as entry:
            zeros = bytes(1024 * 1024)
            for _ in range(BOMB_BYTES // len(zeros)):
                entry.write(zeros)
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path.read_bytes()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def peak_memory(call):
    """(result, the most bytes Python held at once while ``call`` ran)."""
    tracemalloc.start()
    try:
        result = call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


def post_evidence(client, world, name, data):
    client.force_login(world.users["procurer_a"])
    return client.post(
        reverse("audits:evidence_add", args=[world.audit_a.pk]),
        {"file": SimpleUploadedFile(name, data), "description": "Bevis"},
    )


# -- ZIP bombs --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.odt", "x.docx"])
def test_a_zip_bomb_as_evidence_is_refused_on_the_form_in_little_memory(client, world, bomb, name):
    assert len(bomb) < 2 * 1024 * 1024
    response, peak = peak_memory(lambda: post_evidence(client, world, name, bomb))
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"
    assert response.status_code == 400
    assert "Filen packas upp till 1073,7 MB; högst 104,9 MB godtas." in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_zip_bomb_as_an_instruments_document_is_refused_in_little_memory(bomb):
    def check():
        with pytest.raises(ValidationError) as error:
            check_document(SimpleUploadedFile("x.odt", bomb))
        return error.value.message_dict["document"]

    messages, peak = peak_memory(check)
    assert messages == ["Filen packas upp till 1073,7 MB; högst 104,9 MB godtas."]
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


def test_a_zip_bomb_named_xlsx_is_refused_by_the_import_in_little_memory(client, world, bomb):
    before = Supplier.objects.count()
    client.force_login(world.users["secretariat"])
    response, peak = peak_memory(
        lambda: client.post("/suppliers/import/", {"file": SimpleUploadedFile("x.xlsx", bomb)})
    )
    assert response.status_code == 400
    assert "Filen packas upp till 1073,7 MB; högst 104,9 MB godtas." in response.content.decode()
    assert not ImportJob.objects.exists() and Supplier.objects.count() == before
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


def test_a_part_packed_more_than_100_to_1_is_refused_as_evidence_and_by_the_import(client, world):
    """5 MB of zeros: under the 100 MB limit, but packed about 1000:1, as no document is."""
    tight = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    docx = zip_bytes({**tight, "word/document.xml": bytes(5_000_000)})
    xlsx = zip_bytes({**tight, "xl/worksheets/sheet1.xml": bytes(5_000_000)})
    message = (
        "En del av filen packas upp till mer än 100 gånger sin packade storlek; "
        "en sådan fil tas inte emot."
    )
    response = post_evidence(client, world, "rapport.docx", docx)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Evidence.objects.exists()
    client.force_login(world.users["secretariat"])
    response = client.post("/suppliers/import/", {"file": SimpleUploadedFile("l.xlsx", xlsx)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_ordinary_odt_and_docx_are_still_taken_as_evidence(client, world):
    odt = zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>" * 5000}
    )
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>" * 5000})
    assert post_evidence(client, world, "a.odt", odt).status_code == 302
    assert post_evidence(client, world, "b.docx", docx).status_code == 302
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


# -- Large spreadsheets -----------------------------------------------------------------------


def post_import(client, world, name, data):
    client.force_login(world.users["secretariat"])
    return client.post("/suppliers/import/", {"file": SimpleUploadedFile(name, data)})


def test_a_cell_longer_than_the_csv_field_limit_is_a_row_error_not_a_500(client, world):
    data = ("name,country\nAbena,SE\nLång," + "x" * 200_000 + "\n").encode()
    response = post_import(client, world, "lang.csv", data)
    assert response.status_code == 400
    assert (
        "Rad 3 har en cell med mer än 131072 tecken; en cell får rymma högst 131072."
        in response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_reading_stops_at_the_first_row_over_the_limit(client, world, settings):
    """The cell after the limit is never read: the rows are counted while they are read."""
    settings.HALLBAR_IMPORT_MAX_ROWS = 3
    rows = "".join(f"L{n},SE\n" for n in range(5))
    data = ("name,country\n" + rows + "Lång," + "x" * 200_000 + "\n").encode()
    response = post_import(client, world, "l.csv", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filen har fler än 3 rader; högst 3 kan importeras åt gången." in page
    assert "tecken" not in page
    assert not ImportJob.objects.exists()


def test_a_csv_of_millions_of_rows_is_refused_without_reading_them_all(client, world):
    data = b"name\n" + b"x\n" * 4_900_000  # 9.8 MB, under the 10 MB limit
    started = time.monotonic()
    response = post_import(client, world, "manga.csv", data)
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert "Filen har fler än 50000 rader" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_an_xlsx_over_the_row_limit_is_refused(client, world, settings):
    import io

    from openpyxl import Workbook

    settings.HALLBAR_IMPORT_MAX_ROWS = 3
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "country"])
    for n in range(6):
        sheet.append([f"L{n}", "SE"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_import(client, world, "l.xlsx", buffer.getvalue())
    assert response.status_code == 400
    assert "Filen har fler än 3 rader" in response.content.decode()


# -- Downloads ---------------------------------------------------------------------------------


def test_evidence_downloads_under_the_detected_type_as_an_attachment(client, world):
    assert post_evidence(client, world, "polyglot.html", PDF).status_code == 302
    evidence = Evidence.objects.get()
    response = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="polyglot.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_evidence_of_an_unknown_type_downloads_without_an_extension(client, world):
    evidence = Evidence(
        audit=world.audit_a,
        original_name="sida.v2.html",
        content_type="text/html",
        size=6,
        sha256="0" * 64,
        uploaded_by=world.users["procurer_a"],
    )
    evidence.file.save("evidence", ContentFile(b"<html>"), save=True)
    client.force_login(world.users["procurer_a"])
    response = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="sida_v2"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
