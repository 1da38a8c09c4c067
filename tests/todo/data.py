"""Rows for the work queues on top of the World: one in each of the secretariat's queues, and
region B's open findings (the World has only region A's finding_a)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from audits.choices import AuditKind, AuditStatus, FindingStatus
from audits.models import Audit, Finding


def reported_audit(world, *, supplier=None, lead=None, summary="Leverantören har åtgärdat.", day=0):
    """A reported audit whose public summary waits for approval."""
    start = dt.date(2025, 3, 3) + dt.timedelta(days=day)
    return Audit.objects.create(
        supplier=supplier or world.supplier,
        kind=AuditKind.OFFICE,
        year=start.year,
        status=AuditStatus.REPORTED,
        lead_organisation=lead or world.region_a,
        template_version=world.template_version,
        start_date=start,
        end_date=start,
        reported_on=start + dt.timedelta(days=7),
        summary="Intern sammanfattning.",
        public_summary=summary,
    )


def conducted_audit(world, *, lead=None, auditor=None, day=0):
    start = dt.date(2025, 4, 1) + dt.timedelta(days=day)
    return Audit.objects.create(
        supplier=world.other_supplier,
        kind=AuditKind.OFFICE,
        year=start.year,
        status=AuditStatus.CONDUCTED,
        lead_organisation=lead or world.region_b,
        auditor=auditor,
        template_version=world.template_version,
        start_date=start,
        end_date=start,
    )


def finding(world, audit, *, deadline, status=FindingStatus.OPEN, description="Avvikelse."):
    return Finding.objects.create(
        audit=audit,
        kind="non_compliance",
        severity="minor",
        description=description,
        raised_on=audit.end_date or world.day,
        deadline=deadline,
        status=status,
        action_plan="Handlingsplan." if status == FindingStatus.ACTION_PLAN_RECEIVED else "",
        action_plan_received_on=audit.end_date
        if status == FindingStatus.ACTION_PLAN_RECEIVED
        else None,
    )


def fill_queues(world) -> SimpleNamespace:
    """One row in each queue of every role: a summary waiting for approval (region A), an audit
    of region B waiting for a report (assigned to the auditor), a finding of it awaiting
    verification, and an open finding of region B without a deadline."""
    waiting = reported_audit(world)
    conducted = conducted_audit(world, auditor=world.users["auditor"])
    verifying = finding(
        world,
        conducted,
        deadline=dt.date(2025, 12, 1),
        status=FindingStatus.ACTION_PLAN_RECEIVED,
        description="Handlingsplan mottagen för löner.",
    )
    open_b = finding(world, conducted, deadline=None, description="Arbetstider saknas.")
    return SimpleNamespace(waiting=waiting, conducted=conducted, verifying=verifying, open_b=open_b)
