"""Report jobs: ordered by the secretariat, built once per job, failing with a reason; the
portal's pages to check a year, order the build, follow it and download the PDF."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings

from reporting.models import ReportJob
from reporting.services import report_job_request, report_job_run, report_pdf_name

pytestmark = pytest.mark.django_db


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


def test_the_secretariat_corrects_the_45_and_the_report_prints_44(
    seeded, client, settings, tmp_path
):
    """The original's mistake: '45 stycken kontorsrevisioner' above a list of 44. The check
    links the remark to the text; corrected there, the check is quiet and the PDF says 44."""
    import io
    import re

    from pypdf import PdfReader

    from organisations.models import Membership, Organisation, User
    from reporting.models import Narrative

    settings.MEDIA_ROOT = str(tmp_path)
    # Only the 2024 facts: the matrix world's extra events would change the counts.
    secretary = User.objects.create_user(username="sekreterare", password="x-long-password-1")
    Membership.objects.create(
        user=secretary,
        organisation=Organisation.objects.get(kind="secretariat"),
        role="secretariat",
    )
    client.force_login(secretary)
    check = client.get("/reporting/reports/check/", {"year": 2024}).content.decode()
    narrative = Narrative.objects.get(year=2024, body__contains="45 stycken kontorsrevisioner")
    edit_url = f"/reporting/narratives/{narrative.pk}/edit/"
    assert edit_url in check
    corrected = narrative.body.replace("45 stycken", "44 stycken")
    saved = client.post(
        edit_url,
        {
            "section": narrative.section,
            "order": narrative.order,
            "heading": narrative.heading,
            "body": corrected,
        },
    )
    assert saved.status_code == 302
    narrative.refresh_from_db()
    assert narrative.updated_by == secretary
    assert narrative.history.first().history_user == secretary
    again = client.get("/reporting/reports/check/", {"year": 2024}).content.decode()
    assert "45 stycken" not in again
    job = ReportJob.objects.create(year=2024, requested_by=secretary)
    report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert not [w for w in job.warnings if w["code"] == "narrative_number_mismatch"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(job.pdf.read())).pages)
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))
    assert "44 stycken kontorsrevisioner" in text
    assert "45 stycken" not in text
    assert "glöm ej" not in text.lower()


def test_only_the_secretariat_edits_the_texts(world, client):
    from reporting.models import Narrative

    narrative = Narrative.objects.create(year=2024, section="audits", body="Text.")
    client.force_login(world.users["procurer_a"])
    response = client.post(
        f"/reporting/narratives/{narrative.pk}/edit/",
        {"section": "audits", "order": 0, "heading": "", "body": "Ändrad."},
    )
    assert response.status_code == 404
    narrative.refresh_from_db()
    assert narrative.body == "Text."


def test_the_report_is_swedish_whoever_orders_it(world, seeded, settings, tmp_path):
    from django.utils import translation

    settings.MEDIA_ROOT = str(tmp_path)
    job = ReportJob.objects.create(year=2024, requested_by=world.users["secretariat"])
    with translation.override("en"):
        report_job_run(job_id=job.pk)
    job.refresh_from_db()
    mismatch = next(w for w in job.warnings if w["code"] == "narrative_number_mismatch")
    assert mismatch["message"].startswith("Texten säger")
