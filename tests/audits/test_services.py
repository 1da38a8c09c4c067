"""The audit workflow services: each step, and each refusal with its message."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus, TimelineAction
from audits.models import Audit, AuditEvent, AuditResult

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def _second_criterion(world):
    """The template's results need every clause; these tests record two (World's has one)."""
    world.add_second_criterion()


@pytest.fixture(autouse=True)
def english():
    # Messages are compared in English, the msgids; Swedish is checked in the view tests.
    with translation.override("en"):
        yield


def plan(world, user=None, **overrides):
    values = {
        "user": user or world.users["procurer_a"],
        "supplier": world.supplier,
        "kind": AuditKind.OFFICE,
        "year": 2024,
        "category": None,
        "lead_organisation": world.region_a,
        "co_lead_organisations": [],
        "auditor": None,
        "planned_date": world.day,
        "template_version": world.template_version,
        "follows_up": None,
        "observer_required": False,
        "internal_note": "Intern anteckning",
    }
    values.update(overrides)
    return services.audit_plan(**values)


START, END = datetime.date(2024, 5, 3), datetime.date(2024, 5, 4)


def conducted(world, **overrides):
    """A planned audit, carried out on 3–4 May 2024, with its results recorded."""
    audit = plan(world, **overrides)
    services.audit_results_record(
        user=world.users["procurer_a"],
        audit=audit,
        results={
            world.criterion.pk: ("fulfilled", ""),
            world.second_criterion.pk: ("not_fulfilled", "Saknas."),
        },
        on=START,
    )
    return services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=START, end_date=END
    )


def carried_out_follow_up(world, original, user=None, day=datetime.date(2024, 10, 1), **overrides):
    """A follow-up audit of ``original``, carried out on ``day``."""
    follow_up = plan(
        world,
        user=user,
        kind=AuditKind.FOLLOW_UP,
        follows_up=original,
        planned_date=day,
        year=day.year,
        **overrides,
    )
    return services.audit_conduct(
        user=user or world.users["procurer_a"], audit=follow_up, start_date=day
    )


def add_finding(world, audit, description="Riskanalys saknas.", **values):
    return services.finding_add(
        user=world.users["procurer_a"],
        audit=audit,
        kind="non_compliance",
        severity="major",
        description=description,
        deadline=datetime.date(2024, 9, 1),
        **values,
    )


def reported(world, audit, public_summary="Delvis uppfyllt.", on=datetime.date(2024, 5, 20)):
    return services.audit_report(
        user=world.users["procurer_a"],
        audit=audit,
        summary="Sammanfattning",
        public_summary=public_summary,
        on=on,
    )


def actions(audit):
    return list(audit.timeline.order_by("pk").values_list("action", flat=True))


# ---- plan ---------------------------------------------------------------------------------------


def test_plan_writes_the_audit_its_timeline_and_history(world):
    audit = plan(world, co_lead_organisations=[world.region_b])
    assert audit.status == AuditStatus.PLANNED
    assert list(audit.co_lead_organisations.all()) == [world.region_b]
    event = audit.timeline.get()
    assert (event.action, event.actor) == (TimelineAction.PLANNED, world.users["procurer_a"])
    assert event.at is not None
    assert audit.history.first().history_user == world.users["procurer_a"]


def test_plan_refuses_a_procurer_leading_from_another_region(world):
    before = Audit.objects.count()
    with pytest.raises(ValidationError) as error:
        plan(world, lead_organisation=world.region_b)
    assert "lead_organisation" in error.value.message_dict
    assert Audit.objects.count() == before


def test_plan_refuses_readers_and_auditors(world):
    before = Audit.objects.count()
    for user in (world.users["reader"], world.users["auditor"]):
        with pytest.raises(PermissionDenied):
            plan(world, user=user)
    assert Audit.objects.count() == before


def test_secretariat_plans_for_any_region(world):
    assert (
        plan(
            world, user=world.users["secretariat"], lead_organisation=world.region_b
        ).lead_organisation
        == world.region_b
    )


def test_follow_up_of_another_suppliers_audit_is_refused_on_field_follows_up(world):
    original = plan(world, supplier=world.other_supplier)
    before = Audit.objects.count()
    with pytest.raises(ValidationError) as error:
        plan(world, kind=AuditKind.FOLLOW_UP, follows_up=original)
    assert error.value.message_dict["follows_up"] == [
        "A follow-up audit must follow up an audit of the same supplier."
    ]
    assert Audit.objects.count() == before


def test_kind_follow_up_iff_follows_up(world):
    original = plan(world)
    before = Audit.objects.count()
    with pytest.raises(ValidationError) as error:
        plan(world, kind=AuditKind.OFFICE, follows_up=original)
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        plan(world, kind=AuditKind.FOLLOW_UP, follows_up=None)
    assert "follows_up" in error.value.message_dict
    assert Audit.objects.count() == before


def test_update_by_another_regions_procurer_is_refused(world):
    audit = plan(world)
    with pytest.raises(PermissionDenied):
        services.audit_update(user=world.users["procurer_b"], audit=audit, internal_note="x")
    audit.refresh_from_db()
    assert audit.internal_note == "Intern anteckning"


def test_update_changes_the_plan_and_logs_it(world):
    audit = plan(world)
    services.audit_update(
        user=world.users["procurer_a"],
        audit=audit,
        planned_date=datetime.date(2024, 6, 1),
        observer_required=True,
    )
    audit.refresh_from_db()
    assert audit.observer_required and audit.planned_date == datetime.date(2024, 6, 1)
    assert actions(audit) == [TimelineAction.PLANNED, TimelineAction.UPDATED]


def test_update_may_not_hand_the_lead_to_another_region(world):
    audit = plan(world)
    with pytest.raises(ValidationError) as error:
        services.audit_update(
            user=world.users["procurer_a"], audit=audit, lead_organisation=world.region_b
        )
    assert "lead_organisation" in error.value.message_dict
    assert Audit.objects.get(pk=audit.pk).lead_organisation == world.region_a


# ---- conduct ------------------------------------------------------------------------------------


def test_results_one_per_criterion_and_carried_out_is_a_step_of_its_own(world):
    audit = plan(world)
    services.audit_results_record(
        user=world.users["procurer_a"],
        audit=audit,
        results={
            world.criterion.pk: ("fulfilled", ""),
            world.second_criterion.pk: ("not_fulfilled", "Saknas."),
        },
    )
    audit.refresh_from_db()
    # Recording results changes neither the status nor the dates.
    assert (audit.status, audit.start_date, audit.end_date) == (AuditStatus.PLANNED, None, None)
    assert AuditResult.objects.filter(audit=audit).count() == 2
    services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=START, end_date=END
    )
    audit.refresh_from_db()
    assert (audit.status, audit.start_date, audit.end_date) == (AuditStatus.CONDUCTED, START, END)
    # Recording again updates the rows rather than adding.
    services.audit_results_record(
        user=world.users["procurer_a"],
        audit=audit,
        results={
            world.criterion.pk: ("partly", "Delvis"),
            world.second_criterion.pk: ("fulfilled", ""),
        },
    )
    assert AuditResult.objects.get(audit=audit, criterion=world.criterion).outcome == "partly"
    assert AuditResult.objects.filter(audit=audit).count() == 2


def test_results_of_another_versions_criterion_are_refused(world):
    audit = plan(world)
    with pytest.raises(ValidationError) as error:
        services.audit_results_record(
            user=world.users["procurer_a"],
            audit=audit,
            results={
                world.criterion.pk: ("fulfilled", ""),
                world.second_criterion.pk: ("fulfilled", ""),
                world.draft_clause.pk: ("fulfilled", ""),
            },
        )
    assert str(world.draft_clause.pk) in error.value.messages[0]
    assert not audit.results.exists()
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.PLANNED


def test_results_must_cover_every_criterion(world):
    audit = plan(world)
    with pytest.raises(ValidationError) as error:
        services.audit_results_record(
            user=world.users["procurer_a"],
            audit=audit,
            results={world.criterion.pk: ("fulfilled", "")},
        )
    assert "1.2" in error.value.messages[0]
    assert not audit.results.exists()


def test_the_assigned_auditor_records_results(world):
    audit = plan(world, auditor=world.users["auditor"])
    services.audit_results_record(
        user=world.users["auditor"],
        audit=audit,
        results={
            world.criterion.pk: ("fulfilled", ""),
            world.second_criterion.pk: ("fulfilled", ""),
        },
    )
    assert audit.timeline.order_by("at", "pk").last().actor == world.users["auditor"]


# ---- findings -----------------------------------------------------------------------------------


def test_finding_added_and_updated(world):
    audit = conducted(world)
    finding = add_finding(world, audit, clause=world.criterion)
    assert finding.status == FindingStatus.OPEN
    assert finding.raised_on == audit.end_date
    services.finding_update(user=world.users["procurer_a"], finding=finding, root_cause="Okunskap")
    finding.refresh_from_db()
    assert finding.root_cause == "Okunskap"
    assert finding.history.first().history_user == world.users["procurer_a"]
    assert TimelineAction.FINDING_ADDED in actions(audit)


def test_finding_with_a_clause_of_another_version_is_refused(world):
    audit = conducted(world)
    with pytest.raises(ValidationError) as error:
        add_finding(world, audit, clause=world.draft_clause)
    assert "clause" in error.value.message_dict
    assert not audit.findings.exists()


def test_finding_by_another_region_is_refused(world):
    audit = conducted(world)
    with pytest.raises(PermissionDenied):
        services.finding_add(
            user=world.users["procurer_b"], audit=audit, kind="observation", description="x"
        )
    assert not audit.findings.exists()


def test_finding_status_steps(world):
    audit = conducted(world)
    finding = add_finding(world, audit)
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=finding,
        status=FindingStatus.ACTION_PLAN_RECEIVED,
        note="Plan",
        on=datetime.date(2024, 6, 1),
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACTION_PLAN_RECEIVED
    assert finding.action_plan == "Plan"
    assert finding.action_plan_received_on == datetime.date(2024, 6, 1)
    services.finding_status_set(
        user=world.users["procurer_a"], finding=finding, status=FindingStatus.ESCALATED, note=""
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ESCALATED
    assert actions(audit).count(TimelineAction.FINDING_STATUS) == 2
    assert list(finding.status_changes.values_list("status", "on")) == [
        (FindingStatus.OPEN, END),
        (FindingStatus.ACTION_PLAN_RECEIVED, datetime.date(2024, 6, 1)),
        (FindingStatus.ESCALATED, timezone.localdate()),
    ]


def test_a_verified_closed_finding_stays_closed(world):
    audit = conducted(world)
    finding = add_finding(world, audit)
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=finding,
        status=FindingStatus.VERIFIED_CLOSED,
        note="",
        verified_by_audit=carried_out_follow_up(world, audit),
    )
    with pytest.raises(ValidationError) as error:
        services.finding_status_set(
            user=world.users["procurer_a"], finding=finding, status=FindingStatus.OPEN, note=""
        )
    assert "status" in error.value.message_dict


# ---- follow-up ----------------------------------------------------------------------------------


def test_follow_up_closes_keeps_and_escalates(world):
    original = conducted(world)
    f1 = add_finding(world, original, "Ett")
    f2 = add_finding(world, original, "Två")
    f3 = add_finding(world, original, "Tre")
    follow_up = carried_out_follow_up(world, original, day=datetime.date(2025, 2, 3))
    services.follow_up_review(
        user=world.users["procurer_a"],
        follow_up=follow_up,
        decisions={f1.pk: "close", f2.pk: "keep", f3.pk: "escalate"},
    )
    f1.refresh_from_db(), f2.refresh_from_db(), f3.refresh_from_db()
    assert f1.status == FindingStatus.VERIFIED_CLOSED
    # Closed on the follow-up's day, not the day the review was recorded.
    assert f1.verified_by_audit == follow_up and f1.closed_on == datetime.date(2025, 2, 3)
    assert f2.status == FindingStatus.OPEN
    assert f3.status == FindingStatus.ESCALATED
    assert f3.status_changes.last().on == datetime.date(2025, 2, 3)
    assert follow_up.timeline.filter(action=TimelineAction.FINDING_STATUS).exists()


def test_follow_up_may_review_only_findings_of_the_followed_up_audit(world):
    original = conducted(world)
    other = conducted(world)
    foreign = add_finding(world, other, "Annan revision")
    follow_up = carried_out_follow_up(world, original)
    with pytest.raises(ValidationError) as error:
        services.follow_up_review(
            user=world.users["procurer_a"], follow_up=follow_up, decisions={foreign.pk: "close"}
        )
    assert str(foreign.pk) in error.value.messages[0]
    foreign.refresh_from_db()
    assert foreign.status == FindingStatus.OPEN


def test_follow_up_of_an_audit_that_is_no_follow_up_is_refused(world):
    audit = conducted(world)
    with pytest.raises(ValidationError):
        services.follow_up_review(user=world.users["procurer_a"], follow_up=audit, decisions={})


# ---- report, approve, close -------------------------------------------------------------------


def test_report_and_approval_and_a_changed_public_summary_needs_approval_again(world):
    audit = reported(world, conducted(world))
    assert audit.status == AuditStatus.REPORTED
    services.public_summary_approve(user=world.users["secretariat"], audit=audit)
    audit.refresh_from_db()
    assert audit.public_summary_approved_by == world.users["secretariat"]
    assert Audit.objects.public().filter(pk=audit.pk).exists()
    reported(world, audit, public_summary="Ny text.")
    audit.refresh_from_db()
    assert audit.public_summary_approved_at is None
    assert not Audit.objects.public().filter(pk=audit.pk).exists()


def test_report_before_results_is_refused(world):
    audit = plan(world)
    with pytest.raises(ValidationError):
        reported(world, audit)
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.PLANNED


def test_approving_as_a_procurer_is_refused(world):
    audit = reported(world, conducted(world))
    with pytest.raises(PermissionDenied):
        services.public_summary_approve(user=world.users["procurer_a"], audit=audit)
    audit.refresh_from_db()
    assert audit.public_summary_approved_at is None
    assert TimelineAction.SUMMARY_APPROVED not in actions(audit)


def test_closing_with_open_findings_names_them(world):
    audit = conducted(world)
    open_one = add_finding(world, audit, "Riskanalys saknas.")
    planned_one = add_finding(world, audit, "Kod ej undertecknad.")
    settled = add_finding(world, audit, "Redan åtgärdad.")
    services.finding_status_set(
        user=world.users["procurer_a"], finding=settled, status=FindingStatus.ESCALATED, note=""
    )
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=planned_one,
        status=FindingStatus.ACTION_PLAN_RECEIVED,
        note="",
    )
    reported(world, audit)
    with pytest.raises(ValidationError) as error:
        services.audit_close(user=world.users["procurer_a"], audit=audit)
    message = error.value.messages[0]
    assert f"#{open_one.pk}" in message and "Riskanalys saknas." in message
    assert f"#{planned_one.pk}" in message and "Kod ej undertecknad." in message
    assert f"#{settled.pk}" not in message
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.REPORTED


def test_closing_when_every_finding_is_settled(world):
    audit = conducted(world)
    finding = add_finding(world, audit)
    reported(world, audit)
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=finding,
        status=FindingStatus.VERIFIED_CLOSED,
        note="",
        verified_by_audit=carried_out_follow_up(world, audit),
        on=datetime.date(2024, 10, 2),
    )
    services.audit_close(user=world.users["procurer_a"], audit=audit, on=datetime.date(2024, 10, 3))
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CLOSED
    assert audit.closed_on == datetime.date(2024, 10, 3)
    assert actions(audit)[-1] == TimelineAction.CLOSED
    # A closed audit is not changed any more.
    with pytest.raises(ValidationError):
        services.audit_update(user=world.users["procurer_a"], audit=audit, internal_note="x")


def test_closing_another_regions_audit_is_refused(world):
    audit = reported(world, conducted(world))
    with pytest.raises(PermissionDenied):
        services.audit_close(user=world.users["procurer_b"], audit=audit)


def test_every_event_has_actor_and_time(world):
    audit = reported(world, conducted(world))
    assert AuditEvent.objects.filter(audit=audit, actor__isnull=True).count() == 0
    assert AuditEvent.objects.filter(audit=audit, at__isnull=True).count() == 0


def test_a_follow_up_led_by_another_region_closes_none_of_its_findings(world):
    original = conducted(world)
    finding = add_finding(world, original, "Riskanalys saknas")
    follow_up = carried_out_follow_up(
        world, original, user=world.users["procurer_b"], lead_organisation=world.region_b
    )
    with pytest.raises(ValidationError):
        services.follow_up_review(
            user=world.users["procurer_b"], follow_up=follow_up, decisions={finding.pk: "close"}
        )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_the_assigned_auditor_fills_in_but_does_not_change_the_plan_or_close(world):
    audit = plan(world, auditor=world.users["auditor"])
    with pytest.raises(PermissionDenied):
        services.audit_update(
            user=world.users["auditor"], audit=audit, internal_note="Ändrat av revisorn"
        )
    audit.refresh_from_db()
    assert audit.internal_note == "Intern anteckning"
    with pytest.raises(PermissionDenied):
        services.audit_close(user=world.users["auditor"], audit=audit)


def test_the_auditor_of_a_plan_must_hold_the_auditor_role(world):
    with pytest.raises(ValidationError) as refused:
        plan(world, auditor=world.users["reader"])
    assert refused.value.message_dict == {
        "auditor": ["The auditor must be a user with the auditor role."]
    }
    assert plan(world, auditor=world.users["auditor"]).auditor == world.users["auditor"]
