"""Invariants hold in the database itself, on PostgreSQL and on SQLite alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audits.choices import AuditKind, FindingKind, FindingStatus
from audits.models import Audit, Evidence, Finding
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.models import Event, ReportJob, YearlyFigure
from suppliers.models import FrameworkAgreement, Supplier
from tests.factories import (
    AuditFactory,
    FindingFactory,
    OrganisationFactory,
    RegionFactory,
    SupplierFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JAN_1 = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def refused(callable_, *args, **kwargs):
    """True when the database refuses the write (and the transaction stays usable)."""
    try:
        with transaction.atomic():
            callable_(*args, **kwargs)
    except IntegrityError:
        return True
    return False


# Suppliers ---------------------------------------------------------------------------------


def test_supplier_organisation_number_is_validated_with_its_check_digit():
    supplier = Supplier(name="Exempel AB", organisation_number="5560360794")
    with pytest.raises(ValidationError) as error:
        supplier.full_clean()
    assert "organisation_number" in error.value.message_dict
    supplier.organisation_number = "5560360793"
    supplier.full_clean()


def test_supplier_organisation_number_must_be_ten_digits_in_the_database():
    assert refused(Supplier.objects.create, name="Streck AB", organisation_number="556036-079")
    assert not refused(Supplier.objects.create, name="Rätt AB", organisation_number="5560360793")


def test_supplier_names_and_organisation_numbers_are_unique():
    Supplier.objects.create(name="Abena", organisation_number="5560360793")
    assert refused(Supplier.objects.create, name="ABENA")
    assert refused(Supplier.objects.create, name="Annan AB", organisation_number="5560360793")
    # Many suppliers have no Swedish organisation number.
    Supplier.objects.create(name="Stada Nordic ApS")
    Supplier.objects.create(name="Macure Pharma ApS")


def test_agreement_terminated_needs_a_reason():
    region = RegionFactory()
    supplier = SupplierFactory()
    assert refused(
        FrameworkAgreement.objects.create,
        supplier=supplier,
        lead_organisation=region,
        status="terminated",
    )
    agreement = FrameworkAgreement.objects.create(
        supplier=supplier, lead_organisation=region, status="terminated", termination_reason="Brott"
    )
    assert agreement.pk


def test_agreement_cannot_end_before_it_starts():
    assert refused(
        FrameworkAgreement.objects.create,
        supplier=SupplierFactory(),
        lead_organisation=RegionFactory(),
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 4, 30),
    )


# Organisations -----------------------------------------------------------------------------


def test_region_code_is_iso_3166_2_se():
    assert refused(Organisation.objects.create, code="OREBRO", name="x", kind="region")
    assert not refused(Organisation.objects.create, code="SE-T", name="Örebro", kind="region")
    # Others have short codes of their own.
    OrganisationFactory(code="ADDA", kind=OrganisationKind.PURCHASING_BODY)


def test_only_regions_have_a_population():
    assert refused(
        Organisation.objects.create, code="ADDA", name="Adda", kind="purchasing_body", population=5
    )


# Audits ------------------------------------------------------------------------------------


def test_follow_up_of_the_same_supplier_is_accepted():
    original = AuditFactory()
    follow_up = AuditFactory(
        supplier=original.supplier, kind=AuditKind.FOLLOW_UP, follows_up=original
    )
    assert follow_up.follows_up == original


def test_follow_up_of_another_suppliers_audit_is_refused_by_the_database():
    original = AuditFactory()
    other = SupplierFactory()
    assert refused(
        Audit.objects.create,
        supplier=other,
        kind=AuditKind.FOLLOW_UP,
        year=2024,
        follows_up=original,
    )
    assert Audit.objects.filter(supplier=other).count() == 0


def test_follow_up_cannot_be_moved_to_another_supplier():
    original = AuditFactory()
    follow_up = AuditFactory(
        supplier=original.supplier, kind=AuditKind.FOLLOW_UP, follows_up=original
    )
    other = SupplierFactory()
    assert refused(Audit.objects.filter(pk=follow_up.pk).update, supplier=other)
    # Nor can the audit it follows up change supplier under it.
    assert refused(Audit.objects.filter(pk=original.pk).update, supplier=other)


def test_follow_up_of_another_supplier_is_a_validation_error_on_the_field():
    original = AuditFactory()
    audit = Audit(
        supplier=SupplierFactory(), kind=AuditKind.FOLLOW_UP, year=2024, follows_up=original
    )
    with pytest.raises(ValidationError) as error:
        audit.full_clean()
    assert "follows_up" in error.value.message_dict


def test_only_a_follow_up_audit_follows_up():
    original = AuditFactory()
    assert refused(
        Audit.objects.create,
        supplier=original.supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        follows_up=original,
    )


def test_audit_dates_and_public_summary_approval():
    assert refused(
        AuditFactory, start_date=datetime.date(2024, 5, 2), end_date=datetime.date(2024, 5, 1)
    )
    assert refused(AuditFactory, public_summary="Sammanfattning", public_summary_approved_at=JAN_1)


def test_finding_deadline_cannot_be_before_the_audit():
    audit = AuditFactory()
    assert refused(
        Finding.objects.create,
        audit=audit,
        kind=FindingKind.NON_COMPLIANCE,
        severity="major",
        description="Riskanalys saknas",
        raised_on=datetime.date(2024, 5, 3),
        deadline=datetime.date(2024, 5, 2),
    )
    finding = FindingFactory(audit=audit, raised_on=datetime.date(2024, 5, 3))
    finding.deadline = datetime.date(2024, 5, 3)
    finding.save()


def test_non_compliance_needs_a_severity_and_closing_needs_a_date():
    assert refused(FindingFactory, severity="")
    assert refused(FindingFactory, status=FindingStatus.VERIFIED_CLOSED, closed_on=None)
    FindingFactory(kind=FindingKind.OBSERVATION, severity="")


def test_a_finding_is_not_verified_by_its_own_audit():
    finding = FindingFactory()
    assert refused(Finding.objects.filter(pk=finding.pk).update, verified_by_audit=finding.audit)


def test_evidence_is_at_most_20_mb():
    audit = AuditFactory()
    user = UserFactory()
    assert refused(
        Evidence.objects.create,
        audit=audit,
        file="evidence/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=20 * 1024 * 1024 + 1,
        sha256="0" * 64,
        uploaded_by=user,
    )


# Reporting ---------------------------------------------------------------------------------


def test_a_lower_bound_needs_a_number_of_participants():
    assert refused(
        Event.objects.create, title="x", kind="webinar", year=2024, participants_is_lower_bound=True
    )


def test_yearly_figures_are_unique_per_year_and_carry_a_source():
    YearlyFigure.objects.create(year=2024, key="newsletters", value=18, source="Rapport")
    assert refused(YearlyFigure.objects.create, year=2024, key="newsletters", value=19, source="x")
    assert refused(YearlyFigure.objects.create, year=2023, key="newsletters", value=13, source="")


def test_report_job_done_needs_its_pdf_and_failed_says_why():
    assert refused(ReportJob.objects.create, year=2024, status="done", progress=100)
    assert refused(ReportJob.objects.create, year=2024, status="failed")
    assert refused(ReportJob.objects.create, year=2024, progress=101)
