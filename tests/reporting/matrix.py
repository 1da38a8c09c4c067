from core.testing.matrix import MatrixRow, expect


def _job(w):
    """A queued report job (World has none; made when the row runs)."""
    from reporting.models import ReportJob

    return {"pk": ReportJob.objects.create(year=2024, requested_by=w.users["secretariat"]).pk}


def _narrative(w):
    from reporting.models import Narrative

    return {"pk": Narrative.objects.create(year=2024, section="audits", body="Text.").pk}


# Only the secretariat checks and orders the report; everyone reading shared data follows it.
SECRETARIAT_ONLY = expect(403, secretariat=200)

ROWS = [
    MatrixRow("reporting:event_list", expect(200)),
    MatrixRow(
        "reporting:event_detail", expect(200, auditor=404), kwargs=lambda w: {"pk": w.event.pk}
    ),
    MatrixRow("reporting:event_export", expect(200)),
    MatrixRow("reporting:event_import", expect(403, secretariat=200)),
    MatrixRow("reporting:narrative_list", expect(200)),
    MatrixRow("reporting:narrative_edit", expect(404, secretariat=200), kwargs=_narrative),
    MatrixRow(
        "reporting:narrative_edit",
        expect(404, secretariat=302),
        kwargs=_narrative,
        method="post",
        data=lambda w: {"heading": "", "body": "Ny text."},
    ),
    MatrixRow("reporting:reportjob_list", expect(200)),
    MatrixRow("reporting:reportjob_check", SECRETARIAT_ONLY, data=lambda w: {"year": 2024}),
    MatrixRow(
        "reporting:reportjob_add",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"year": 2024},
    ),
    MatrixRow("reporting:reportjob_detail", expect(200, auditor=404), kwargs=_job),
    MatrixRow("reporting:reportjob_progress", expect(200, auditor=404), kwargs=_job),
    # A queued job has no PDF yet: 404 for everybody.
    MatrixRow("reporting:reportjob_pdf", expect(404), kwargs=_job),
]
