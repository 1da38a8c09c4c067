"""One row of a follow-up log through the workflow's services, without a spreadsheet: the entry
points the import resources call (``audit_import_row``, ``finding_import_row``) take the row's
values and apply the same rules, history and timeline as the portal."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingKind, FindingStatus, TimelineAction
from audits.models import Audit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def audit_values(world, **values):
    return {
        "supplier": world.supplier,
        "kind": AuditKind.OFFICE,
        "year": None,
        "lead_organisation": world.region_a,
        "planned_date": world.day,
        **values,
    }


def test_a_new_row_records_the_audit_and_a_later_row_cancels_it(world):
    audit = services.audit_import_row(
        user=world.users["procurer_a"], audit=None, values=audit_values(world)
    )
    assert audit.status == AuditStatus.PLANNED
    assert audit.year == 2024
    assert audit.timeline.filter(action=TimelineAction.IMPORTED).exists()

    services.audit_import_row(
        user=world.users["procurer_a"],
        audit=Audit.objects.get(pk=audit.pk),
        values=audit_values(
            world,
            status=AuditStatus.CANCELLED,
            cancelled_on=datetime.date(2024, 4, 1),
            cancellation_reason="Leverantören avslutad.",
        ),
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CANCELLED
    assert audit.cancelled_on == datetime.date(2024, 4, 1)
    assert audit.history.first().history_user == world.users["procurer_a"]


def test_a_row_may_not_change_the_day_of_a_step_taken(world):
    audit = services.audit_import_row(
        user=world.users["procurer_a"],
        audit=None,
        values=audit_values(
            world,
            status=AuditStatus.CANCELLED,
            cancelled_on=world.day,
            cancellation_reason="Inställd.",
        ),
    )
    with pytest.raises(ValidationError) as refusal:
        services.audit_import_row(
            user=world.users["procurer_a"],
            audit=Audit.objects.get(pk=audit.pk),
            values=audit_values(
                world,
                status=AuditStatus.CANCELLED,
                cancelled_on=datetime.date(2024, 5, 10),
                cancellation_reason="Inställd.",
            ),
        )
    assert "cancelled_on" in refusal.value.message_dict
    assert Audit.objects.get(pk=audit.pk).cancelled_on == world.day


def test_a_finding_row_refuses_a_status_day_under_its_column_and_saves_nothing(world):
    audit = services.audit_plan(
        user=world.users["secretariat"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=world.region_a,
        planned_date=world.day,
    )
    services.audit_conduct(user=world.users["secretariat"], audit=audit, start_date=world.day)
    values = {
        "kind": FindingKind.OBSERVATION,
        "description": "Saknar rutin.",
        "status": FindingStatus.ACTION_PLAN_RECEIVED,
        "action_plan_received_on": datetime.date(2024, 4, 1),  # before it was raised
    }
    with pytest.raises(ValidationError) as refusal:
        services.finding_import_row(
            user=world.users["secretariat"], audit=audit, finding=None, values=values
        )
    assert "action_plan_received_on" in refusal.value.message_dict
    assert not audit.findings.exists()
