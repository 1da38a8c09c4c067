"""One row of a follow-up log through the workflow's services, without a spreadsheet: the entry
points the import resources call (``audit_import_row``, ``finding_import_row``) take the row's
values and apply the same rules, history and timeline as the portal."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingKind, FindingStatus, TimelineAction
from audits.models import Audit, Finding

pytestmark = pytest.mark.django_db


def audit_values(w, **values):
    return {
        "supplier": w.supplier,
        "kind": AuditKind.OFFICE,
        "year": None,
        "lead_organisation": w.region_a,
        "planned_date": w.day,
        **values,
    }


def test_a_new_row_records_the_audit_and_a_later_row_cancels_it(w):
    audit = services.audit_import_row(user=w.procurer_a, audit=None, values=audit_values(w))
    assert audit.status == AuditStatus.PLANNED
    assert audit.year == 2024
    assert audit.timeline.filter(action=TimelineAction.IMPORTED).exists()

    services.audit_import_row(
        user=w.procurer_a,
        audit=Audit.objects.get(pk=audit.pk),
        values=audit_values(
            w,
            status=AuditStatus.CANCELLED,
            cancelled_on=datetime.date(2024, 4, 1),
            cancellation_reason="Leverantören avslutad.",
        ),
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CANCELLED
    assert audit.cancelled_on == datetime.date(2024, 4, 1)
    assert audit.history.first().history_user == w.procurer_a


def test_a_row_may_not_change_the_day_of_a_step_taken(w):
    audit = services.audit_import_row(
        user=w.procurer_a,
        audit=None,
        values=audit_values(
            w, status=AuditStatus.CANCELLED, cancelled_on=w.day, cancellation_reason="Inställd."
        ),
    )
    with pytest.raises(ValidationError) as refusal:
        services.audit_import_row(
            user=w.procurer_a,
            audit=Audit.objects.get(pk=audit.pk),
            values=audit_values(
                w,
                status=AuditStatus.CANCELLED,
                cancelled_on=datetime.date(2024, 5, 10),
                cancellation_reason="Inställd.",
            ),
        )
    assert "cancelled_on" in refusal.value.message_dict
    assert Audit.objects.get(pk=audit.pk).cancelled_on == w.day


def test_a_finding_row_refuses_a_status_day_under_its_column_and_saves_nothing(w):
    audit = services.audit_plan(
        user=w.secretariat,
        supplier=w.supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=w.region_a,
        planned_date=w.day,
    )
    services.audit_conduct(user=w.secretariat, audit=audit, start_date=w.day)
    values = {
        "kind": FindingKind.OBSERVATION,
        "description": "Saknar rutin.",
        "status": FindingStatus.ACTION_PLAN_RECEIVED,
        "action_plan_received_on": datetime.date(2024, 4, 1),  # before it was raised
    }
    with pytest.raises(ValidationError) as refusal:
        services.finding_import_row(user=w.secretariat, audit=audit, finding=None, values=values)
    assert "action_plan_received_on" in refusal.value.message_dict
    assert not Finding.objects.exists()
