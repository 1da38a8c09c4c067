"""What the supplier pages show of audits comes from audits through providers
(core/providers.py), not from a copy of audits' rules in suppliers: a supplier's open findings
leave out every settled status, and the supplier admin counts the audits."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from audits.choices import FINDING_SETTLED_STATUSES
from core.providers import Provider
from suppliers import providers, selectors
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db


def test_open_findings_leave_out_every_settled_status(world):
    secretariat = world.users["secretariat"]
    finding = world.finding_a
    assert list(selectors.supplier_open_findings(supplier=world.supplier, user=secretariat)) == [
        finding
    ]
    verifier = AuditFactory(
        supplier=world.supplier, status="conducted", start_date=datetime.date(2024, 9, 1)
    )
    for status in FINDING_SETTLED_STATUSES:
        finding.status = status
        closed = status == "verified_closed"
        finding.closed_on = datetime.date(2024, 9, 1) if closed else None
        finding.verified_by_audit = verifier if closed else None
        finding.save()
        assert not selectors.supplier_open_findings(supplier=world.supplier, user=secretariat)


def test_the_supplier_admin_counts_the_audits(client, world):
    AuditFactory(supplier=world.supplier, status="conducted", start_date=datetime.date(2024, 9, 1))
    audits = world.supplier.audits.count()
    client.force_login(world.users["secretariat"])
    response = client.get("/admin/suppliers/supplier/")
    assert response.status_code == 200
    counted = {row.pk: row.audit_count for row in response.context["cl"].result_list}
    assert counted[world.supplier.pk] == audits >= 2


def test_a_provider_answers_once_registered_and_only_once():
    wanted = Provider("tests.wanted", "() -> 42")
    with pytest.raises(ImproperlyConfigured, match=r"Nothing provides tests\.wanted"):
        wanted()
    wanted.register(lambda: 42)
    assert wanted() == 42
    with pytest.raises(ImproperlyConfigured, match="already provided"):
        wanted.register(lambda: 43)
    assert providers.supplier_open_findings._function is not None
