"""API permission matrix rows of the incidents app.

The world's incident is led by region A and shared; its confidential incident involves region B
only, so only the secretariat and region B's procurer reach it (everyone else gets 404).
"""

from tests.matrix import ApiRow, api_expect


def _incident(w):
    return {"pk": w.incident.pk}


def _confidential(w):
    return {"pk": w.confidential_incident.pk}


def _open_in_a(w):
    return {"title": "Nytt ärende", "year_opened": 2025, "lead_organisation": w.region_a.pk}


def _entry(w):
    return {"occurred_on": "2024-05-03", "kind": "action", "description": "Brev till leverantören."}


SEE_SHARED = api_expect(200, auditor=404)
SEE_CONFIDENTIAL = api_expect(404, secretariat=200, procurer_b=200)
# Region A's case: its procurer and the secretariat change it; other readers may not.
CHANGE_A = api_expect(403, secretariat=200, procurer_a=200, auditor=404)

ROWS = [
    ApiRow("api:incident-list", expect=api_expect(200)),
    ApiRow(
        "api:incident-list",
        "post",
        data=_open_in_a,
        # Region B's procurer may open cases, but not one only region A is part of.
        expect=api_expect(403, secretariat=201, procurer_a=201, procurer_b=400),
    ),
    ApiRow("api:incident-detail", kwargs=_incident, expect=SEE_SHARED),
    ApiRow(
        "api:incident-detail", kwargs=_confidential, note="confidential", expect=SEE_CONFIDENTIAL
    ),
    ApiRow(
        "api:incident-detail",
        "patch",
        kwargs=_incident,
        data=lambda w: {"outcome": "Leverantören har åtgärdat."},
        expect=CHANGE_A,
    ),
    ApiRow(
        "api:incident-detail",
        "patch",
        kwargs=_confidential,
        note="confidential",
        data=lambda w: {"outcome": "Polisanmälan gjord."},
        expect=SEE_CONFIDENTIAL,
    ),
    # Only the secretariat deletes cases.
    ApiRow(
        "api:incident-detail",
        "delete",
        kwargs=_incident,
        expect=api_expect(403, secretariat=204, auditor=404),
    ),
    ApiRow(
        "api:incident-detail",
        "delete",
        kwargs=_confidential,
        note="confidential",
        expect=api_expect(404, secretariat=204, procurer_b=403),
    ),
    ApiRow(
        "api:incident-timeline",
        "post",
        kwargs=_incident,
        data=_entry,
        expect=api_expect(403, secretariat=201, procurer_a=201, auditor=404),
    ),
    ApiRow(
        "api:incident-timeline",
        "post",
        kwargs=_confidential,
        note="confidential",
        data=_entry,
        expect=api_expect(404, secretariat=201, procurer_b=201),
    ),
]
