"""A year as it stood at its end: the report's audits and findings of an invented year (2022),
and the start page's last year, do not change when something happens the next year."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.choices import AuditKind, FindingStatus
from audits.models import Finding
from audits.selectors import findings_as_of
from core.dates import year_end
from reporting.report_data import report_snapshot
from suppliers.models import Supplier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

YEAR = 2022
D = datetime.date


def plan(world, supplier, kind=AuditKind.OFFICE, **values):
    return services.audit_plan(
        user=world.users["secretariat"],
        supplier=supplier,
        kind=kind,
        lead_organisation=world.region_a,
        template_version=world.template_version,
        **values,
    )


def carried_out(world, supplier, start, end=None, **values):
    audit = plan(world, supplier, planned_date=start, **values)
    return services.audit_conduct(
        user=world.users["secretariat"], audit=audit, start_date=start, end_date=end
    )


def add(world, audit, kind="non_compliance", **values):
    return services.finding_add(
        user=world.users["secretariat"],
        audit=audit,
        kind=kind,
        severity="minor" if kind == "non_compliance" else "",
        description=values.pop("description", f"{kind} {Finding.objects.count() + 1}"),
        **values,
    )


def review(world, follow_up, decisions):
    services.follow_up_review(
        user=world.users["secretariat"], follow_up=follow_up, decisions=decisions
    )


@pytest.fixture
def year_2022(world):
    """The invented year: five audits carried out in 2022 (one recorded without dates), a plan
    never carried out, a cancelled one; nine findings, some settled during the year."""
    suppliers = [Supplier.objects.create(name=f"Leverantör {n}") for n in range(1, 6)]
    first = carried_out(world, suppliers[0], D(2022, 2, 14), D(2022, 2, 15))
    second = carried_out(world, suppliers[1], D(2022, 5, 9))
    third = carried_out(world, suppliers[2], D(2022, 12, 28), D(2023, 1, 3))  # ends in 2023
    services.audit_import(
        user=world.users["secretariat"],
        status="conducted",
        supplier=suppliers[3],
        kind="desk",
        year=YEAR,
        lead_organisation=world.region_a,
    )
    plan(world, suppliers[4], planned_date=D(2022, 11, 1))  # never carried out
    services.audit_cancel(
        user=world.users["secretariat"],
        audit=plan(world, suppliers[4], kind=AuditKind.ON_SITE, planned_date=D(2022, 6, 1)),
        reason="Fabriken stängde.",
        on=D(2022, 5, 20),
    )
    open_all_year = add(world, first, description="Ingen riskanalys.")
    closed_in_2022 = add(world, first, description="Ingen uppförandekod.")
    escalated_in_2022 = add(world, first, description="Tvångsarbete misstänks.")
    plan_received = add(world, first, description="Ingen handlingsplan.")
    add(world, first, kind="observation", description="Rutin för leverantörsbesök saknas.")
    add(world, second, description="Ingen spårbarhet.")
    add(world, second, kind="good_practice", description="Bra visselblåsarkanal.")
    add(world, third, description="Fel i lönelistor.", raised_on=D(2022, 12, 29))
    add(world, third, description="Raised in 2023.", raised_on=D(2023, 1, 3))
    services.finding_status_set(
        user=world.users["secretariat"],
        finding=plan_received,
        status=FindingStatus.ACTION_PLAN_RECEIVED,
        on=D(2022, 4, 1),
    )
    follow_up = carried_out(
        world, suppliers[0], D(2022, 9, 12), kind=AuditKind.FOLLOW_UP, follows_up=first
    )
    review(world, follow_up, {closed_in_2022.pk: "close", escalated_in_2022.pk: "escalate"})
    return {"first": first, "open": open_all_year, "suppliers": suppliers}


def findings_section(snapshot):
    findings = snapshot["audits"]["findings"]
    return {
        "total": findings["total"],
        "open": findings["non_compliances_open"],
        "kind": {row["value"]: row["count"] for row in findings["by_kind"]},
        "status": {row["value"]: row["count"] for row in findings["by_status"]},
    }


def test_the_report_counts_the_year_as_it_stood_on_31_december(world, year_2022):
    snapshot = report_snapshot(year=YEAR)
    audits = snapshot["audits"]
    # Carried out by 31 December: three office audits, the follow-up and the desk review
    # recorded without dates; not the plan, not the cancelled one.
    assert audits["total"] == 5
    assert audits["counts"] == {"office": 3, "follow_up": 1, "on_site": 0, "desk": 1}
    # Raised by 31 December: eight of the nine, as they stood that day.
    assert findings_section(snapshot) == {
        "total": 8,
        "open": 4,  # open all year, with a plan received, in lönelistor, in spårbarhet
        "kind": {"non_compliance": 6, "observation": 1, "good_practice": 1},
        "status": {"open": 5, "action_plan_received": 1, "verified_closed": 1, "escalated": 1},
    }


def test_what_happens_the_next_year_leaves_the_years_report_as_it_was(world, year_2022):
    before = report_snapshot(year=YEAR)
    # 2023: a follow-up closes the finding that was open all of 2022, another is reopened,
    # and the first audit is reported and closed.
    first = year_2022["first"]
    follow_up = carried_out(
        world,
        year_2022["suppliers"][0],
        D(2023, 3, 6),
        kind=AuditKind.FOLLOW_UP,
        follows_up=first,
    )
    review(world, follow_up, {year_2022["open"].pk: "close"})
    services.finding_status_set(
        user=world.users["secretariat"],
        finding=Finding.objects.get(description="Ingen handlingsplan."),
        status=FindingStatus.OPEN,
        on=D(2023, 3, 7),
    )
    year_2022["open"].refresh_from_db()
    assert year_2022["open"].closed_on == D(2023, 3, 6)
    after = report_snapshot(year=YEAR)
    assert after["audits"] == before["audits"]
    # The next year's report sees the change (the 2022 audits are not 2023's, so it counts
    # only the 2023 follow-up).
    assert report_snapshot(year=2023)["audits"]["counts"]["follow_up"] == 1


def test_a_finding_recorded_without_a_status_log_is_read_from_its_dated_fields(world):
    audit = carried_out(world, world.supplier, D(2022, 3, 1))
    verifier = carried_out(
        world, world.supplier, D(2023, 2, 1), kind=AuditKind.FOLLOW_UP, follows_up=audit
    )
    finding = Finding.objects.create(
        audit=audit,
        kind="non_compliance",
        severity="major",
        description="Inläst utan logg.",
        raised_on=D(2022, 3, 1),
        action_plan_received_on=D(2022, 6, 1),
        status=FindingStatus.VERIFIED_CLOSED,
        closed_on=D(2023, 2, 1),
        verified_by_audit=verifier,
    )

    def status_on(day):
        return findings_as_of(Finding.objects.filter(pk=finding.pk), day).first()

    assert status_on(D(2022, 2, 28)) is None  # not yet raised
    assert status_on(D(2022, 5, 31)).status_as_of == FindingStatus.OPEN
    assert status_on(year_end(2022)).status_as_of == FindingStatus.ACTION_PLAN_RECEIVED
    assert status_on(D(2023, 2, 1)).status_as_of == FindingStatus.VERIFIED_CLOSED


def test_the_start_page_counts_last_year_as_at_its_end(client, world):
    this_year = timezone.localdate().year
    last_year = this_year - 1
    supplier = world.supplier
    done = carried_out(world, supplier, D(last_year, 6, 1))
    plan(world, supplier, planned_date=D(last_year, 11, 1))  # never carried out: not counted
    late = plan(world, supplier, kind=AuditKind.DESK, planned_date=D(last_year, 12, 15))
    found = add(world, done)
    client.force_login(world.users["procurer_a"])

    def counts():
        rows = client.get(reverse("home"), {"year": this_year}).context["kind_counts"]
        return {row.kind: (row.this_year, row.last_year, row.planned) for row in rows}

    before = counts()
    assert before["office"] == (0, 1, 0)
    assert before["desk"] == (0, 0, 0)
    # This year: last year's desk review is carried out on 1 January (a this-year audit now),
    # and a follow-up closes last year's finding.
    services.audit_conduct(
        user=world.users["secretariat"], audit=late, start_date=D(this_year, 1, 1)
    )
    follow_up = carried_out(
        world, supplier, D(this_year, 1, 1), kind=AuditKind.FOLLOW_UP, follows_up=done
    )
    review(world, follow_up, {found.pk: "close"})
    after = counts()
    assert after["office"] == before["office"]
    assert after["desk"] == (1, 0, 0)
    assert after["follow_up"] == (1, 0, 0)
