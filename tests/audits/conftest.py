"""Fixtures of the audit tests: two regions, users of every role, a template with criteria."""

import datetime
from types import SimpleNamespace

import pytest

from organisations.choices import OrganisationKind, Role
from organisations.models import Membership, Organisation, User
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from suppliers.models import Supplier


@pytest.fixture
def w(db):
    ns = SimpleNamespace()
    ns.secretariat_org = Organisation.objects.create(
        code="KANSLIET", name="Kansliet", kind=OrganisationKind.SECRETARIAT
    )
    ns.region_a = Organisation.objects.create(
        code="SE-T", name="Region Örebro län", kind=OrganisationKind.REGION
    )
    ns.region_b = Organisation.objects.create(
        code="SE-AB", name="Region Stockholm", kind=OrganisationKind.REGION
    )
    ns.partner = Organisation.objects.create(
        code="ADDA", name="Adda", kind=OrganisationKind.PURCHASING_BODY
    )
    for name, org, role in [
        ("secretariat", ns.secretariat_org, Role.SECRETARIAT),
        ("procurer_a", ns.region_a, Role.PROCURER),
        ("procurer_b", ns.region_b, Role.PROCURER),
        ("reader", ns.region_a, Role.READER),
        ("auditor", ns.partner, Role.AUDITOR),
    ]:
        user = User.objects.create_user(username=name, password="pw-123456-x")
        Membership.objects.create(user=user, organisation=org, role=role)
        setattr(ns, name, user)
    ns.supplier = Supplier.objects.create(name="Abena")
    ns.other_supplier = Supplier.objects.create(name="Getinge")
    instrument = Instrument.objects.create(
        code="bedomningsmall", kind="assessment_template", title="Bedömningsmall"
    )
    ns.version = InstrumentVersion.objects.create(
        instrument=instrument, version="1", year=2024, status="published"
    )
    ns.c1 = Clause.objects.create(version=ns.version, code="1.1", text="Riskanalys finns.", order=1)
    ns.c2 = Clause.objects.create(version=ns.version, code="1.2", text="Uppförandekod.", order=2)
    other_version = InstrumentVersion.objects.create(
        instrument=instrument, version="2", year=2025, status="draft"
    )
    ns.foreign_clause = Clause.objects.create(version=other_version, code="9.9", text="Annan.")
    ns.day = datetime.date(2024, 5, 3)
    return ns
