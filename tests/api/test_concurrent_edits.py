"""Concurrent requests over the API on PostgreSQL: each thread its own connection, started
together by a barrier. Steps and PATCHes lock what they check (the audit, then its findings,
in id order) and read it again under the lock, so the workflow's rules hold and no field is
lost, whichever request comes first."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus, TimelineAction
from audits.models import Audit, AuditEvent, Finding

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROUNDS = 3


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and one writer at a time")


def url(name, pk=None):
    return reverse(f"api:{name}", args=[pk] if pk is not None else None)


def together(*calls):
    """Run the calls in threads released at once; their responses (or exceptions), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=20)
            results[index] = call()
        except BaseException as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    for result in results:
        assert not isinstance(result, BaseException), result
    return results


def reported_audit(world) -> Audit:
    user = world.users["procurer_a"]
    audit = services.audit_plan(
        user=user,
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        planned_date=datetime.date(2024, 5, 3),
    )
    services.audit_conduct(user=user, audit=audit, start_date=datetime.date(2024, 5, 3))
    return services.audit_report(
        user=user, audit=audit, summary="S.", public_summary="", on=datetime.date(2024, 5, 20)
    )


def test_closing_while_a_finding_is_added_never_leaves_a_closed_audit_with_an_open_finding(
    world, api_as
):
    closer, adder = api_as("procurer_a"), api_as("procurer_a")
    for _round in range(ROUNDS):
        audit = reported_audit(world)
        closed, added = together(
            lambda audit=audit: closer.post(url("audit-close", audit.pk), {}, format="json"),
            lambda audit=audit: adder.post(
                url("finding-list"),
                {"audit": audit.pk, "kind": "observation", "description": "Samtidigt."},
                format="json",
            ),
        )
        audit.refresh_from_db()
        open_findings = audit.findings.exclude(status__in=("verified_closed", "escalated"))
        if audit.status == AuditStatus.CLOSED:
            assert (closed.status_code, added.status_code) == (200, 409), added.content
            assert not open_findings.exists()
        else:
            assert (closed.status_code, added.status_code) == (409, 201), closed.content
            assert open_findings.count() == 1


def test_two_users_closing_one_audit_get_one_200_one_409_and_one_closed_event(world, api_as):
    one, two = api_as("procurer_a"), api_as("secretariat")
    for _round in range(ROUNDS):
        audit = reported_audit(world)
        answers = together(
            lambda audit=audit: one.post(url("audit-close", audit.pk), {}, format="json"),
            lambda audit=audit: two.post(url("audit-close", audit.pk), {}, format="json"),
        )
        assert sorted(a.status_code for a in answers) == [200, 409]
        refused = next(a for a in answers if a.status_code == 409)
        assert refused.json()["detail"]
        assert AuditEvent.objects.filter(audit=audit, action=TimelineAction.CLOSED).count() == 1


def test_a_finding_patch_racing_an_escalation_leaves_state_and_timeline_agreeing(world, api_as):
    editor, escalator = api_as("procurer_a"), api_as("secretariat")
    for n in range(ROUNDS):
        finding = services.finding_add(
            user=world.users["procurer_a"],
            audit=reported_audit(world),
            kind="non_compliance",
            severity="major",
            description="Före.",
        )
        patched, escalated = together(
            lambda f=finding, n=n: editor.patch(
                url("finding-detail", f.pk), {"description": f"Efter {n}."}, format="json"
            ),
            lambda f=finding: escalator.post(
                url("finding-status", f.pk), {"status": "escalated"}, format="json"
            ),
        )
        assert (patched.status_code, escalated.status_code) == (200, 200)
        finding.refresh_from_db()
        assert finding.status == FindingStatus.ESCALATED
        assert finding.description == f"Efter {n}."
        last = (
            AuditEvent.objects.filter(audit=finding.audit, action=TimelineAction.FINDING_STATUS)
            .order_by("-at", "-pk")
            .first()
        )
        assert last.data["status"] == finding.status
        assert finding.history.first().status == FindingStatus.ESCALATED


@pytest.mark.parametrize(
    ("route", "attribute", "first", "second"),
    [
        ("finding-detail", "finding_a", "description", "root_cause"),
        ("incident-detail", "incident", "title", "outcome"),
        ("agreement-detail", "agreement", "title", "reference"),
        ("audit-detail", "audit_a", "planned_date", "cancellation_reason"),
    ],
)
def test_two_patches_of_different_fields_without_a_version_both_stay(
    world, api_as, route, attribute, first, second
):
    obj = getattr(world, attribute)
    one, two = api_as("procurer_a"), api_as("secretariat")
    for n in range(ROUNDS):
        values = {first: f"Första {n}", second: f"Andra {n}"}
        if first == "planned_date":  # the audit: its planned day and its auditor
            values = {first: f"2024-05-1{n}", "auditor": world.users["auditor"].pk}
        (field_a, value_a), (field_b, value_b) = values.items()
        answers = together(
            lambda body={field_a: value_a}: one.patch(url(route, obj.pk), body, format="json"),
            lambda body={field_b: value_b}: two.patch(url(route, obj.pk), body, format="json"),
        )
        assert [r.status_code for r in answers] == [200, 200], [r.content for r in answers]
        stored = type(obj).objects.get(pk=obj.pk)
        assert str(getattr(stored, field_a)) == str(value_a)
        stored_b = getattr(stored, f"{field_b}_id" if field_b == "auditor" else field_b)
        assert str(stored_b) == str(value_b)
        if field_b == "auditor":
            Audit.objects.filter(pk=obj.pk).update(auditor=None)


def test_two_patches_with_the_same_if_match_one_wins_the_other_is_409(world, api_as):
    one, two = api_as("procurer_a"), api_as("secretariat")
    finding = world.finding_a
    for n in range(ROUNDS):
        etag = one.get(url("finding-detail", finding.pk))["ETag"]
        answers = together(
            lambda etag=etag, n=n: one.patch(
                url("finding-detail", finding.pk),
                {"description": f"Ett {n}."},
                format="json",
                HTTP_IF_MATCH=etag,
            ),
            lambda etag=etag, n=n: two.patch(
                url("finding-detail", finding.pk),
                {"root_cause": f"Två {n}."},
                format="json",
                HTTP_IF_MATCH=etag,
            ),
        )
        assert sorted(r.status_code for r in answers) == [200, 409]
        stored = Finding.objects.get(pk=finding.pk)
        won = [r.status_code for r in answers].index(200)
        assert (stored.description == f"Ett {n}.") == (won == 0)
        assert (stored.root_cause == f"Två {n}.") == (won == 1)
