"""Incident cases: procurers change the cases their organisation leads or is involved in;
confidential cases only the secretariat and the involved organisations see."""

from tests.matrix import MatrixRow, expect


def _incident(w):
    return {"pk": w.incident.pk}


def _confidential(w):
    return {"pk": w.confidential_incident.pk}


def _incident_data(w, organisation, title="Nytt ärende"):
    return {
        "title": title,
        "year_opened": 2024,
        "status": "open",
        "lead_organisation": organisation.pk,
        "risk_areas": ["forced_labour"],
        "countries": "MY",
    }


def _timeline_data(w):
    return {"when": "2025-01", "kind": "action", "description": "Leverantören kontaktad."}


# Only the lead or involved organisations' procurers, and the secretariat, change a case.
CHANGE_A = expect(404, secretariat=200, procurer_a=200)
CHANGE_A_POSTED = expect(404, secretariat=302, procurer_a=302)
# The confidential case involves Region B only.
SEES_CONFIDENTIAL = expect(404, secretariat=200, procurer_b=200)

ROWS = [
    MatrixRow("incidents:incident_list", expect(200)),
    MatrixRow("incidents:incident_detail", expect(200, auditor=404), kwargs=_incident),
    MatrixRow(
        "incidents:incident_detail", SEES_CONFIDENTIAL, kwargs=_confidential, note="confidential"
    ),
    MatrixRow(
        "incidents:incident_add", expect(403, secretariat=200, procurer_a=200, procurer_b=200)
    ),
    MatrixRow(
        "incidents:incident_add",
        # Procurer B may not open a case that only Region A leads: the form says so (400).
        expect(403, secretariat=302, procurer_a=302, procurer_b=400),
        method="post",
        data=lambda w: _incident_data(w, w.region_a),
        note="lead-region-a",
    ),
    MatrixRow("incidents:incident_edit", CHANGE_A, kwargs=_incident),
    MatrixRow(
        "incidents:incident_edit",
        CHANGE_A_POSTED,
        kwargs=_incident,
        method="post",
        data=lambda w: _incident_data(w, w.region_a, title="Tvångsarbete i Malaysia"),
    ),
    MatrixRow(
        "incidents:incident_edit", SEES_CONFIDENTIAL, kwargs=_confidential, note="confidential"
    ),
    MatrixRow("incidents:incident_delete", expect(404, secretariat=200), kwargs=_incident),
    MatrixRow(
        "incidents:incident_delete",
        expect(404, secretariat=302),
        kwargs=_incident,
        method="post",
    ),
    MatrixRow("incidents:incidentevent_add", CHANGE_A, kwargs=_incident),
    MatrixRow(
        "incidents:incidentevent_add",
        CHANGE_A_POSTED,
        kwargs=_incident,
        method="post",
        data=_timeline_data,
    ),
    MatrixRow(
        "incidents:incidentevent_add",
        SEES_CONFIDENTIAL,
        kwargs=_confidential,
        note="confidential",
    ),
]
