"""API permission matrix rows of the reporting app: read-only resources of shared data.

Everyone who reads the collaboration's shared data sees them (report jobs too: the gate of
ReportJob is the default one); the auditor gets empty lists and 404 on details.
"""

import datetime
from decimal import Decimal

from core.testing.api_matrix import ApiRow, api_expect
from reporting.models import FinancialYear, ReportJob, YearlyFigure

SEE_LIST = api_expect(200)
SEE_DETAIL = api_expect(200, auditor=404)


def _event(w):
    return {"pk": w.event.pk}


def _yearly_figure(w):
    figure = YearlyFigure.objects.create(
        year=2024, key="newsletters", value=Decimal(10), source="Verksamhetsrapport 2024"
    )
    return {"pk": figure.pk}


def _financial_year(w):
    year = FinancialYear.objects.create(
        year=2024, opening_balance=Decimal("100.0"), closing_balance=Decimal("50.0")
    )
    year.contributions.create(organisation=w.region_a, amount=Decimal("200.0"))
    year.cost_lines.create(kind="staff", label="Personal", amount=Decimal("250.0"))
    return {"pk": year.pk}


def _report_job(w):
    job = ReportJob.objects.create(
        year=2024,
        requested_by=w.users["secretariat"],
        started_at=datetime.datetime(2025, 1, 10, 9, 0, tzinfo=datetime.UTC),
    )
    return {"pk": job.pk}


ROWS = [
    ApiRow("api:event-list", expect=SEE_LIST),
    ApiRow("api:event-detail", kwargs=_event, expect=SEE_DETAIL),
    ApiRow("api:yearlyfigure-list", expect=SEE_LIST),
    ApiRow("api:yearlyfigure-detail", kwargs=_yearly_figure, expect=SEE_DETAIL),
    ApiRow("api:financialyear-list", expect=SEE_LIST),
    ApiRow("api:financialyear-detail", kwargs=_financial_year, expect=SEE_DETAIL),
    ApiRow("api:reportjob-list", expect=SEE_LIST),
    ApiRow("api:reportjob-detail", kwargs=_report_job, expect=SEE_DETAIL),
    # Not built yet: nobody gets a PDF.
    ApiRow("api:reportjob-pdf", kwargs=_report_job, expect=api_expect(404)),
    # The secretariat orders a year's report (202 and the job); nobody else may.
    ApiRow(
        "api:reportjob-list",
        "post",
        data=lambda w: {"year": 2024},
        expect=api_expect(403, secretariat=202),
    ),
]
