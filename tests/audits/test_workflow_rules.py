"""The rules of the audit workflow's states: the year an audit belongs to, carrying it out,
results, findings, the follow-up that closes them, "verified closed", close and cancel; each
refusal in Swedish and English on the field it concerns."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus, TimelineAction
from audits.models import Audit, Finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

START, END = datetime.date(2023, 3, 6), datetime.date(2023, 3, 7)


@pytest.fixture(autouse=True)
def _second_criterion(world):
    """The template's results need every clause; these tests record two (World's has one)."""
    world.add_second_criterion()


def plan(world, user=None, **values) -> Audit:
    values = {
        "supplier": world.supplier,
        "kind": AuditKind.OFFICE,
        "lead_organisation": world.region_a,
        "template_version": world.template_version,
        "planned_date": datetime.date(2023, 3, 1),
        **values,
    }
    return services.audit_plan(user=user or world.users["procurer_a"], **values)


def conducted(world, start=START, end=END, **values) -> Audit:
    return services.audit_conduct(
        user=world.users["procurer_a"], audit=plan(world, **values), start_date=start, end_date=end
    )


def finding(world, audit, kind="non_compliance", description="Riskanalys saknas.", **values):
    return services.finding_add(
        user=world.users["procurer_a"],
        audit=audit,
        kind=kind,
        severity="major" if kind == "non_compliance" else "",
        description=description,
        **values,
    )


def follow_up(world, original, day=datetime.date(2023, 9, 4), carried_out=True, **values) -> Audit:
    audit = plan(world, kind=AuditKind.FOLLOW_UP, follows_up=original, planned_date=day, **values)
    if carried_out:
        services.audit_conduct(user=world.users["procurer_a"], audit=audit, start_date=day)
    return audit


def refused(callable_, language="sv", **kwargs) -> dict:
    with translation.override(language), pytest.raises(ValidationError) as error:
        callable_(**kwargs)
    return error.value.message_dict if hasattr(error.value, "error_dict") else error.value.messages


# ---- the year an audit belongs to -------------------------------------------------------------


def test_an_audit_planned_for_a_day_of_another_year_belongs_to_that_year(world):
    assert plan(world, planned_date=datetime.date(2027, 4, 15)).year == 2027
    assert plan(world, planned_date=None).year == timezone.localdate().year


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "År 2026 stämmer inte med planerat datum 2027-04-15."),
        ("en", "The year 2026 does not match the planned date 2027-04-15."),
    ],
)
def test_a_stated_year_that_contradicts_the_planned_date_is_refused_on_year(
    world, language, message
):
    before = Audit.objects.count()
    errors = refused(
        plan, language, world=world, year=2026, planned_date=datetime.date(2027, 4, 15)
    )
    assert errors == {"year": [message]}
    assert Audit.objects.count() == before


def test_changing_the_planned_date_moves_the_year_unless_one_is_stated(world):
    audit = plan(world, planned_date=datetime.date(2025, 11, 20))
    services.audit_update(
        user=world.users["procurer_a"], audit=audit, planned_date=datetime.date(2026, 1, 8)
    )
    audit.refresh_from_db()
    assert audit.year == 2026
    assert "Året ändrades från 2025 till 2026" in audit.timeline.order_by("pk").last().message
    errors = refused(
        services.audit_update,
        user=world.users["procurer_a"],
        audit=audit,
        year=2026,
        planned_date=datetime.date(2027, 2, 1),
    )
    assert errors == {"year": ["År 2026 stämmer inte med planerat datum 2027-02-01."]}


def test_carrying_out_moves_the_year_to_the_start_dates_and_says_so(world):
    audit = plan(world, planned_date=datetime.date(2022, 12, 20))
    assert audit.year == 2022
    with translation.override("en"):
        services.audit_conduct(
            user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2023, 1, 9)
        )
    audit.refresh_from_db()
    assert (audit.year, audit.status) == (2023, AuditStatus.CONDUCTED)
    entry = audit.timeline.get(action=TimelineAction.CONDUCTED)
    assert entry.occurred_on == datetime.date(2023, 1, 9)
    assert entry.message == ("The year moved from 2022 to 2023, the year of the audit's date.")


def test_the_plan_form_takes_the_year_from_the_date_and_refuses_a_contradicting_one(client, world):
    client.force_login(world.users["procurer_a"])
    data = {
        "supplier": world.supplier.pk,
        "kind": "office",
        "lead_organisation": world.region_a.pk,
        "planned_date": "2027-04-15",
    }
    before = set(Audit.objects.values_list("pk", flat=True))
    assert client.get(reverse("audits:audit_add")).context["form"].initial.get("year") is None
    response = client.post(reverse("audits:audit_add"), {**data, "year": "2026"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="year-errors">År 2026 stämmer inte med planerat datum 2027-04-15.</div>' in page
    assert 'id="form-errors"' not in page
    assert client.post(reverse("audits:audit_add"), {**data, "year": ""}).status_code == 302
    assert Audit.objects.exclude(pk__in=before).get().year == 2027


@pytest.mark.parametrize(
    ("language", "message"),
    [("sv", "Ange ett år mellan 2000 och 2100."), ("en", "Enter a year between 2000 and 2100.")],
)
def test_a_year_out_of_range_shows_its_message_on_the_field_never_the_constraint(
    client, world, language, message
):
    client.force_login(world.users["procurer_a"])
    response = client.post(
        reverse("audits:audit_add"),
        {
            "supplier": world.supplier.pk,
            "kind": "office",
            "lead_organisation": world.region_a.pk,
            "year": "1999",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="year-errors">{message}</div>' in page
    assert "audit_year_sane" not in page and "Begränsningen" not in page


# ---- carried out, results, findings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Datumet kan inte vara före startdatumet (2023-03-06)."),
        ("en", "The date cannot be before the start date (2023-03-06)."),
    ],
)
def test_an_audit_cannot_end_before_it_started(world, language, message):
    audit = plan(world)
    errors = refused(
        services.audit_conduct,
        language,
        user=world.users["procurer_a"],
        audit=audit,
        start_date=START,
        end_date=datetime.date(2023, 3, 5),
    )
    assert errors == {"end_date": [message]}
    audit.refresh_from_db()
    assert (audit.status, audit.start_date) == (AuditStatus.PLANNED, None)


def test_results_recorded_while_planned_date_the_start_no_later(world):
    audit = plan(world)
    services.audit_results_record(
        user=world.users["auditor"] if audit.auditor else world.users["procurer_a"],
        audit=audit,
        results={world.criterion.pk: ("fulfilled", ""), world.second_criterion.pk: ("partly", "")},
        on=datetime.date(2023, 3, 6),
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.PLANNED and audit.start_date is None
    errors = refused(
        services.audit_conduct,
        user=world.users["procurer_a"],
        audit=audit,
        start_date=datetime.date(2023, 3, 7),
    )
    assert errors == {
        "start_date": [
            "Resultat registrerades 2023-03-06; revisionen kan inte ha börjat efter det."
        ]
    }
    services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2023, 3, 6)
    )


def test_the_plan_does_not_take_the_days_it_was_carried_out(world):
    audit = plan(world)
    errors = refused(
        services.audit_update, "en", user=world.users["procurer_a"], audit=audit, start_date=START
    )
    assert errors == {
        "start_date": [
            "The days an audit was carried out are recorded with the step “Carried out”."
        ]
    }
    # Once carried out, they are corrected there, by the same rules.
    audit = conducted(world)
    services.audit_update(
        user=world.users["procurer_a"], audit=audit, end_date=datetime.date(2023, 3, 8)
    )
    audit.refresh_from_db()
    assert audit.end_date == datetime.date(2023, 3, 8)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Registrera att revisionen är genomförd innan du lägger till avvikelser."),
        ("en", "Record that the audit was carried out before adding findings."),
    ],
)
def test_findings_only_in_an_audit_that_was_carried_out(world, language, message):
    audit = plan(world)
    assert refused(finding, language, world=world, audit=audit) == [message]
    assert not audit.findings.exists()


def test_a_finding_is_raised_on_the_audits_last_day_unless_given(world):
    audit = conducted(world)
    found = finding(world, audit)
    assert found.raised_on == END
    assert list(found.status_changes.values_list("status", "on")) == [("open", END)]
    assert audit.timeline.get(action=TimelineAction.FINDING_ADDED).occurred_on == END


def test_moving_the_day_a_finding_was_raised(world):
    audit = conducted(world)
    found = finding(world, audit)
    services.finding_update(user=world.users["procurer_a"], finding=found, raised_on=START)
    assert found.status_changes.get().on == START
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=found,
        status=FindingStatus.ACTION_PLAN_RECEIVED,
        on=datetime.date(2023, 3, 10),
    )
    errors = refused(
        services.finding_update,
        "en",
        user=world.users["procurer_a"],
        finding=found,
        raised_on=datetime.date(2023, 3, 11),
    )
    assert errors == {
        "raised_on": [
            "The finding's status changed on 2023-03-10; it cannot have been raised after that."
        ]
    }


# ---- a follow-up closes what it verified, on its own day ------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "sv",
            "Registrera att återrevisionen är genomförd innan den stänger eller eskalerar "
            "avvikelser.",
        ),
        (
            "en",
            "Record that the follow-up audit was carried out before it closes or escalates "
            "findings.",
        ),
    ],
)
def test_a_planned_follow_up_closes_nothing(world, language, message):
    original = conducted(world)
    found = finding(world, original)
    planned = follow_up(world, original, carried_out=False)
    with translation.override(language), pytest.raises(ValidationError) as error:
        services.follow_up_review(
            user=world.users["procurer_a"], follow_up=planned, decisions={found.pk: "close"}
        )
    assert error.value.messages == [message]
    assert error.value.error_list[0].code == "invalid_state"
    found.refresh_from_db()
    assert found.status == FindingStatus.OPEN


def test_a_follow_up_closes_and_escalates_on_its_own_day(world):
    original = conducted(world)
    closed, escalated = (
        finding(world, original, description="Ett"),
        finding(world, original, description="Två"),
    )
    checked = services.audit_conduct(
        user=world.users["procurer_a"],
        audit=follow_up(world, original, carried_out=False),
        start_date=datetime.date(2023, 9, 4),
        end_date=datetime.date(2023, 9, 5),
    )
    services.follow_up_review(
        user=world.users["procurer_a"],
        follow_up=checked,
        decisions={closed.pk: "close", escalated.pk: "escalate"},
    )
    closed.refresh_from_db(), escalated.refresh_from_db()
    assert (closed.status, closed.closed_on, closed.verified_by_audit) == (
        FindingStatus.VERIFIED_CLOSED,
        datetime.date(2023, 9, 5),
        checked,
    )
    assert escalated.status_changes.last().on == datetime.date(2023, 9, 5)
    assert checked.timeline.get(action=TimelineAction.FINDING_STATUS).occurred_on == (
        datetime.date(2023, 9, 5)
    )


def test_a_follow_up_before_the_findings_last_step_is_refused_naming_it(world):
    original = conducted(world)
    found = finding(world, original)
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=found,
        status=FindingStatus.ACTION_PLAN_RECEIVED,
        on=datetime.date(2023, 10, 1),
    )
    early = follow_up(world, original, day=datetime.date(2023, 9, 4))
    errors = refused(
        services.follow_up_review,
        "en",
        user=world.users["procurer_a"],
        follow_up=early,
        decisions={found.pk: "close"},
    )
    with translation.override("en"):  # the finding is named in the message's language
        named = f"#{found.pk} {found}"
    assert errors == {
        "decisions": [
            f"{named}: the follow-up audit's day 2023-09-04 is before the finding's "
            "last step (2023-10-01)."
        ]
    }


# ---- verified closed names the audit that verified it -----------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ange den revision som verifierade åtgärden."),
        ("en", "Name the audit that verified the correction."),
    ],
)
def test_verified_closed_needs_the_verifying_audit(world, language, message):
    found = finding(world, conducted(world))
    errors = refused(
        services.finding_status_set,
        language,
        user=world.users["procurer_a"],
        finding=found,
        status=FindingStatus.VERIFIED_CLOSED,
    )
    assert errors == {"verified_by_audit": [message]}
    found.refresh_from_db()
    assert found.status == FindingStatus.OPEN


def test_a_good_practice_is_closed_without_a_verifying_audit(world):
    found = finding(world, conducted(world), kind="good_practice", description="Bra rutin.")
    services.finding_status_set(
        user=world.users["procurer_a"], finding=found, status=FindingStatus.VERIFIED_CLOSED
    )
    found.refresh_from_db()
    assert found.status == FindingStatus.VERIFIED_CLOSED and found.verified_by_audit is None


def test_the_verifying_audit_is_a_carried_out_audit_of_the_same_supplier(world):
    original = conducted(world)
    found = finding(world, original)
    cases = [
        (original, "A finding is verified by a later audit, not its own."),
        (
            conducted(
                world, supplier=world.other_supplier, start=datetime.date(2023, 9, 1), end=None
            ),
            "The verifying audit must concern the same supplier.",
        ),
        (
            follow_up(world, original, carried_out=False),
            "The verifying audit must have been carried out; it is planned.",
        ),
        (
            conducted(world, start=datetime.date(2023, 3, 6), end=None),
            "The verifying audit started on 2023-03-06, before the finding was raised.",
        ),
    ]
    for verifier, message in cases:
        errors = refused(
            services.finding_status_set,
            "en",
            user=world.users["procurer_a"],
            finding=found,
            status=FindingStatus.VERIFIED_CLOSED,
            verified_by_audit=verifier,
            on=datetime.date(2023, 10, 1),
        )
        assert errors == {"verified_by_audit": [message]}, verifier
    later = follow_up(world, original, day=datetime.date(2023, 9, 4))
    errors = refused(
        services.finding_status_set,
        "en",
        user=world.users["procurer_a"],
        finding=found,
        status=FindingStatus.VERIFIED_CLOSED,
        verified_by_audit=later,
        on=datetime.date(2023, 9, 3),
    )
    assert errors == {
        "on": ["The date cannot be before the start of the verifying audit (2023-09-04)."]
    }
    services.finding_status_set(
        user=world.users["procurer_a"],
        finding=found,
        status=FindingStatus.VERIFIED_CLOSED,
        verified_by_audit=later,
        on=datetime.date(2023, 9, 4),
    )
    found.refresh_from_db()
    assert (found.closed_on, found.verified_by_audit) == (datetime.date(2023, 9, 4), later)


def test_the_database_refuses_verified_closed_without_the_verifying_audit(world):
    found = finding(world, conducted(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=found.pk).update(
            status=FindingStatus.VERIFIED_CLOSED, closed_on=datetime.date(2023, 9, 1)
        )


def test_the_status_form_offers_only_carried_out_audits_of_the_supplier(client, world):
    original = conducted(world)
    found = finding(world, original)
    later = follow_up(world, original)
    follow_up(world, original, day=datetime.date(2023, 10, 2), carried_out=False)
    conducted(world, supplier=world.other_supplier)
    client.force_login(world.users["procurer_a"])
    form = client.get(reverse("audits:finding_status", args=[found.pk])).context["form"]
    assert list(form.fields["verified_by_audit"].queryset) == [later]
    assert form.initial["on"] == timezone.localdate()
    response = client.post(
        reverse("audits:finding_status", args=[found.pk]),
        {"status": "verified_closed", "on": "2023-09-10"},
    )
    assert response.status_code == 400
    assert (
        'id="verified_by_audit-errors">Ange den revision som verifierade åtgärden.</div>'
        in response.content.decode()
    )


# ---- close and cancel ------------------------------------------------------------------------


def test_close_not_before_its_last_finding_was_settled(world):
    audit = conducted(world)
    found = finding(world, audit)
    services.audit_report(
        user=world.users["procurer_a"],
        audit=audit,
        summary="S.",
        public_summary="",
        on=datetime.date(2023, 3, 20),
    )
    services.follow_up_review(
        user=world.users["procurer_a"],
        follow_up=follow_up(world, audit),
        decisions={found.pk: "escalate"},
    )
    errors = refused(
        services.audit_close,
        "en",
        user=world.users["procurer_a"],
        audit=audit,
        on=datetime.date(2023, 9, 1),
    )
    assert errors == {
        "on": ["The date cannot be before the day its last finding was settled (2023-09-04)."]
    }
    services.audit_close(user=world.users["procurer_a"], audit=audit, on=datetime.date(2023, 9, 4))
    audit.refresh_from_db()
    assert (audit.status, audit.closed_on) == (AuditStatus.CLOSED, datetime.date(2023, 9, 4))


def test_a_revised_report_keeps_the_day_of_the_report_and_a_new_public_summary_its_approval(world):
    audit = services.audit_report(
        user=world.users["procurer_a"],
        audit=conducted(world),
        summary="S.",
        public_summary="Offentlig.",
        on=datetime.date(2023, 3, 20),
    )
    services.public_summary_approve(
        user=world.users["secretariat"], audit=audit, on=datetime.date(2023, 3, 22)
    )
    services.audit_report(
        user=world.users["procurer_a"],
        audit=audit,
        summary="S, reviderad.",
        public_summary="Ny offentlig.",
        on=datetime.date(2023, 4, 2),
    )
    audit.refresh_from_db()
    assert audit.reported_on == datetime.date(2023, 3, 20)
    assert audit.public_summary_approved_on is None and audit.public_summary_approved_at is None
    entry = audit.timeline.filter(action=TimelineAction.REPORTED).order_by("pk").last()
    assert (entry.occurred_on, entry.message) == (
        datetime.date(2023, 4, 2),
        "Rapporten har reviderats.",
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ange skälet till att revisionen avbröts."),
        ("en", "Give the reason the audit was cancelled."),
    ],
)
def test_cancelling_needs_a_reason(world, language, message):
    audit = plan(world)
    errors = refused(
        services.audit_cancel, language, user=world.users["procurer_a"], audit=audit, reason="  "
    )
    assert errors == {"cancellation_reason": [message]}
    audit.refresh_from_db()
    assert audit.status == AuditStatus.PLANNED


def test_only_a_plan_is_cancelled_by_its_planners(world):
    audit = plan(world, auditor=world.users["auditor"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.audit_cancel(user=world.users["auditor"], audit=audit, reason="Revisorn är sjuk.")
    services.audit_cancel(
        user=world.users["procurer_a"],
        audit=audit,
        reason="Leverantören har upphört.",
        on=datetime.date(2023, 2, 1),
    )
    audit.refresh_from_db()
    assert (audit.status, audit.cancelled_on, audit.cancellation_reason) == (
        AuditStatus.CANCELLED,
        datetime.date(2023, 2, 1),
        "Leverantören har upphört.",
    )
    entry = audit.timeline.get(action=TimelineAction.CANCELLED)
    assert (entry.occurred_on, entry.actor) == (
        datetime.date(2023, 2, 1),
        world.users["procurer_a"],
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.audit_cancel(
            user=world.users["procurer_a"], audit=conducted(world), reason="För sent."
        )
    assert error.value.messages == [
        "Only a planned audit can be cancelled; this one is conducted, and what was carried "
        "out stays on record."
    ]


def test_the_cancel_form_shows_the_reason_on_the_audits_page(client, world):
    audit = plan(world)
    client.force_login(world.users["procurer_a"])
    page = client.get(audit.get_absolute_url()).content.decode()
    assert reverse("audits:audit_cancel", args=[audit.pk]) in page
    response = client.post(
        reverse("audits:audit_cancel", args=[audit.pk]),
        {"cancellation_reason": "Leverantören har gått i konkurs.", "on": "2023-02-01"},
    )
    assert response.status_code == 302
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Leverantören har gått i konkurs." in page and "2023-02-01" in page
    assert reverse("audits:audit_cancel", args=[audit.pk]) not in page


def test_the_timeline_shows_the_day_it_happened_and_when_it_was_recorded(client, world):
    audit = conducted(world)
    client.force_login(world.users["reader"])
    page = client.get(audit.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    recorded = timezone.localtime(audit.timeline.get(action="conducted").at)
    assert (
        f'2023-03-07<div class="small text-body-secondary">recorded {recorded:%Y-%m-%d %H:%M}'
        in page
    )
