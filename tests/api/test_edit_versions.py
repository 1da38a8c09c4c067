"""Optimistic versions of edits (core/versions.py): the API's ETag/If-Match and the portal's
hidden ``record_version``. An edit against a version that changed since is refused with a
message naming who changed which fields, and nothing is saved; an edit without a version keeps
working and writes only what it sends. Sequential requests: these run on SQLite too."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from audits.choices import TimelineAction
from audits.models import Audit, AuditEvent, Finding
from incidents.models import Incident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def url(name, pk=None):
    return reverse(f"api:{name}", args=[pk] if pk is not None else None)


def test_every_read_and_write_of_a_record_gives_its_etag(world, api_as):
    api = api_as("procurer_a")
    read = api.get(url("finding-detail", world.finding_a.pk))
    assert read.status_code == 200
    assert read["ETag"].startswith('"')
    changed = api.patch(
        url("finding-detail", world.finding_a.pk),
        {"description": "Riskanalys saknas helt."},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != read["ETag"]
    assert api.get(url("finding-detail", world.finding_a.pk))["ETag"] == changed["ETag"]


def test_a_patch_against_a_stale_etag_is_a_409_that_says_what_changed(world, api_as):
    api = api_as("procurer_a")
    etag = api.get(url("finding-detail", world.finding_a.pk))["ETag"]
    first = api.patch(
        url("finding-detail", world.finding_a.pk),
        {"description": "Riskanalys saknas helt."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert first.status_code == 200, first.content
    # A second PATCH of another field, sent with the same (now stale) version.
    second = api.patch(
        url("finding-detail", world.finding_a.pk),
        {"deadline": "2024-09-30"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert second.status_code == 409, second.content
    body = second.json()
    assert body["code"] == "conflict"
    assert "procurer_a" in body["detail"]
    assert "beskrivning" in body["detail"]  # the field that changed since
    finding = Finding.objects.get(pk=world.finding_a.pk)
    assert finding.description == "Riskanalys saknas helt."
    assert finding.deadline == datetime.date(2024, 8, 1)  # nothing of the refused PATCH


def test_a_status_step_since_makes_an_edit_stale(world, api_as):
    api = api_as("procurer_a")
    etag = api.get(url("finding-detail", world.finding_a.pk))["ETag"]
    stepped = api.post(
        url("finding-status", world.finding_a.pk),
        {"status": "escalated", "on": "2024-06-01"},
        format="json",
    )
    assert stepped.status_code == 200, stepped.content
    refused = api.patch(
        url("finding-detail", world.finding_a.pk),
        {"description": "Ändrad."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert refused.status_code == 409
    assert "status" in refused.json()["detail"]
    assert Finding.objects.get(pk=world.finding_a.pk).description == "Riskanalys saknas."


def test_a_patch_without_if_match_writes_only_the_fields_it_sends(world, api_as):
    api = api_as("procurer_a")
    one = api.patch(
        url("finding-detail", world.finding_a.pk), {"description": "Ny text."}, format="json"
    )
    two = api.patch(
        url("finding-detail", world.finding_a.pk), {"deadline": "2024-09-30"}, format="json"
    )
    assert (one.status_code, two.status_code) == (200, 200)
    finding = Finding.objects.get(pk=world.finding_a.pk)
    assert (finding.description, finding.deadline) == ("Ny text.", datetime.date(2024, 9, 30))


@pytest.mark.parametrize(
    ("route", "attribute", "first", "second"),
    [
        ("audit-detail", "audit_a", {"planned_date": "2024-05-10"}, {"year": 2024}),
        ("incident-detail", "incident", {"title": "Tvångsarbete"}, {"outcome": "Ny."}),
        ("agreement-detail", "agreement", {"title": "Ramavtal B"}, {"reference": "RA-2"}),
    ],
)
def test_stale_patches_of_audits_incidents_and_agreements_are_409(
    world, api_as, route, attribute, first, second
):
    api = api_as("procurer_a")
    obj = getattr(world, attribute)
    etag = api.get(url(route, obj.pk))["ETag"]
    assert api.patch(url(route, obj.pk), first, format="json", HTTP_IF_MATCH=etag).status_code == (
        200
    )
    before = type(obj).objects.get(pk=obj.pk).modified
    refused = api.patch(url(route, obj.pk), second, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 409, refused.content
    assert "procurer_a" in refused.json()["detail"]
    assert type(obj).objects.get(pk=obj.pk).modified == before  # nothing saved


def test_if_match_star_and_a_list_of_etags_match(world, api_as):
    api = api_as("procurer_a")
    etag = api.get(url("incident-detail", world.incident.pk))["ETag"]
    ok = api.patch(
        url("incident-detail", world.incident.pk),
        {"title": "A"},
        format="json",
        HTTP_IF_MATCH=f'"1", W/{etag}',
    )
    assert ok.status_code == 200, ok.content
    star = api.patch(
        url("incident-detail", world.incident.pk), {"title": "B"}, format="json", HTTP_IF_MATCH="*"
    )
    assert star.status_code == 200
    assert Incident.objects.get(pk=world.incident.pk).title == "B"


def test_the_schema_documents_if_match_and_the_409(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    patch = schema.json()["paths"]["/api/v1/findings/{id}/"]["patch"]
    names = [p["name"] for p in patch["parameters"]]
    assert "If-Match" in names
    assert "If-Match" in patch["responses"]["409"]["description"]


# ---- the portal --------------------------------------------------------------------------------


def finding_form(finding, **changes):
    data = {
        "kind": finding.kind,
        "severity": finding.severity,
        "clause": "",
        "description": finding.description,
        "root_cause": finding.root_cause,
        "required_action": finding.required_action,
        "raised_on": finding.raised_on.isoformat(),
        "deadline": finding.deadline.isoformat() if finding.deadline else "",
        "action_plan": finding.action_plan,
    }
    data.update(changes)
    return data


def opened_version(client, path) -> str:
    page = client.get(path)
    assert page.status_code == 200
    content = page.content.decode()
    marker = 'name="record_version" value="'
    assert marker in content, "the form carries no version"
    return content.split(marker, 1)[1].split('"', 1)[0]


def test_a_portal_edit_against_a_stale_version_is_a_form_error_and_saves_nothing(client, world):
    finding = world.finding_a
    path = reverse("audits:finding_edit", args=[finding.pk])
    client.force_login(world.users["procurer_a"])
    version = opened_version(client, path)
    # Another user edits the finding meanwhile (in the API).
    client.force_login(world.users["secretariat"])
    saved = client.post(
        path, finding_form(finding, description="Ändrad av kansliet.", record_version=version)
    )
    assert saved.status_code == 302
    client.force_login(world.users["procurer_a"])
    refused = client.post(
        path, finding_form(finding, deadline="2024-10-01", record_version=version)
    )
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "secretariat" in content and "beskrivning" in content
    stored = Finding.objects.get(pk=finding.pk)
    assert stored.description == "Ändrad av kansliet."
    assert stored.deadline == datetime.date(2024, 8, 1)
    # The form now holds the stored version: saving again, knowing what changed, works.
    again = client.post(
        path,
        finding_form(
            stored,
            deadline="2024-10-01",
            record_version=refused.content.decode()
            .split('name="record_version" value="', 1)[1]
            .split('"', 1)[0],
        ),
    )
    assert again.status_code == 302
    assert Finding.objects.get(pk=finding.pk).deadline == datetime.date(2024, 10, 1)


def test_a_portal_edit_of_an_incident_against_a_stale_version_is_refused(client, world):
    path = reverse("incidents:incident_edit", args=[world.incident.pk])
    client.force_login(world.users["procurer_a"])
    version = opened_version(client, path)
    data = {
        "title": "Min rubrik",
        "year_opened": 2024,
        "status": "monitoring",
        "lead_organisation": world.region_a.pk,
        "record_version": version,
    }
    client.force_login(world.users["secretariat"])
    assert client.post(path, {**data, "title": "Kansliets rubrik"}).status_code == 302
    client.force_login(world.users["procurer_a"])
    refused = client.post(path, data)
    assert refused.status_code == 400
    assert "secretariat" in refused.content.decode()
    assert Incident.objects.get(pk=world.incident.pk).title == "Kansliets rubrik"


def test_closing_a_closed_audit_is_a_409_and_one_closed_event(world, api_as):
    api = api_as("procurer_a")
    audit = world.audit_a
    steps = [
        ("audit-conduct", audit.pk, {"start_date": "2024-05-03"}),
        ("finding-status", world.finding_a.pk, {"status": "escalated", "on": "2024-05-03"}),
        ("audit-report", audit.pk, {"summary": "S.", "public_summary": ""}),
    ]
    for route, pk, body in steps:
        done = api.post(url(route, pk), body, format="json")
        assert done.status_code == 200, done.content
    first = api.post(url("audit-close", audit.pk), {}, format="json")
    second = api.post(url("audit-close", audit.pk), {}, format="json")
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["detail"]
    assert AuditEvent.objects.filter(audit=audit, action=TimelineAction.CLOSED).count() == 1
    assert Audit.objects.get(pk=audit.pk).status == "closed"


def test_escalating_an_escalated_finding_is_a_409_and_one_entry(world, api_as):
    api = api_as("procurer_a")
    path = url("finding-status", world.finding_a.pk)
    first = api.post(path, {"status": "escalated", "on": "2024-06-01"}, format="json")
    second = api.post(path, {"status": "escalated", "on": "2024-06-01"}, format="json")
    assert (first.status_code, second.status_code) == (200, 409)
    assert (
        AuditEvent.objects.filter(audit=world.audit_a, action=TimelineAction.FINDING_STATUS).count()
        == 1
    )


def test_closing_a_closed_audit_in_the_portal_is_a_form_error_and_one_closed_event(
    client, world, api_as
):
    api = api_as("procurer_a")
    audit = world.audit_a
    for route, pk, body in [
        ("audit-conduct", audit.pk, {"start_date": "2024-05-03"}),
        ("finding-status", world.finding_a.pk, {"status": "escalated", "on": "2024-05-03"}),
        ("audit-report", audit.pk, {"summary": "S.", "public_summary": ""}),
    ]:
        assert api.post(url(route, pk), body, format="json").status_code == 200
    client.force_login(world.users["procurer_a"])
    path = reverse("audits:audit_close", args=[audit.pk])
    assert client.post(path, {"on": ""}).status_code == 302
    again = client.post(path, {"on": ""})
    assert again.status_code == 400
    assert "form-errors" in again.content.decode()
    assert AuditEvent.objects.filter(audit=audit, action=TimelineAction.CLOSED).count() == 1
