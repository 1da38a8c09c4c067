"""API permission matrix rows of the audits app."""

from tests.matrix import ApiRow, api_expect


def _audit_a(w):
    return {"pk": w.audit_a.pk}


def _audit_b(w):
    return {"pk": w.audit_b.pk}


def _finding_a(w):
    return {"pk": w.finding_a.pk}


def _plan_in_a(w):
    return {
        "supplier": w.supplier.pk,
        "kind": "office",
        "year": 2025,
        "lead_organisation": w.region_a.pk,
    }


# Readers of shared data see every audit; the auditor sees only the one assigned (audit B).
SEE_ALL = api_expect(200)
SEE_A = api_expect(200, auditor=404)
# Region A's audit: its procurer and the secretariat change it; others may read but not change.
CHANGE_A = api_expect(403, secretariat=200, procurer_a=200, auditor=404)

ROWS = [
    ApiRow("api:audit-list", expect=SEE_ALL),
    ApiRow(
        "api:audit-list",
        "post",
        data=_plan_in_a,
        expect=api_expect(403, secretariat=201, procurer_a=201, procurer_b=400),
    ),
    ApiRow("api:audit-detail", kwargs=_audit_a, expect=SEE_A),
    ApiRow("api:audit-detail", kwargs=_audit_b, expect=SEE_ALL, note="assigned"),
    ApiRow(
        "api:audit-detail",
        "patch",
        kwargs=_audit_a,
        data=lambda w: {"observer_required": True},
        expect=CHANGE_A,
    ),
    # A year that contradicts the planned date (2024-05-03) is refused on the field.
    ApiRow(
        "api:audit-detail",
        "patch",
        kwargs=_audit_a,
        data=lambda w: {"year": 2025},
        expect=api_expect(403, secretariat=400, procurer_a=400, auditor=404),
        note="year-contradicts-date",
    ),
    # Carried out: whoever changes the audit, the assigned auditor too; only a plan.
    ApiRow(
        "api:audit-conduct",
        "post",
        kwargs=_audit_a,
        data=lambda w: {"start_date": "2024-05-03"},
        expect=CHANGE_A,
    ),
    ApiRow(
        "api:audit-conduct",
        "post",
        kwargs=_audit_b,
        data=lambda w: {"start_date": "2024-05-03", "end_date": "2024-05-02"},
        expect=api_expect(403, secretariat=400, procurer_b=400, auditor=400),
        note="end-before-start",
    ),
    ApiRow(
        "api:audit-conduct",
        "post",
        kwargs=lambda w: {"pk": w.audit_public.pk},
        expect=api_expect(403, secretariat=409, procurer_b=409, auditor=404),
        note="reported",
    ),
    # Cancelling a plan is for its planners (the assigned auditor may not): a reason is needed.
    ApiRow(
        "api:audit-cancel",
        "post",
        kwargs=_audit_b,
        data=lambda w: {"cancellation_reason": "Leverantören har upphört.", "on": "2024-06-01"},
        expect=api_expect(403, secretariat=200, procurer_b=200, auditor=403),
    ),
    ApiRow(
        "api:audit-cancel",
        "post",
        kwargs=_audit_a,
        data=lambda w: {"cancellation_reason": ""},
        expect=api_expect(403, secretariat=400, procurer_a=400, auditor=404),
        note="no-reason",
    ),
    ApiRow(
        "api:audit-cancel",
        "post",
        kwargs=lambda w: {"pk": w.audit_public.pk},
        data=lambda w: {"cancellation_reason": "För sent."},
        expect=api_expect(403, secretariat=409, procurer_b=409, auditor=404),
        note="reported",
    ),
    ApiRow(
        "api:audit-detail",
        "delete",
        kwargs=_audit_a,
        expect=api_expect(403, secretariat=204, procurer_a=204, auditor=404),
    ),
    # Results need the template's every criterion; audit A is planned with one criterion (the
    # auditor fills them in while it is planned).
    ApiRow(
        "api:audit-results",
        "post",
        kwargs=_audit_a,
        data=lambda w: {"results": [{"criterion": w.criterion.pk, "outcome": "fulfilled"}]},
        expect=CHANGE_A,
    ),
    ApiRow(
        "api:audit-results",
        "post",
        kwargs=_audit_b,
        note="assigned",
        data=lambda w: {"results": [{"criterion": w.criterion.pk, "outcome": "fulfilled"}]},
        expect=api_expect(403, secretariat=200, procurer_b=200, auditor=200),
    ),
    # A planned audit cannot be reported: the state conflict is 409 for whoever may change it.
    ApiRow(
        "api:audit-report",
        "post",
        kwargs=_audit_a,
        data=lambda w: {"summary": "Klar."},
        expect=api_expect(403, secretariat=409, procurer_a=409, auditor=404),
    ),
    ApiRow(
        "api:audit-approve-public-summary",
        "post",
        kwargs=_audit_a,
        expect=api_expect(403, secretariat=409, auditor=404),
    ),
    ApiRow(
        "api:audit-follow-up-review",
        "post",
        kwargs=_audit_a,
        data=lambda w: {"decisions": {str(w.finding_a.pk): "close"}},
        expect=api_expect(403, secretariat=400, procurer_a=400, auditor=404),
    ),
    ApiRow(
        "api:audit-close",
        "post",
        kwargs=_audit_a,
        expect=api_expect(403, secretariat=409, procurer_a=409, auditor=404),
    ),
    ApiRow("api:finding-list", expect=SEE_ALL),
    ApiRow(
        "api:finding-list",
        "post",
        data=lambda w: {"audit": w.audit_a.pk, "kind": "observation", "description": "Ny."},
        expect=api_expect(403, secretariat=409, procurer_a=409, auditor=400),
    ),
    ApiRow("api:finding-detail", kwargs=_finding_a, expect=SEE_A),
    ApiRow(
        "api:finding-detail",
        "patch",
        kwargs=_finding_a,
        data=lambda w: {"root_cause": "Saknad rutin."},
        expect=CHANGE_A,
    ),
    ApiRow(
        "api:finding-detail",
        "delete",
        kwargs=_finding_a,
        expect=api_expect(403, secretariat=204, procurer_a=204, auditor=404),
    ),
    ApiRow(
        "api:finding-status",
        "post",
        kwargs=_finding_a,
        data=lambda w: {"status": "action_plan_received", "note": "Plan mottagen."},
        expect=CHANGE_A,
    ),
    ApiRow("api:public-summary-list", expect=api_expect(200, anonymous=200)),
    ApiRow(
        "api:public-summary-detail",
        kwargs=lambda w: {"pk": w.audit_public.pk},
        expect=api_expect(200, anonymous=200),
    ),
    ApiRow(
        "api:public-summary-detail",
        kwargs=_audit_a,
        note="not-public",
        expect=api_expect(404, anonymous=404),
    ),
]
