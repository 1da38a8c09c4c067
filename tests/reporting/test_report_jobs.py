"""Report jobs: ordered by the secretariat, built once per job, failing with a reason; the
portal's pages to check a year, order the build, follow it and download the PDF."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings

from core.testing.matrix import World
from reporting.models import ReportJob
from reporting.services import report_job_request, report_job_run, report_pdf_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


@pytest.fixture
def seeded():
    call_command("seed_2024", verbosity=0)


def test_a_job_builds_one_pdf_and_a_second_run_makes_no_other(world, seeded, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    job = ReportJob.objects.create(year=2024, requested_by=world.users["secretariat"])
    report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert job.pdf.name == report_pdf_name(job)
    assert job.pdf.read(4) == b"%PDF"
    assert job.snapshot["audits"]["total"] == 69
    assert any(w["code"] == "narrative_number_mismatch" for w in job.warnings)
    # A redelivered message after the job finished: nothing new is written.
    report_job_run(job_id=job.pk)
    assert [p.name for p in (tmp_path / "reports" / "2024").iterdir()] == [
        f"verksamhetsrapport-2024-{job.pk}.pdf"
    ]
    # A run interrupted after its file was written is run again: the same single file.
    ReportJob.objects.filter(pk=job.pk).update(status="running", progress=90)
    report_job_run(job_id=job.pk)
    assert len(list((tmp_path / "reports" / "2024").iterdir())) == 1


def test_a_failed_job_says_why(world, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    job = ReportJob.objects.create(year=2031, requested_by=world.users["secretariat"])
    with override_settings(MEDIA_ROOT=str(blocked)), pytest.raises(OSError):
        report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "Error" in job.error
    assert job.finished_at is not None


def test_only_the_secretariat_orders_a_report(world):
    with pytest.raises(PermissionDenied):
        report_job_request(user=world.users["procurer_a"], year=2024)
    assert not ReportJob.objects.exists()


def test_the_secretariat_checks_orders_follows_and_downloads(
    world, seeded, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(world.users["secretariat"])
    listing = client.get("/reporting/reports/")
    assert "Kontrollera året" in listing.content.decode()
    check = client.get("/reporting/reports/check/", {"year": 2024})
    text = check.content.decode()
    assert "45" in text and "44" in text  # the narrative's 45 against the 44 listed
    with django_capture_on_commit_callbacks(execute=False) as queued:
        ordered = client.post("/reporting/reports/add/", {"year": 2024})
    assert ordered.status_code == 302
    assert len(queued) == 1
    job = ReportJob.objects.get()
    assert ordered["Location"] == f"/reporting/reports/{job.pk}/"
    waiting = client.get(f"/reporting/reports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in waiting  # the page polls while the job is queued
    report_job_run(job_id=job.pk)  # what the worker does with the queued message
    done = client.get(f"/reporting/reports/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in done
    assert f"/reporting/reports/{job.pk}/pdf/" in done
    pdf = client.get(f"/reporting/reports/{job.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "verksamhetsrapport-2024.pdf" in pdf["Content-Disposition"]


def test_a_bad_year_is_refused_with_the_field_named(world, client):
    client.force_login(world.users["secretariat"])
    response = client.post("/reporting/reports/add/", {"year": 1899})
    assert response.status_code == 400
    assert not ReportJob.objects.exists()
