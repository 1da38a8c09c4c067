"""The one permission gate: for_user(user, action) on every shared model."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from audits.models import Audit, Finding
from core.permissions import get_scope
from incidents.models import Incident
from organisations.choices import Role
from suppliers.models import FrameworkAgreement, Supplier
from tests.factories import (
    AuditFactory,
    FindingFactory,
    IncidentFactory,
    MembershipFactory,
    RegionFactory,
    SecretariatFactory,
    SupplierFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scopes():
    """Only what the scope rules need, built with the factories (not the test world): audit B
    co-led by region A, the auditor a member of region B."""
    region_a = RegionFactory(code="SE-T")
    region_b = RegionFactory(code="SE-AB")
    users = {
        "secretariat": MembershipFactory(
            organisation=SecretariatFactory(), role=Role.SECRETARIAT
        ).user,
        "procurer_a": MembershipFactory(organisation=region_a, role=Role.PROCURER).user,
        "procurer_b": MembershipFactory(organisation=region_b, role=Role.PROCURER).user,
        "reader": MembershipFactory(organisation=region_a, role=Role.READER).user,
        "auditor": MembershipFactory(organisation=region_b, role=Role.AUDITOR).user,
        "anonymous": AnonymousUser(),
    }
    audit_a = AuditFactory(lead_organisation=region_a)
    audit_b = AuditFactory(lead_organisation=region_b, auditor=users["auditor"])
    audit_b.co_lead_organisations.add(region_a)
    audit_public = AuditFactory(
        lead_organisation=region_b,
        public_summary="Leverantören uppfyller kraven delvis.",
        public_summary_approved_by=users["secretariat"],
        public_summary_approved_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
    )
    return {
        "users": users,
        "region_a": region_a,
        "region_b": region_b,
        "audit_a": audit_a,
        "audit_b": audit_b,
        "audit_public": audit_public,
    }


def visible(model, user, action="view"):
    return set(model.objects.for_user(user, action).values_list("pk", flat=True))


def test_secretariat_sees_and_changes_everything(scopes):
    user = scopes["users"]["secretariat"]
    assert visible(Audit, user) == set(Audit.objects.values_list("pk", flat=True))
    assert visible(Audit, user, "delete") == visible(Audit, user)


def test_procurer_reads_all_and_changes_where_lead_or_co_lead(scopes):
    a, b = scopes["audit_a"], scopes["audit_b"]
    procurer_a = scopes["users"]["procurer_a"]
    procurer_b = scopes["users"]["procurer_b"]
    assert len(visible(Audit, procurer_a)) == 3
    assert visible(Audit, procurer_a, "change") == {a.pk, b.pk}  # lead of a, co-lead of b
    assert visible(Audit, procurer_b, "change") == {b.pk, scopes["audit_public"].pk}


def test_reader_changes_nothing(scopes):
    reader = scopes["users"]["reader"]
    assert len(visible(Audit, reader)) == 3
    assert visible(Audit, reader, "change") == set()
    assert visible(Supplier, reader, "change") == set()


def test_auditor_sees_and_fills_in_only_assigned_audits(scopes):
    auditor = scopes["users"]["auditor"]
    assert visible(Audit, auditor) == {scopes["audit_b"].pk}
    assert visible(Audit, auditor, "change") == {scopes["audit_b"].pk}
    # Filling in is not planning: the plan stays with the lead and co-lead organisations.
    assert not Audit.objects.planned_by(auditor).exists()
    assert set(
        Audit.objects.planned_by(scopes["users"]["procurer_b"]).values_list("pk", flat=True)
    ) == {
        scopes["audit_b"].pk,
        scopes["audit_public"].pk,
    }
    assert visible(Supplier, auditor) == set()


def test_anonymous_sees_only_approved_public_summaries(scopes):
    anonymous = scopes["users"]["anonymous"]
    assert visible(Audit, anonymous) == {scopes["audit_public"].pk}
    assert visible(Supplier, anonymous) == set()
    assert visible(Audit, anonymous, "change") == set()


def test_findings_follow_their_audit(scopes):
    finding_a = FindingFactory(audit=scopes["audit_a"])
    FindingFactory(audit=scopes["audit_public"])
    assert visible(Finding, scopes["users"]["procurer_a"], "change") == {finding_a.pk}
    assert visible(Finding, scopes["users"]["reader"], "change") == set()


def test_confidential_incidents_only_for_secretariat_and_involved(scopes):
    open_case = IncidentFactory()
    secret = IncidentFactory(confidential=True)
    secret.involved_organisations.add(scopes["region_b"])
    users = scopes["users"]
    assert visible(Incident, users["procurer_a"]) == {open_case.pk}
    assert visible(Incident, users["reader"]) == {open_case.pk}
    assert visible(Incident, users["procurer_b"]) == {open_case.pk, secret.pk}
    assert visible(Incident, users["procurer_b"], "change") == {secret.pk}
    assert visible(Incident, users["secretariat"]) == {open_case.pk, secret.pk}


def test_agreements_changed_by_lead_region_only(scopes):
    agreement = FrameworkAgreement.objects.create(
        supplier=SupplierFactory(), lead_organisation=scopes["region_a"]
    )
    assert visible(FrameworkAgreement, scopes["users"]["procurer_a"], "change") == {agreement.pk}
    assert visible(FrameworkAgreement, scopes["users"]["procurer_b"], "change") == set()


def test_inactive_user_has_no_scope(scopes):
    user = scopes["users"]["procurer_a"]
    user.is_active = False
    assert not get_scope(user).is_authenticated


def test_user_without_membership_sees_nothing():
    user = UserFactory()
    SupplierFactory()
    assert visible(Supplier, user) == set()


def test_unknown_action_is_a_programming_error(scopes):
    with pytest.raises(ValueError):
        Audit.objects.for_user(scopes["users"]["reader"], "publish")


def test_rows_of_a_confidential_incident_are_as_hidden_as_the_incident(scopes):
    from incidents.models import IncidentEvent, IncidentRisk

    secret = IncidentFactory(confidential=True)
    secret.involved_organisations.add(scopes["region_b"])
    event = IncidentEvent.objects.create(
        incident=secret, occurred_on=datetime.date(2024, 1, 1), kind="action", description="x"
    )
    risk = IncidentRisk.objects.create(incident=secret, area="corruption")
    users = scopes["users"]
    assert visible(IncidentEvent, users["reader"]) == set()
    assert visible(IncidentRisk, users["procurer_a"]) == set()
    assert visible(IncidentEvent, users["procurer_b"]) == {event.pk}
    assert visible(IncidentRisk, users["procurer_b"], "change") == {risk.pk}


def test_timeline_entries_are_never_changed_or_deleted_and_findings_only_deleted_in_plans(scopes):
    from audits.models import AuditEvent

    audit_b = scopes["audit_b"]
    entry = AuditEvent.objects.create(
        audit=audit_b, at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC), action="planned"
    )
    auditor = scopes["users"]["auditor"]
    assert visible(AuditEvent, auditor) == {entry.pk}
    assert visible(AuditEvent, auditor, "delete") == set()
    assert visible(AuditEvent, scopes["users"]["procurer_b"], "change") == set()
    finding = FindingFactory(audit=audit_b)
    assert visible(Finding, auditor, "change") == {finding.pk}
    assert visible(Finding, auditor, "delete") == set()
    Audit.objects.filter(pk=audit_b.pk).update(status="conducted")
    assert visible(Finding, scopes["users"]["procurer_b"], "delete") == set()


def test_secretariat_role_counts_only_in_the_secretariat(scopes):
    impostor = MembershipFactory(organisation=scopes["region_a"], role=Role.SECRETARIAT).user
    assert not get_scope(impostor).is_secretariat
    assert visible(Audit, impostor, "delete") == set()


def test_member_without_reading_role_sees_only_what_is_assigned(scopes):
    lonely = UserFactory()
    assert visible(Audit, lonely) == set()
    # The public page is open to everyone; it reads Audit.objects.public(), not the gate.
    assert set(Audit.objects.public().values_list("pk", flat=True)) == {scopes["audit_public"].pk}
    # Findings behind a public summary stay internal.
    FindingFactory(audit=scopes["audit_public"])
    assert visible(Finding, lonely) == set()
    assert visible(Finding, AnonymousUser()) == set()
