"""Evidence uploads: by content, at most the configured size, stored under generated names."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from audits import services
from audits.choices import AuditKind, TimelineAction
from audits.files import sniff
from audits.models import Evidence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452") + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def zip_bytes(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
PLAIN_ZIP = zip_bytes({"readme.txt": "hej"})
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ODT, "application/vnd.oasis.opendocument.text"),
        (OLE2, "application/x-ole-storage"),
    ],
)
def test_allowed_types_are_recognised_by_content(data, content_type):
    assert sniff(data)[0] == content_type


@pytest.mark.parametrize("data", [EXE, PLAIN_ZIP, b"just text", b"<html><script>"])
def test_other_content_is_not_allowed(data):
    assert sniff(data) is None


@pytest.fixture
def audit(world):
    return services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=world.region_a,
        template_version=world.template_version,
    )


def test_evidence_is_stored_under_a_generated_name_with_hash_and_size(world, audit):
    upload = SimpleUploadedFile("../../etc/Rapport Abena.pdf", PDF, content_type="text/html")
    evidence = services.evidence_add(
        user=world.users["procurer_a"], audit=audit, uploaded_file=upload, description="Rapport"
    )
    assert evidence.original_name.endswith("Rapport Abena.pdf")
    assert evidence.file.name.startswith("evidence/")
    assert "Rapport" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert evidence.content_type == "application/pdf"  # detected, not what the browser said
    assert evidence.size == len(PDF)
    assert len(evidence.sha256) == 64
    assert audit.timeline.filter(action=TimelineAction.EVIDENCE_ADDED).exists()


def test_an_exe_renamed_pdf_is_refused_and_nothing_saved(world, audit):
    upload = SimpleUploadedFile("rapport.pdf", EXE, content_type="application/pdf")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.evidence_add(user=world.users["procurer_a"], audit=audit, uploaded_file=upload)
    message = error.value.message_dict["file"][0]
    assert "cannot be uploaded" in message and "application/x-msdownload" in message
    assert not Evidence.objects.exists()
    assert not audit.timeline.filter(action=TimelineAction.EVIDENCE_ADDED).exists()


def test_a_file_over_the_limit_is_refused(world, audit, settings):
    settings.HALLBAR_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * 2000, content_type="application/pdf")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.evidence_add(user=world.users["procurer_a"], audit=audit, uploaded_file=upload)
    assert "at most 1.0\xa0KB" in error.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_the_default_limit_is_20_mb(settings):
    assert settings.HALLBAR_MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_evidence_by_another_region_is_refused(world, audit):
    from django.core.exceptions import PermissionDenied

    upload = SimpleUploadedFile("rapport.pdf", PDF)
    with pytest.raises(PermissionDenied):
        services.evidence_add(user=world.users["procurer_b"], audit=audit, uploaded_file=upload)
    assert not Evidence.objects.exists()
