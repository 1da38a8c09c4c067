"""The test world: the data the tests run against.

``World`` (the ``world`` fixture of tests/conftest.py) holds one instance of each kind of thing
the tests and the permission matrices need, built the same way every time: two regions (A and B),
users of every role, an audit led by A, one by B assigned to the auditor, a public one, a
confidential incident involving B only, and the registers.

``make_world(i)`` populates every model once (the admin tests, which open every admin page), the
same shape for every ``i`` with names made unique by ``i``, so a test can compare one world with
five.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audits.choices import AuditKind, AuditStatus, FindingKind, FindingSeverity, TimelineAction
from audits.models import Audit, AuditEvent, AuditResult, Evidence, Finding, FindingStatusChange
from identity.choices import Protocol
from identity.models import (
    ExternalIdentity,
    IdentityProvider,
    MfaRequirement,
    WebAuthnCredential,
)
from incidents.choices import IncidentRiskArea, IncidentSource, TimelineKind
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from organisations.choices import OrganisationKind, PartnershipKind, Role
from organisations.models import Membership, Organisation, Partnership, PartnershipYear, User
from organisations.services import api_token_create
from reminders.choices import DigestState, Frequency, Stage, Subject
from reminders.models import Digest, RegionContact, Reminder, ReminderPreference
from reporting.choices import CostKind, EventKind, FigureKey, ReportSection
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from riskanalysis.choices import RiskArea, RiskLevel
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from suppliers.choices import AliasKind, SiteKind
from suppliers.models import (
    DuplicateRejection,
    FrameworkAgreement,
    Site,
    Supplier,
    SupplierAlias,
    SupplierSite,
)

# The password of every user of the World.
PASSWORD = "matrix-password-1"
# MFA is required for the secretariat: the World's secretariat has an authenticator app (TOTP)
# with this key, so a test can log it in with the password and a code (``totp_code``).
SECRETARIAT_TOTP_KEY = "3132333435363738393031323334353637383930"


def totp_code(key_hex: str = SECRETARIAT_TOTP_KEY, at: float | None = None) -> str:
    """The six-digit code an authenticator app with this key shows now (or at ``at``)."""
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


class World:
    """The one test world; attributes are model instances (``users`` maps role → user)."""

    def __init__(self):
        # The day the world's audit A is planned for and its finding raised on.
        self.day = dt.date(2024, 5, 3)
        self.secretariat_org = Organisation.objects.create(
            code="KANSLIET", name="Kansliet", kind=OrganisationKind.SECRETARIAT
        )
        self.region_a = Organisation.objects.create(
            code="SE-T", name="Region Örebro län", kind=OrganisationKind.REGION
        )
        self.region_b = Organisation.objects.create(
            code="SE-AB", name="Region Stockholm", kind=OrganisationKind.REGION
        )
        self.partner = Organisation.objects.create(
            code="ADDA", name="Adda Inköpscentral", kind=OrganisationKind.PURCHASING_BODY
        )
        self.users = {}
        for role_name, org, role in [
            ("secretariat", self.secretariat_org, Role.SECRETARIAT),
            ("procurer_a", self.region_a, Role.PROCURER),
            ("procurer_b", self.region_b, Role.PROCURER),
            ("reader", self.region_a, Role.READER),
            ("auditor", self.partner, Role.AUDITOR),
        ]:
            user = User.objects.create_user(username=role_name, password=PASSWORD)
            Membership.objects.create(user=user, organisation=org, role=role)
            self.users[role_name] = user
        self.secretariat_totp = TOTPDevice.objects.create(
            user=self.users["secretariat"], name="Testapp", key=SECRETARIAT_TOTP_KEY, confirmed=True
        )

        self.category = Category.objects.create(name="Läkemedel")
        self.subcategory = Category.objects.create(name="Antibiotika", parent=self.category)
        CategoryPriority.objects.create(category=self.category, start_year=2023, end_year=2025)
        self.risk_analysis = RiskAnalysis.objects.create(
            title="Fördjupad riskanalys: Skyddsrockar",
            category=self.category,
            products_areas="Skyddsrockar",
            year=2024,
        )
        self.study = Study.objects.create(title="Cirkulär ekonomi", year=2024)
        self.supplier = Supplier.objects.create(name="Abena", organisation_number="5560360793")
        self.other_supplier = Supplier.objects.create(name="Getinge")
        self.site = Site.objects.create(name="Fabrik", kind="factory", country="MY")
        self.agreement = FrameworkAgreement.objects.create(
            supplier=self.supplier, lead_organisation=self.region_a, title="Ramavtal A"
        )
        self.instrument = Instrument.objects.create(
            code="bedomningsmall", kind="assessment_template", title="Bedömningsmall"
        )
        self.template_version = InstrumentVersion.objects.create(
            instrument=self.instrument, version="1", year=2024, status="published"
        )
        self.criterion = Clause.objects.create(
            version=self.template_version, code="1.1", text="Riskanalys av leveranskedjan finns."
        )
        self.audit_a = Audit.objects.create(
            supplier=self.supplier,
            kind=AuditKind.OFFICE,
            year=2024,
            lead_organisation=self.region_a,
            template_version=self.template_version,
            planned_date=self.day,
        )
        self.audit_b = Audit.objects.create(
            supplier=self.other_supplier,
            kind=AuditKind.OFFICE,
            year=2024,
            lead_organisation=self.region_b,
            auditor=self.users["auditor"],
            template_version=self.template_version,
        )
        self.audit_public = Audit.objects.create(
            supplier=self.other_supplier,
            kind=AuditKind.OFFICE,
            year=2023,
            status=AuditStatus.REPORTED,
            lead_organisation=self.region_b,
            public_summary="Leverantören uppfyller kraven delvis.",
            public_summary_approved_by=self.users["secretariat"],
            public_summary_approved_at=dt.datetime(2024, 1, 10, tzinfo=dt.UTC),
        )
        self.finding_a = Finding.objects.create(
            audit=self.audit_a,
            kind="non_compliance",
            severity="major",
            description="Riskanalys saknas.",
            raised_on=self.day,
            deadline=dt.date(2024, 8, 1),
        )
        self.incident = Incident.objects.create(
            title="Tvångsarbete i Malaysia", year_opened=2024, lead_organisation=self.region_a
        )
        self.confidential_incident = Incident.objects.create(
            title="Misstänkt mutbrott", year_opened=2024, confidential=True
        )
        self.confidential_incident.involved_organisations.add(self.region_b)
        self.event = Event.objects.create(
            title="Webinarier", kind="webinar", year=2024, participants=150
        )

        # requirements_catalog (issue 14): an instrument never published, with a draft and its
        # clause, for the curation pages and API writes (drafts change; published versions
        # do not). A guidance, not a template: audits are not offered it.
        self.draft_instrument = Instrument.objects.create(
            code="vagledning-utkast", kind="guidance", title="Vägledning under arbete"
        )
        self.draft_version = InstrumentVersion.objects.create(
            instrument=self.draft_instrument, version="2025-utkast", year=2025
        )
        self.draft_clause = Clause.objects.create(
            version=self.draft_version,
            code="1",
            text="Leverantören redovisar sina fabriker.",
            order=1,
        )

    def add_second_criterion(self) -> Clause:
        """A second clause (1.2) in the assessment template, as ``second_criterion``: for tests of
        an audit's results, which need every clause of its template. Not built by default: the
        catalogue's tests and the API matrix count on the template's one clause."""
        self.second_criterion = Clause.objects.create(
            version=self.template_version, code="1.2", text="Uppförandekod finns.", order=2
        )
        return self.second_criterion


def luhn_complete(nine_digits: str) -> str:
    """Append the Luhn check digit, as Swedish organisation numbers do."""
    total = 0
    for index, char in enumerate(reversed(nine_digits)):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return nine_digits + str((10 - total % 10) % 10)


def make_world(i: int) -> dict:
    """One of everything, with names made unique by ``i``; the same shape for every ``i``."""
    user = get_user_model().objects.create_user(username=f"user{i}", password="x" * 12)
    region = Organisation.objects.create(
        code=f"SE-{'ABCDEFGHIJ'[i]}",
        name=f"Region {i}",
        kind=OrganisationKind.REGION,
        population=100_000,
    )
    ngo = Organisation.objects.create(code=f"NGO{i}", name=f"NGO {i}", kind=OrganisationKind.NGO)
    Membership.objects.create(user=user, organisation=region, role=Role.PROCURER)
    partnership = Partnership.objects.create(
        partner=ngo, kind=PartnershipKind.MEMBERSHIP, since_year=2016
    )
    PartnershipYear.objects.create(partnership=partnership, year=2024, description=f"Year {i}.")
    api_token_create(user=user, name=f"BI-system {i}", days=30)

    root = Category.objects.create(name=f"Root {i}")
    middle = Category.objects.create(name=f"Middle {i}", parent=root)
    leaf = Category.objects.create(name=f"Leaf {i}", parent=middle)
    CategoryPriority.objects.create(
        category=leaf, start_year=2023, end_year=2025, human_rights_risk=RiskLevel.HIGH
    )
    analysis = RiskAnalysis.objects.create(
        title=f"Analysis {i}", category=leaf, products_areas=f"Products {i}", year=2024
    )
    analysis.responsible_organisations.add(region)
    IdentifiedRisk.objects.create(
        analysis=analysis,
        area=RiskArea.LABOUR_RIGHTS,
        description="Forced overtime.",
        countries=["CN"],
    )
    study = Study.objects.create(title=f"Study {i}", year=2024)
    study.responsible_organisations.add(region)
    study.counterparts.add(ngo)

    parent = Supplier.objects.create(
        name=f"Group {i}", organisation_number=luhn_complete(f"55600000{i}"), country="SE"
    )
    supplier = Supplier.objects.create(name=f"Supplier {i}", country="SE", parent=parent)
    for kind in (AliasKind.FORMER_NAME, AliasKind.SPELLING):
        SupplierAlias.objects.create(supplier=supplier, name=f"{kind} {i}", kind=kind)
    site = Site.objects.create(
        name=f"Factory {i}", kind=SiteKind.FACTORY, country="CN", operator=supplier
    )
    SupplierSite.objects.create(supplier=supplier, site=site, tier=1, products="Gloves")
    agreement = FrameworkAgreement.objects.create(
        title=f"Gloves {i}",
        supplier=supplier,
        lead_organisation=region,
        category=leaf,
        start_date=dt.date(2024, 1, 1),
    )
    agreement.co_lead_organisations.add(ngo)

    instrument = Instrument.objects.create(
        code=f"template-{i}", kind=InstrumentKind.ASSESSMENT_TEMPLATE, title=f"Template {i}"
    )
    instrument.responsible_organisations.add(region)
    published = InstrumentVersion.objects.create(
        instrument=instrument,
        version="1.0",
        year=2024,
        status=VersionStatus.PUBLISHED,
        published_on=dt.date(2024, 1, 15),
        published_by=user,
    )
    criterion = Clause.objects.create(version=published, code="1", title="Wages", text="Pay.")
    draft = InstrumentVersion.objects.create(
        instrument=instrument, version="2.0", year=2025, supersedes=published
    )
    Clause.objects.create(version=draft, code="1", title="Wages", text="Pay a living wage.")

    incident = Incident.objects.create(
        title=f"Incident {i}",
        year_opened=2024,
        opened_on=dt.date(2024, 2, 1),
        source=IncidentSource.MEDIA,
        category=leaf,
        lead_organisation=region,
        countries=["MY"],
    )
    incident.suppliers.add(supplier)
    incident.sites.add(site)
    incident.involved_organisations.add(region)
    incident.partners.add(ngo)
    IncidentRisk.objects.create(incident=incident, area=IncidentRiskArea.FORCED_LABOUR)
    IncidentEvent.objects.create(
        incident=incident,
        occurred_on=dt.date(2024, 2, 1),
        kind=TimelineKind.OPENED,
        description="Media report.",
        organisation=region,
        recorded_by=user,
    )
    LabTest.objects.create(incident=incident, sample="Cotton", supplier=supplier, method="Isotope")

    audit = Audit.objects.create(
        supplier=supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        start_date=dt.date(2024, 3, 1),
        status=AuditStatus.CONDUCTED,
        lead_organisation=region,
        auditor=user,
        category=leaf,
        template_version=published,
        incident=incident,
        observer_required=True,
    )
    audit.co_lead_organisations.add(ngo)
    follow_up = Audit.objects.create(
        supplier=supplier,
        kind=AuditKind.FOLLOW_UP,
        year=2024,
        start_date=dt.date(2024, 3, 1),
        follows_up=audit,
        lead_organisation=region,
    )
    result = AuditResult.objects.create(audit=audit, criterion=criterion, outcome="partly")
    finding = Finding.objects.create(
        audit=audit,
        kind=FindingKind.NON_COMPLIANCE,
        severity=FindingSeverity.MINOR,
        clause=criterion,
        description="Wages below minimum.",
        raised_on=dt.date(2024, 3, 1),
        verified_by_audit=follow_up,
    )
    content = b"%PDF-1.4 evidence"
    Evidence.objects.create(
        audit=audit,
        result=result,
        finding=finding,
        file=SimpleUploadedFile(f"payroll{i}.pdf", content),
        original_name=f"payroll{i}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    AuditEvent.objects.create(
        audit=audit,
        at=dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC),
        actor=user,
        action=TimelineAction.PLANNED,
    )
    FindingStatusChange.objects.create(
        finding=finding,
        status=finding.status,
        on=finding.raised_on,
        recorded_at=dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC),
        by=user,
    )

    event = Event.objects.create(
        title=f"Webinar {i}",
        kind=EventKind.WEBINAR,
        year=2024,
        date=dt.date(2024, 4, 1),
        participants=50,
    )
    event.organisers.add(region)
    YearlyFigure.objects.create(
        year=2020 + i, key=FigureKey.NEWSLETTERS, value=Decimal(10), source="The report"
    )
    accounts = FinancialYear.objects.create(
        year=2020 + i, opening_balance=Decimal("100.0"), closing_balance=Decimal("50.0")
    )
    Contribution.objects.create(financial_year=accounts, organisation=region, amount=Decimal(120))
    Contribution.objects.create(financial_year=accounts, organisation=ngo, amount=Decimal(80))
    CostLine.objects.create(
        financial_year=accounts, kind=CostKind.STAFF, label="Staff", amount=Decimal("249.5")
    )
    CostLine.objects.create(
        financial_year=accounts, kind=CostKind.TRAVEL, label="Travel", amount=Decimal("0.5")
    )
    Narrative.objects.create(
        year=2020 + i, section=ReportSection.INTRODUCTION, body="The year.", updated_by=user
    )
    ReportJob.objects.create(year=2024, requested_by=user)

    ReminderPreference.objects.create(user=user, frequency=Frequency.WEEKLY, language="en")
    RegionContact.objects.create(organisation=region, user=user)
    digest = Digest.objects.create(
        recipient=user,
        day=dt.date(2024, 8, 1),
        email=f"user{i}@hallbar.test",
        message_id=f"<reminder-{i}@hallbar.test>",
        state=DigestState.SENT,
        claimed_at=dt.datetime(2024, 8, 1, 6, tzinfo=dt.UTC),
        sent_at=dt.datetime(2024, 8, 1, 6, tzinfo=dt.UTC),
    )
    Reminder.objects.create(
        recipient=user,
        subject=Subject.FINDING_DEADLINE,
        stage=Stage.DUE,
        item_key=f"finding:{finding.pk}",
        finding=finding,
        day=dt.date(2024, 8, 1),
        due=dt.date(2024, 8, 1),
        digest=digest,
    )
    provider = IdentityProvider.objects.create(
        organisation=region,
        protocol=Protocol.OIDC if i % 2 else Protocol.SAML,
        email_domains=[f"region{i}.test"],
        saml_entity_id=f"https://idp{i}.region.test/saml",
        oidc_issuer=f"https://idp{i}.region.test",
        role_mapping={"inkopare": Role.PROCURER},
        attr_role="roles",
    )
    ExternalIdentity.objects.create(provider=provider, user=user, subject=f"subject-{i}")
    # One row per role (four): the secretariat's stays required.
    role = Role.values[i % len(Role.values)]
    MfaRequirement.objects.update_or_create(
        role=role, defaults={"required": role == Role.SECRETARIAT or i % 2 == 1}
    )
    WebAuthnCredential.objects.create(
        user=user, name=f"Key {i}", credential_id=f"credential-{i}", public_key="pk"
    )
    DuplicateRejection.objects.create(
        first=min(parent, supplier, key=lambda s: s.pk),
        second=max(parent, supplier, key=lambda s: s.pk),
        rejected_by=user,
    )
    return {
        "published": published,
        "draft": draft,
        "audit": audit,
        "accounts": accounts,
        "user": user,
    }
