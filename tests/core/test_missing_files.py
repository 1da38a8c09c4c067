"""A row whose file is gone from MEDIA_ROOT: every download is a 404 that says so, in the
portal and the API, and the missing path is logged as an error; never a 500."""

import logging
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits import services
from reporting.models import ReportJob
from tests.audits.test_files import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

SAYS_MISSING = "saknas i serverns lagring"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def client_logged_in(client, world):
    client.force_login(world.users["secretariat"])
    return client


def delete(field_file) -> Path:
    path = Path(field_file.path)
    path.unlink()
    return path


def assert_missing_logged(caplog, path):
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "core.files"]
    assert [str(path) in r.getMessage() for r in errors] == [True]


@pytest.fixture
def done_job(world):
    job = ReportJob.objects.create(year=2024, requested_by=world.users["secretariat"])
    job.pdf.save("verksamhetsrapport-2024.pdf", ContentFile(b"%PDF-1.7"), save=False)
    job.status, job.progress, job.finished_at = "done", 100, timezone.now()
    job.save()
    return job


def test_evidence_whose_file_is_gone(world, client_logged_in, caplog):
    evidence = services.evidence_add(
        user=world.users["secretariat"],
        audit=world.audit_a,
        uploaded_file=SimpleUploadedFile("rapport.pdf", PDF),
    )
    url = reverse("audits:evidence_download", args=[evidence.pk])
    assert client_logged_in.get(url).status_code == 200
    path = delete(evidence.file)
    response = client_logged_in.get(url)
    assert response.status_code == 404
    text = response.content.decode()
    assert SAYS_MISSING in text and "rapport.pdf" in text
    assert_missing_logged(caplog, path)


def test_report_pdf_whose_file_is_gone_in_the_portal(done_job, client_logged_in, caplog):
    path = delete(done_job.pdf)
    response = client_logged_in.get(f"/reporting/reports/{done_job.pk}/pdf/")
    assert response.status_code == 404
    assert SAYS_MISSING in response.content.decode()
    assert_missing_logged(caplog, path)


def test_report_pdf_whose_file_is_gone_in_the_api(done_job, api_as, caplog):
    path = delete(done_job.pdf)
    response = api_as("reader").get(f"/api/v1/reports/{done_job.pk}/pdf/")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert SAYS_MISSING in body["detail"] and "verksamhetsrapport-2024.pdf" in body["detail"]
    assert_missing_logged(caplog, path)


def test_report_pdf_missing_message_in_english(done_job, api_as):
    delete(done_job.pdf)
    response = api_as("reader").get(
        f"/api/v1/reports/{done_job.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert "is missing from the server's storage" in response.json()["detail"]


def test_instrument_document_whose_file_is_gone(world, client_logged_in, caplog):
    version = world.draft_version
    version.document.save("krav.pdf", ContentFile(PDF))
    url = reverse("requirements_catalog:instrumentversion_document", args=[version.pk])
    assert client_logged_in.get(url).status_code == 200
    path = delete(version.document)
    response = client_logged_in.get(url)
    assert response.status_code == 404
    assert SAYS_MISSING in response.content.decode()
    assert_missing_logged(caplog, path)
