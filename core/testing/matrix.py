"""The permission matrix: every portal URL pattern × every kind of user.

Each app declares its rows (``MatrixRow``) in ``tests/<app>/matrix.py`` as ``ROWS``; the test
``tests/test_permission_matrix.py`` collects them, fails when a URL pattern has no row, and checks
every row's status for every role. A new view is covered by one row:

    MatrixRow("suppliers:supplier_detail", kwargs=lambda w: {"pk": w.supplier.pk},
              expect=ALL_READERS_200)

``World`` holds one instance of each kind of thing the rows need, built the same way every time:
two regions (A and B), users of every role, an audit led by A, one by B assigned to the auditor,
a public one, a confidential incident involving B only, and the registers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "secretariat", "procurer_a", "procurer_b", "reader", "auditor")

# URL namespaces that are not the portal's own (the admin has its own permission system).
# The API has its own matrix (core/testing/api_matrix.py); its schema and docs are public.
EXCLUDED_NAMESPACES = {"admin", "api"}
EXCLUDED_NAMES = {"set_language", "healthz", "javascript-catalog", "api-schema", "api-docs"}

LOGIN = 302  # anonymous users are sent to the login page


def expect(default: int, **by_role: int) -> dict[str, int]:
    """Statuses per role: ``default`` for every role not named, anonymous → 302 unless named."""
    statuses = dict.fromkeys(ROLES, default)
    statuses["anonymous"] = LOGIN
    statuses.update(by_role)
    return statuses


@dataclass(frozen=True)
class MatrixRow:
    url_name: str
    expect: dict[str, int]
    kwargs: Callable | None = None  # world -> URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    note: str = ""
    extra: dict = field(default_factory=dict)

    def url_kwargs(self, world) -> dict:
        return self.kwargs(world) if self.kwargs else {}

    def post_data(self, world) -> dict:
        return self.data(world) if self.data else {}


def portal_url_names() -> set[str]:
    """Every named URL pattern of the portal, as 'namespace:name' (or 'name' at the root)."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name in EXCLUDED_NAMES:
                    continue
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


class World:
    """The data the matrix runs against; attributes are model instances."""

    def __init__(self):
        from audits.choices import AuditKind, AuditStatus
        from audits.models import Audit, Finding
        from incidents.models import Incident
        from organisations.choices import OrganisationKind, Role
        from organisations.models import Membership, Organisation, User
        from reporting.models import Event
        from requirements_catalog.models import Clause, Instrument, InstrumentVersion
        from riskanalysis.models import Category, CategoryPriority, RiskAnalysis, Study
        from suppliers.models import FrameworkAgreement, Site, Supplier

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
            user = User.objects.create_user(username=role_name, password="matrix-password-1")
            Membership.objects.create(user=user, organisation=org, role=role)
            self.users[role_name] = user

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
            planned_date=datetime.date(2024, 5, 3),
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
            public_summary_approved_at=datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC),
        )
        self.finding_a = Finding.objects.create(
            audit=self.audit_a,
            kind="non_compliance",
            severity="major",
            description="Riskanalys saknas.",
            raised_on=datetime.date(2024, 5, 3),
            deadline=datetime.date(2024, 8, 1),
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


MATRIX_APPS = (
    "core",
    "organisations",
    "riskanalysis",
    "suppliers",
    "requirements_catalog",
    "incidents",
    "audits",
    "reporting",
)


def collect_rows(module: str) -> list:
    """The ROWS of ``tests/<app>/<module>.py`` of every app that has one ('matrix' for the
    portal, 'api_matrix' for the API)."""
    import importlib

    rows = []
    for app in MATRIX_APPS:
        name = f"tests.{app}.{module}"
        try:
            found = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        rows.extend(found.ROWS)
    return rows
