from django.core.files.base import ContentFile

from tests.matrix import LOGIN, MatrixRow, expect


def _checked_import(w):
    """A file procurer A uploaded and the portal checked: one agreement region A leads."""
    from core.imports import import_job_create

    job = import_job_create(
        user=w.users["procurer_a"],
        resource_name="agreements",
        name="ramavtal.csv",
        data=ContentFile(
            b"reference,supplier,lead_organisation,status\nT-2026-1,Abena,SE-T,active\n"
        ).read(),
    )
    assert job.status == "previewed", job.outcome
    return {"pk": job.pk}


def _accessibility_report(w):
    """A report someone sent on the accessibility statement."""
    from core.models import AccessibilityReport

    return {"pk": AccessibilityReport.objects.create(description="Kontrasten är för svag.").pk}


def _report(w):
    return {"page": "/login/", "description": "Knappen går inte att nå med tangentbordet."}


ROWS = [
    MatrixRow("home", expect(200)),
    # Logged-in users are sent on from the login page.
    MatrixRow("login", expect(302, anonymous=200)),
    MatrixRow("logout", expect(405, anonymous=405), note="get-not-allowed"),
    MatrixRow("logout", expect(LOGIN, anonymous=LOGIN), method="post"),
    # The session warning's "stay logged in": JSON, 401 (not the login page) once logged out.
    MatrixRow("session_extend", expect(200, anonymous=401), method="post"),
    MatrixRow("session_extend", expect(405, anonymous=405), note="get-not-allowed"),
    # The API page holds no data: every signed-in user reads how to use their token.
    MatrixRow("api_help", expect(200)),
    # Exports of the list pages: every signed-in user, through the gate (an auditor's are empty).
    MatrixRow("organisations:organisation_export", expect(200)),
    MatrixRow("riskanalysis:riskanalysis_export", expect(200)),
    MatrixRow("riskanalysis:study_export", expect(200)),
    MatrixRow("incidents:incident_export", expect(200)),
    MatrixRow("reporting:narrative_export", expect(200)),
    # Import jobs: the uploader's own (the secretariat sees every one but confirms only its own).
    MatrixRow(
        "core:importjob_detail",
        expect(404, procurer_a=200, secretariat=200),
        kwargs=_checked_import,
    ),
    MatrixRow(
        "core:importjob_progress",
        expect(404, procurer_a=204, secretariat=204),
        kwargs=_checked_import,
    ),
    MatrixRow(
        "core:importjob_confirm",
        expect(404, procurer_a=302, secretariat=403),
        kwargs=_checked_import,
        method="post",
    ),
    # The accessibility statement: everyone reads it and may send a report (then sent back to
    # it); only the secretariat lists, reads and handles the reports, a 404 for anyone else.
    MatrixRow("core:accessibility_statement", expect(200, anonymous=200)),
    MatrixRow(
        "core:accessibility_statement",
        expect(302, anonymous=302),
        method="post",
        data=_report,
        note="send",
    ),
    MatrixRow("core:accessibilityreport_list", expect(403, secretariat=200)),
    MatrixRow(
        "core:accessibilityreport_detail",
        expect(404, secretariat=200),
        kwargs=_accessibility_report,
    ),
    MatrixRow(
        "core:accessibilityreport_edit",
        expect(404, secretariat=200),
        kwargs=_accessibility_report,
    ),
    MatrixRow(
        "core:accessibilityreport_edit",
        expect(404, secretariat=302),
        kwargs=_accessibility_report,
        method="post",
        data=lambda w: {"status": "in_progress", "note": "Rättas."},
        note="handle",
    ),
]
