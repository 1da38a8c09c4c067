"""Permission matrix rows of the audits app (the start page's row is in tests/core/matrix.py)."""

from django.core.files.base import ContentFile

from tests.matrix import MatrixRow, expect

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _audit_a(w):
    return {"pk": w.audit_a.pk}


def _audit_b(w):
    return {"pk": w.audit_b.pk}


def _finding_a(w):
    return {"pk": w.finding_a.pk}


def _evidence_a(w):
    """An evidence file of Region A's audit (World has none; made when the row runs)."""
    from audits.models import Evidence

    evidence = Evidence(
        audit=w.audit_a,
        original_name="rapport.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
        uploaded_by=w.users["procurer_a"],
    )
    evidence.file.save("evidence.pdf", ContentFile(MINIMAL_PDF), save=True)
    return {"pk": evidence.pk}


# Region A's audit: the secretariat and Region A's procurer change it; the others get 404.
CHANGE_A = expect(404, secretariat=200, procurer_a=200)
# Region B's audit, assigned to the auditor.
CHANGE_B = expect(404, secretariat=200, procurer_b=200, auditor=200)
# Posting to Region A's audit: redirected (done, or refused with a message) where allowed.
POST_A = expect(404, secretariat=302, procurer_a=302)


def _audit_post_data(w):
    return {
        "supplier": w.supplier.pk,
        "kind": "office",
        "year": 2024,
        "lead_organisation": w.region_a.pk,
        "template_version": w.template_version.pk,
    }


ROWS = [
    MatrixRow("audits:public_summaries", expect(200, anonymous=200)),
    MatrixRow("audits:audit_list", expect(200)),
    MatrixRow("audits:audit_detail", expect(200, auditor=404), kwargs=_audit_a),
    MatrixRow("audits:audit_detail", expect(200), kwargs=_audit_b, note="assigned"),
    MatrixRow("audits:audit_add", expect(200, reader=403, auditor=403)),
    # Import and export: the export through the gate (an auditor's holds their own audits), the
    # import for whoever may add audits (findings: also the auditor, into their own audits).
    MatrixRow("audits:audit_export", expect(200)),
    MatrixRow("audits:finding_export", expect(200)),
    MatrixRow("audits:audit_import", expect(200, reader=403, auditor=403)),
    MatrixRow("audits:finding_import", expect(200, reader=403)),
    # Leading from Region A: allowed for A's procurer and the secretariat; B's procurer gets the
    # form back with the refusal next to the lead organisation.
    MatrixRow(
        "audits:audit_add",
        expect(302, procurer_b=400, reader=403, auditor=403),
        method="post",
        data=_audit_post_data,
        note="lead-a",
    ),
    MatrixRow("audits:audit_edit", CHANGE_A, kwargs=_audit_a),
    # The assigned auditor fills in results and findings but does not change the plan.
    MatrixRow(
        "audits:audit_edit",
        expect(404, secretariat=200, procurer_b=200),
        kwargs=_audit_b,
        note="assigned",
    ),
    MatrixRow(
        "audits:audit_edit",
        expect(404, secretariat=302, procurer_a=302),
        kwargs=_audit_a,
        method="post",
        data=_audit_post_data,
    ),
    MatrixRow("audits:audit_delete", CHANGE_A, kwargs=_audit_a),
    MatrixRow("audits:audit_delete", POST_A, kwargs=_audit_a, method="post"),
    MatrixRow(
        "audits:audit_delete",
        expect(404, secretariat=200, procurer_b=200),
        kwargs=_audit_b,
        note="auditor-may-not-delete",
    ),
    # Carried out: whoever changes the audit, the assigned auditor too.
    MatrixRow("audits:audit_conduct", CHANGE_A, kwargs=_audit_a),
    MatrixRow("audits:audit_conduct", CHANGE_B, kwargs=_audit_b, note="assigned"),
    MatrixRow(
        "audits:audit_conduct",
        POST_A,
        kwargs=_audit_a,
        method="post",
        data=lambda w: {"start_date": "2024-05-03", "end_date": "2024-05-04"},
    ),
    MatrixRow(
        "audits:audit_conduct",
        expect(404, secretariat=400, procurer_a=400),
        kwargs=_audit_a,
        method="post",
        data=lambda w: {"start_date": "2999-01-01"},
        note="future",
    ),
    MatrixRow("audits:audit_results", CHANGE_A, kwargs=_audit_a),
    MatrixRow("audits:audit_results", CHANGE_B, kwargs=_audit_b, note="assigned"),
    MatrixRow("audits:audit_report", CHANGE_A, kwargs=_audit_a),
    # Approving is the secretariat's: a form with the day; audit A is only planned, so the
    # service's refusal comes back on the form.
    MatrixRow(
        "audits:audit_approve",
        expect(403, secretariat=200, auditor=404),
        kwargs=_audit_a,
    ),
    MatrixRow(
        "audits:audit_approve",
        expect(403, secretariat=400, auditor=404),
        kwargs=_audit_a,
        method="post",
    ),
    # Closing and cancelling are the planners' (the assigned auditor gets 404).
    MatrixRow("audits:audit_close", CHANGE_A, kwargs=_audit_a),
    MatrixRow(
        "audits:audit_close",
        expect(404, secretariat=400, procurer_a=400),
        kwargs=_audit_a,
        method="post",
        note="planned",
    ),
    MatrixRow("audits:audit_cancel", CHANGE_A, kwargs=_audit_a),
    MatrixRow(
        "audits:audit_cancel",
        expect(404, secretariat=200, procurer_b=200),
        kwargs=_audit_b,
        note="assigned",
    ),
    MatrixRow(
        "audits:audit_cancel",
        POST_A,
        kwargs=_audit_a,
        method="post",
        data=lambda w: {"cancellation_reason": "Leverantören gick i konkurs.", "on": ""},
    ),
    MatrixRow(
        "audits:audit_cancel",
        expect(404, secretariat=400, procurer_a=400),
        kwargs=_audit_a,
        method="post",
        data=lambda w: {"cancellation_reason": ""},
        note="no-reason",
    ),
    MatrixRow("audits:audit_follow_up", CHANGE_A, kwargs=_audit_a),
    MatrixRow("audits:evidence_add", CHANGE_A, kwargs=_audit_a),
    MatrixRow(
        "audits:evidence_add",
        POST_A | {"secretariat": 400, "procurer_a": 400},
        kwargs=_audit_a,
        method="post",
        note="no-file",
    ),
    MatrixRow("audits:evidence_download", expect(200, auditor=404), kwargs=_evidence_a),
    MatrixRow("audits:finding_list", expect(200)),
    MatrixRow("audits:finding_add", CHANGE_A, kwargs=_audit_a),
    MatrixRow("audits:finding_add", CHANGE_B, kwargs=_audit_b, note="assigned"),
    MatrixRow("audits:finding_edit", CHANGE_A, kwargs=_finding_a),
    MatrixRow(
        "audits:finding_edit",
        expect(404, secretariat=400, procurer_a=400),
        kwargs=_finding_a,
        method="post",
        note="empty",
    ),
    MatrixRow("audits:finding_status", CHANGE_A, kwargs=_finding_a),
    MatrixRow(
        "audits:finding_status",
        expect(404, secretariat=302, procurer_a=302),
        kwargs=_finding_a,
        method="post",
        data=lambda w: {"status": "action_plan_received", "note": "Plan mottagen."},
    ),
]
