"""Every list endpoint of the API: its number of queries does not grow with its rows.

Each resource has a builder that adds n rows with every relation its serializer shows filled in
(co-leads, results, aliases, clauses …). The count with 1 extra row and with 100 must be equal.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import Audit, AuditResult, Finding
from core.models import Deletion
from hallbar.api_urls import router
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from organisations.models import Organisation, Partnership, PartnershipYear
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]
SEQUENCE = itertools.count()  # unique names across a builder's calls


def audits(w, n):
    for i in range(n):
        audit = Audit.objects.create(
            supplier=w.supplier,
            kind="office",
            year=2024,
            lead_organisation=w.region_a,
            category=w.category,
            template_version=w.template_version,
            internal_note=f"Rad {i}",
        )
        audit.co_lead_organisations.add(w.region_b)
        AuditResult.objects.create(audit=audit, criterion=w.criterion, outcome="partly")


def findings(w, n):
    for i in range(n):
        Finding.objects.create(
            audit=w.audit_a,
            kind="non_compliance",
            severity="minor",
            clause=w.criterion,
            description=f"Avvikelse {i}",
            raised_on=datetime.date(2024, 5, 3),
        )


def public_summaries(w, n):
    for i in range(n):
        Audit.objects.create(
            supplier=w.other_supplier,
            kind="office",
            year=2023,
            status="reported",
            public_summary=f"Sammanfattning {i}",
            public_summary_approved_by=w.users["secretariat"],
            public_summary_approved_at=timezone.now(),
        )


def deletions(w, n):
    Deletion.objects.bulk_create(
        Deletion(model="audits.audit", object_id=10_000 + i, deleted_at=timezone.now())
        for i in range(n)
    )


def incidents(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        incident = Incident.objects.create(
            title=f"Ärende {i}",
            year_opened=2024,
            lead_organisation=w.region_a,
            category=w.category,
            countries=["MY"],
        )
        incident.suppliers.add(w.supplier)
        incident.sites.add(w.site)
        incident.involved_organisations.add(w.region_b)
        incident.partners.add(w.partner)
        IncidentRisk.objects.create(incident=incident, area="forced_labour")
        IncidentEvent.objects.create(
            incident=incident,
            occurred_on=datetime.date(2024, 6, 1),
            kind="decision",
            description="Beslut.",
            organisation=w.region_a,
        )
        LabTest.objects.create(
            incident=incident, sample="Bomull", supplier=w.supplier, method="Isotopanalys"
        )


def events(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        event = Event.objects.create(title=f"Utbildning {i}", kind="training", year=2024)
        event.organisers.add(w.region_a, w.region_b)


def yearly_figures(w, n):
    start = 2000 + YearlyFigure.objects.count()
    YearlyFigure.objects.bulk_create(
        YearlyFigure(year=start + i, key="newsletters", value=Decimal(i), source="Test")
        for i in range(n)
    )


def financial_years(w, n):
    start = 2000 + FinancialYear.objects.count()
    for i in range(n):
        accounts = FinancialYear.objects.create(
            year=start + i, opening_balance=Decimal(100), closing_balance=Decimal(50)
        )
        Contribution.objects.create(
            financial_year=accounts, organisation=w.region_a, amount=Decimal(10)
        )
        CostLine.objects.create(
            financial_year=accounts, kind="staff", label="Personal", amount=Decimal(60), order=1
        )


def narratives(w, n):
    start = Narrative.objects.count()
    Narrative.objects.bulk_create(
        Narrative(
            year=2024,
            section="audits",
            order=start + i,
            body=f"Text {i}.",
            updated_by=w.users["secretariat"],
        )
        for i in range(n)
    )


def reports(w, n):
    ReportJob.objects.bulk_create(
        ReportJob(year=2024, requested_by=w.users["secretariat"]) for _ in range(n)
    )


def organisations(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        Organisation.objects.create(code=f"ORG{i}", name=f"Organisation {i}", kind="ngo")


def partnerships(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        partner = Organisation.objects.create(code=f"P{i}", name=f"Partner {i}", kind="ngo")
        partnership = Partnership.objects.create(
            partner=partner, kind="membership", since_year=2016
        )
        PartnershipYear.objects.create(partnership=partnership, year=2024, description="Text.")
        PartnershipYear.objects.create(partnership=partnership, year=2025, description="Text.")


def identified_risks(w, n):
    for _ in range(n):
        IdentifiedRisk.objects.create(
            analysis=w.risk_analysis, area="labour_rights", description="X.", countries=["MY"]
        )


def categories(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        category = Category.objects.create(name=f"Kategori {i}", parent=w.subcategory)
        CategoryPriority.objects.create(category=category, start_year=2023, end_year=2025)


def risk_analyses(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        analysis = RiskAnalysis.objects.create(
            title=f"Analys {i}", category=w.subcategory, products_areas=f"Handskar {i}", year=2024
        )
        analysis.responsible_organisations.set([w.region_a, w.region_b])
        IdentifiedRisk.objects.create(analysis=analysis, area="environment", description="Y.")


def studies(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        study = Study.objects.create(title=f"Utredning {i}", year=2024)
        study.responsible_organisations.set([w.region_a])
        study.counterparts.set([w.partner])


def suppliers(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        supplier = Supplier.objects.create(name=f"Leverantör {i}", parent=w.supplier)
        SupplierAlias.objects.create(supplier=supplier, name=f"Alias {i}", kind="spelling")


def sites(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        site = Site.objects.create(name=f"Fabrik {i}", kind="factory", country="CN")
        SupplierSite.objects.create(supplier=w.supplier, site=site, tier=1, products="Rockar")


def agreements(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        agreement = FrameworkAgreement.objects.create(
            supplier=w.supplier,
            lead_organisation=w.region_b,
            category=w.subcategory,
            title=f"Avtal {i}",
        )
        agreement.co_lead_organisations.add(w.region_a)


def instruments(w, n):
    for _ in range(n):
        i = next(SEQUENCE)
        instrument = Instrument.objects.create(code=f"krav-{i}", kind="guidance", title=f"K {i}")
        instrument.responsible_organisations.set([w.region_a])
        instrument.related_instruments.set([w.instrument])
        version = InstrumentVersion.objects.create(instrument=instrument, version="1", year=2024)
        Clause.objects.create(version=version, code="1", text="Krav.")


BUILDERS = {
    "organisations": organisations,
    "partnerships": partnerships,
    "categories": categories,
    # Each category comes with one priority period: the periods' list.
    "category-priorities": categories,
    "risk-analyses": risk_analyses,
    "identified-risks": identified_risks,
    "studies": studies,
    "suppliers": suppliers,
    "sites": sites,
    "agreements": agreements,
    "instruments": instruments,
    # Each instrument comes with one version and its clause: the versions' and clauses' lists.
    "instrument-versions": instruments,
    "clauses": instruments,
    "incidents": incidents,
    "events": events,
    "yearly-figures": yearly_figures,
    "financial-years": financial_years,
    "narratives": narratives,
    "reports": reports,
    "audits": audits,
    "findings": findings,
    "public-summaries": public_summaries,
    "deletions": deletions,
}


def test_every_list_endpoint_has_a_builder():
    prefixes = {prefix for prefix, _viewset, _basename in router.registry}
    assert not prefixes - set(BUILDERS), (
        f"lists without a query-count test: {prefixes - set(BUILDERS)}"
    )


def _list(client, prefix):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{prefix}/", {"page_size": 1000})
    assert response.status_code == 200, response.content[:300]
    return response.json()["count"], len(queries)


@pytest.mark.parametrize("prefix", sorted(BUILDERS))
def test_list_queries_do_not_grow_with_rows(prefix, world, api_as):
    client = api_as("secretariat")
    _list(client, prefix)  # warm up: the token's first use is noted once
    BUILDERS[prefix](world, 1)
    rows_1, queries_1 = _list(client, prefix)
    BUILDERS[prefix](world, 99)
    rows_100, queries_100 = _list(client, prefix)
    assert rows_100 - rows_1 == 99
    assert queries_100 == queries_1, (
        f"{prefix}: {queries_1} queries with 1 row, {queries_100} with 100"
    )
