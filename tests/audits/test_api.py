"""The audit workflow over the API: the same services as the portal's buttons, step by step."""

import datetime

import pytest
from django.urls import reverse

from audits.models import Audit, AuditEvent, Finding
from requirements_catalog.models import Instrument, InstrumentVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def url(name, pk=None):
    return reverse(f"api:{name}", args=[pk] if pk is not None else None)


def test_the_whole_cycle_plan_results_finding_report_approve_follow_up_close(world, api_as):
    procurer, secretariat, public = api_as("procurer_a"), api_as("secretariat"), api_as(None)

    planned = procurer.post(
        url("audit-list"),
        {
            "supplier": world.supplier.pk,
            "kind": "office",
            "year": 2025,
            "lead_organisation": world.region_a.pk,
            "co_lead_organisations": [world.region_b.pk],
            "template_version": world.template_version.pk,
            "auditor": world.users["auditor"].pk,
        },
        format="json",
    )
    assert planned.status_code == 201, planned.content
    body = planned.json()
    audit = Audit.objects.get(pk=body["id"])
    assert planned["Location"].endswith(url("audit-detail", audit.pk))
    assert body["status"] == "planned"
    assert body["co_lead_organisation_codes"] == ["SE-AB"]
    assert audit.history.first().history_user == world.users["procurer_a"]

    # The assigned auditor records the results.
    auditor = api_as("auditor")
    recorded = auditor.post(
        url("audit-results", audit.pk),
        {
            "results": [
                {
                    "criterion": world.criterion.pk,
                    "outcome": "not_fulfilled",
                    "comment": "Ingen riskanalys.",
                }
            ]
        },
        format="json",
    )
    assert recorded.status_code == 200, recorded.content
    # Recording results does not carry the audit out: that is a step of its own.
    assert recorded.json()["status"] == "planned"
    assert recorded.json()["results"] == [
        {
            "criterion": world.criterion.pk,
            "criterion_code": "1.1",
            "outcome": "not_fulfilled",
            "comment": "Ingen riskanalys.",
        }
    ]

    carried_out = auditor.post(
        url("audit-conduct", audit.pk),
        {"start_date": "2025-03-04", "end_date": "2025-03-05"},
        format="json",
    )
    assert carried_out.status_code == 200, carried_out.content
    body = carried_out.json()
    assert (body["status"], body["start_date"], body["end_date"]) == (
        "conducted",
        "2025-03-04",
        "2025-03-05",
    )

    finding = procurer.post(
        url("finding-list"),
        {
            "audit": audit.pk,
            "kind": "non_compliance",
            "severity": "major",
            "clause": world.criterion.pk,
            "description": "Riskanalys saknas.",
            "deadline": "2099-01-01",
        },
        format="json",
    )
    assert finding.status_code == 201, finding.content
    finding_id = finding.json()["id"]
    assert finding.json()["status"] == "open"
    assert finding.json()["raised_on"] == "2025-03-05"  # the audit's last day
    assert finding.json()["status_changes"] == [{"status": "open", "on": "2025-03-05"}]

    reported = procurer.post(
        url("audit-report", audit.pk),
        {
            "summary": "En större avvikelse.",
            "public_summary": "Leverantören har en avvikelse.",
            "on": "2025-03-20",
        },
        format="json",
    )
    assert reported.json()["status"] == "reported"
    assert reported.json()["reported_on"] == "2025-03-20"
    # Not yet public; the procurer may not approve, the secretariat does.
    assert audit.pk not in [
        r["id"] for r in public.get(url("public-summary-list")).json()["results"]
    ]
    assert procurer.post(url("audit-approve-public-summary", audit.pk)).status_code == 403
    approved = secretariat.post(
        url("audit-approve-public-summary", audit.pk), {"on": "2025-03-25"}, format="json"
    )
    assert approved.status_code == 200
    assert approved.json()["public_summary_approved_at"]
    assert approved.json()["public_summary_approved_on"] == "2025-03-25"
    assert audit.pk in [r["id"] for r in public.get(url("public-summary-list")).json()["results"]]

    # Closing with the finding open is a conflict that names it; nothing changes.
    refused = procurer.post(url("audit-close", audit.pk))
    assert refused.status_code == 409
    assert f"#{finding_id}" in refused.json()["detail"]

    # A follow-up audit verifies and closes the finding.
    follow_up = Audit.objects.create(
        supplier=world.supplier,
        kind="follow_up",
        year=2025,
        follows_up=audit,
        lead_organisation=world.region_a,
        status="conducted",
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 9, 2),
    )
    reviewed = procurer.post(
        url("audit-follow-up-review", follow_up.pk),
        {"decisions": {str(finding_id): "close"}},
        format="json",
    )
    assert reviewed.status_code == 200, reviewed.content
    settled = Finding.objects.get(pk=finding_id)
    assert settled.status == "verified_closed"
    assert settled.verified_by_audit == follow_up
    assert settled.closed_on == datetime.date(2025, 9, 2)  # the follow-up's day

    closed = procurer.post(url("audit-close", audit.pk), {"on": "2025-09-03"}, format="json")
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["closed_on"]) == ("closed", "2025-09-03")
    actions = list(
        AuditEvent.objects.filter(audit=audit)
        .order_by("at", "pk")
        .values_list("action", "actor__username")
    )
    assert actions[0] == ("planned", "procurer_a")
    assert ("results_recorded", "auditor") in actions
    assert ("conducted", "auditor") in actions
    assert ("summary_approved", "secretariat") in actions
    assert actions[-1] == ("closed", "procurer_a")
    # A closed audit is no longer changed: 409.
    changed = procurer.patch(
        url("audit-detail", audit.pk), {"observer_required": True}, format="json"
    )
    assert changed.status_code == 409


