"""The workflow's rules hold under concurrent requests: a step that checks and then writes locks
the audit (and its findings) first, so a second request waits and then sees what the first did.

Two real PostgreSQL connections (threads); the first request is held just before it commits, so
without the lock the second would read the state before it and break the rule.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audits import services
from audits.choices import AuditKind, AuditStatus, TimelineAction
from audits.models import Audit, AuditEvent
from audits.services import results, steps

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and one writer at a time")


@pytest.fixture
def reported(world):
    audit = services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        planned_date=datetime.date(2024, 5, 3),
    )
    services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2024, 5, 3)
    )
    return services.audit_report(
        user=world.users["procurer_a"],
        audit=audit,
        summary="S.",
        public_summary="",
        on=datetime.date(2024, 5, 20),
    )


def race(monkeypatch, first, second):
    """Run ``first`` in a thread, hold it just before it commits (while it writes its timeline
    entry), run ``second`` in another thread meanwhile, then let ``first`` commit. Returns each
    one's outcome: None, or the ValidationError it raised."""
    holding, release = threading.Event(), threading.Event()
    outcomes = {}
    write_event = steps.event

    def held_event(*args, **kwargs):
        if threading.current_thread().name == "first" and not holding.is_set():
            holding.set()
            release.wait(timeout=2)  # the second request waits on the lock meanwhile
        return write_event(*args, **kwargs)

    monkeypatch.setattr(steps, "event", held_event)
    monkeypatch.setattr(results, "event", held_event)

    def run(name, callable_):
        try:
            callable_()
            outcomes[name] = None
        except ValidationError as error:
            outcomes[name] = error
        finally:
            connection.close()

    one = threading.Thread(target=run, args=("first", first), name="first")
    two = threading.Thread(target=run, args=("second", second), name="second")
    one.start()
    assert holding.wait(timeout=10), "the first request did not reach its write"
    two.start()
    two.join(timeout=1)  # blocked on the audit's lock: still running
    waited = two.is_alive()
    release.set()
    one.join(timeout=10)
    two.join(timeout=10)
    assert waited, "the second request did not wait for the first one's lock"
    return outcomes


def test_a_finding_cannot_slip_into_an_audit_being_closed(world, reported, monkeypatch):
    outcomes = race(
        monkeypatch,
        lambda: services.audit_close(
            user=world.users["procurer_a"], audit=Audit.objects.get(pk=reported.pk)
        ),
        lambda: services.finding_add(
            user=world.users["procurer_a"],
            audit=Audit.objects.get(pk=reported.pk),
            kind="observation",
            description="Kom in samtidigt.",
        ),
    )
    assert outcomes["first"] is None
    assert outcomes["second"].error_list[0].code == "invalid_state"
    assert Audit.objects.get(pk=reported.pk).status == AuditStatus.CLOSED
    assert not reported.findings.exists()


def test_an_audit_is_closed_once(world, reported, monkeypatch):
    def close():
        services.audit_close(
            user=world.users["procurer_a"], audit=Audit.objects.get(pk=reported.pk)
        )

    outcomes = race(monkeypatch, close, close)
    assert outcomes["first"] is None
    assert outcomes["second"].error_list[0].code == "invalid_state"
    assert AuditEvent.objects.filter(audit=reported, action=TimelineAction.CLOSED).count() == 1


def draft(world, audit, values, opened):
    return lambda: services.audit_results_record(
        user=world.users["procurer_a"],
        audit=Audit.objects.get(pk=audit.pk),
        results=values,
        complete=False,
        opened=opened,
    )


def test_two_drafts_of_different_criteria_both_stay(world, monkeypatch):
    second = world.add_second_criterion()
    audit = world.audit_a
    outcomes = race(
        monkeypatch,
        draft(world, audit, {world.criterion.pk: ("fulfilled", "")}, {world.criterion.pk: ""}),
        draft(world, audit, {second.pk: ("partly", "")}, {second.pk: ""}),
    )
    assert outcomes == {"first": None, "second": None}
    assert sorted(audit.results.values_list("criterion_id", "outcome")) == sorted(
        [(world.criterion.pk, "fulfilled"), (second.pk, "partly")]
    )


def test_two_drafts_of_the_same_criterion_the_second_is_refused_not_lost(world, monkeypatch):
    world.add_second_criterion()
    audit = world.audit_a
    outcomes = race(
        monkeypatch,
        draft(world, audit, {world.criterion.pk: ("fulfilled", "")}, {world.criterion.pk: ""}),
        draft(world, audit, {world.criterion.pk: ("partly", "")}, {world.criterion.pk: ""}),
    )
    assert outcomes["first"] is None
    assert "1.1 (now: Fulfilled)" in outcomes["second"].messages[0] or (
        "1.1 (nu: Uppfyllt)" in outcomes["second"].messages[0]
    )
    assert list(audit.results.values_list("outcome", flat=True)) == ["fulfilled"]
    assert audit.timeline.filter(action=TimelineAction.RESULTS_RECORDED).count() == 1