def test_plan_refuses_a_template_of_another_kind(world, api_as):
    code = Instrument.objects.create(code="uppforandekod", kind="code_of_conduct", title="Kod")
    version = InstrumentVersion.objects.create(instrument=code, version="1", year=2024)
    response = api_as("secretariat").post(
        url("audit-list"),
        {
            "supplier": world.supplier.pk,
            "kind": "office",
            "year": 2025,
            "lead_organisation": world.region_a.pk,
            "template_version": version.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"template_version"}
    assert not Audit.objects.filter(year=2025).exists()


def test_finding_status_verified_by_a_later_audit_of_the_same_supplier(world, api_as):
    later = Audit.objects.create(
        supplier=world.supplier,
        kind="office",
        year=2025,
        lead_organisation=world.region_a,
        status="conducted",
        start_date=datetime.date(2025, 2, 1),
    )
    other = Audit.objects.create(
        supplier=world.other_supplier, kind="office", year=2025, lead_organisation=world.region_a
    )
    client = api_as("procurer_a")
    wrong = client.post(
        url("finding-status", world.finding_a.pk),
        {"status": "verified_closed", "verified_by_audit": other.pk},
        format="json",
    )
    assert wrong.status_code == 400
    assert "verified_by_audit" in wrong.json()["errors"]
    done = client.post(
        url("finding-status", world.finding_a.pk),
        {
            "status": "verified_closed",
            "verified_by_audit": later.pk,
            "note": "Verifierad.",
            "on": "2025-02-03",
        },
        format="json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "verified_closed"
    assert done.json()["verified_by_audit"] == later.pk
    assert done.json()["closed_on"] == "2025-02-03"
    again = client.post(
        url("finding-status", world.finding_a.pk), {"status": "open"}, format="json"
    )
    assert again.status_code == 409
    assert "status" in again.json()["errors"]


def test_a_finding_cannot_move_to_another_audit(world, api_as):
    response = api_as("secretariat").patch(
        url("finding-detail", world.finding_a.pk), {"audit": world.audit_b.pk}, format="json"
    )
    assert response.status_code == 400
    assert "audit" in response.json()["errors"]
    assert Finding.objects.get(pk=world.finding_a.pk).audit_id == world.audit_a.pk


def test_audit_filters_by_region_code_kind_and_text(world, api_as):
    client = api_as("reader")
    ids = lambda r: sorted(row["id"] for row in r.json()["results"])  # noqa: E731
    assert ids(client.get(url("audit-list"), {"region": "SE-T"})) == [world.audit_a.pk]
    assert ids(client.get(url("audit-list"), {"region": "SE-AB", "year": 2024})) == [
        world.audit_b.pk
    ]
    assert ids(client.get(url("audit-list"), {"q": "getinge"})) == sorted(
        [world.audit_b.pk, world.audit_public.pk]
    )
    unknown = client.get(url("audit-list"), {"region": "SE-ZZ"})
    assert unknown.status_code == 400
    assert "region" in unknown.json()["errors"]
    ordered = client.get(url("audit-list"), {"ordering": "-year"}).json()["results"]
    assert [row["year"] for row in ordered] == [2024, 2024, 2023]


def test_an_audit_shows_a_confidential_incident_only_to_who_may_see_it(world, api_as):
    Audit.objects.filter(pk=world.audit_a.pk).update(incident=world.confidential_incident)
    detail = url("audit-detail", world.audit_a.pk)
    assert api_as("procurer_a").get(detail).json()["incident"] is None
    assert api_as("procurer_b").get(detail).json()["incident"] == world.confidential_incident.pk
    assert api_as("secretariat").get(detail).json()["incident"] == world.confidential_incident.pk


def test_the_auditor_must_be_one_of_the_auditors(world, api_as):
    response = api_as("procurer_a").patch(
        url("audit-detail", world.audit_a.pk), {"auditor": world.users["reader"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "auditor" in response.json()["errors"]
    ok = api_as("procurer_a").patch(
        url("audit-detail", world.audit_a.pk),
        {"auditor": world.users["auditor"].pk},
        format="json",
    )
    assert ok.status_code == 200
    assert ok.json()["auditor"] == world.users["auditor"].pk


@pytest.mark.parametrize("role", ["secretariat", "procurer_a", "procurer_b", "auditor"])
def test_the_bulk_list_gives_exactly_the_serializers_output(world, api_as, role):
    """audit_rows builds the list from values(); it must equal AuditSerializer, row for row."""
    from django.test import RequestFactory
    from django.utils import timezone

    from audits.api.serializers import AUDIT_ROW_COLUMNS, AuditSerializer, audit_rows
    from audits.api.views import AuditViewSet
    from audits.models import AuditResult

    Audit.objects.filter(pk=world.audit_a.pk).update(
        incident=world.confidential_incident,
        category=world.subcategory,
        internal_note="Observatör krävs.",
        public_summary="Sammanfattning.",
        public_summary_approved_by=world.users["secretariat"],
        public_summary_approved_at=timezone.now(),
    )
    world.audit_b.co_lead_organisations.add(world.region_a, world.partner)
    AuditResult.objects.create(audit=world.audit_b, criterion=world.criterion, outcome="partly")
    response = api_as(role).get(url("audit-list"), {"page_size": 1000})
    listed = response.json()["results"]
    assert listed, "the role sees audits"
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = world.users[role]
    view = AuditViewSet(request=request, format_kwarg=None, action="list")
    context = view.get_serializer_context()
    audits = [AuditViewSet.queryset.get(pk=row["id"]) for row in listed]
    expected = AuditSerializer(audits, many=True, context=context).data
    values = {row["id"]: row for row in Audit.objects.values(*AUDIT_ROW_COLUMNS)}
    built = audit_rows([values[row["id"]] for row in listed], context)
    assert built == [dict(row) for row in expected]
    assert listed == built


def test_the_finding_list_with_status_days_does_not_grow_in_queries(world):
    """Each finding carries its status days (status_changes); the list reads them in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from audits import services
    from organisations.services import api_token_create

    audit = services.audit_plan(
        user=world.users["secretariat"],
        supplier=world.supplier,
        kind="office",
        lead_organisation=world.region_a,
        planned_date=world.day,
    )
    services.audit_conduct(user=world.users["secretariat"], audit=audit, start_date=world.day)
    _token, raw = api_token_create(user=world.users["secretariat"], name="count", days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def add(n):
        for i in range(n):
            finding = services.finding_add(
                user=world.users["secretariat"],
                audit=audit,
                kind="observation",
                description=f"Nr {i}",
            )
            services.finding_status_set(
                user=world.users["secretariat"],
                finding=finding,
                status="action_plan_received",
                on=world.day,
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("finding-list"), {"page_size": 100})
        assert response.status_code == 200
        return len(captured.captured_queries), response.json()["results"]

    add(1)
    queries()  # the token's first use is recorded once
    one, rows = queries()
    [mine] = [row for row in rows if row["audit"] == audit.pk]  # World has a finding too
    assert mine["status_changes"] == [
        {"status": "open", "on": "2024-05-03"},
        {"status": "action_plan_received", "on": "2024-05-03"},
    ]
    add(9)
    assert queries()[0] == one
