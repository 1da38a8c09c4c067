"""API permission matrix rows of the reporting app.

Everyone who reads the collaboration's shared data sees the year's registers and the report jobs
(the gate of ReportJob is the default one); the auditor gets empty lists and 404 on details.
Only the secretariat writes the registers: others get 403 for POST, and for PATCH and DELETE 403
where they see the row (the auditor 404: it does not).
"""

import datetime
from decimal import Decimal

from reporting.models import FinancialYear, Narrative, ReportJob, YearlyFigure
from tests.matrix import ApiRow, api_expect

SEE_LIST = api_expect(200)
SEE_DETAIL = api_expect(200, auditor=404)
CREATE = api_expect(403, secretariat=201)
CHANGE = api_expect(403, secretariat=200, auditor=404)
DELETE = api_expect(403, secretariat=204, auditor=404)


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


def _narrative(w):
    narrative = Narrative.objects.create(year=2024, section="audits", order=1, body="Text.")
    return {"pk": narrative.pk}


def _event_body(w):
    return {
        "title": "Leverantörsdialog",
        "kind": "market_dialogue",
        "date": "2025-05-20",
        "organisers": [w.region_a.pk],
        "participants": 40,
    }


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
    ApiRow("api:event-list", "post", data=_event_body, expect=CREATE),
    ApiRow(
        "api:event-detail",
        "patch",
        kwargs=_event,
        data=lambda w: {"participants": 160, "participants_is_lower_bound": True},
        expect=CHANGE,
    ),
    ApiRow("api:event-detail", "delete", kwargs=_event, expect=DELETE),
    ApiRow("api:yearlyfigure-list", expect=SEE_LIST),
    ApiRow("api:yearlyfigure-detail", kwargs=_yearly_figure, expect=SEE_DETAIL),
    ApiRow(
        "api:yearlyfigure-list",
        "post",
        data=lambda w: {
            "year": 2025,
            "key": "linkedin_followers",
            "value": "2100",
            "source": "LinkedIn, 31 december",
        },
        expect=CREATE,
    ),
    ApiRow(
        "api:yearlyfigure-detail",
        "patch",
        kwargs=_yearly_figure,
        data=lambda w: {"value": 11},
        expect=CHANGE,
    ),
    ApiRow("api:yearlyfigure-detail", "delete", kwargs=_yearly_figure, expect=DELETE),
    ApiRow("api:financialyear-list", expect=SEE_LIST),
    ApiRow("api:financialyear-detail", kwargs=_financial_year, expect=SEE_DETAIL),
    ApiRow(
        "api:financialyear-list",
        "post",
        data=lambda w: {
            "year": 2025,
            "opening_balance": "50.0",
            "closing_balance": "20.0",
            "contributions": [{"organisation": w.region_a.pk, "amount": "300"}],
            "cost_lines": [{"kind": "staff", "label": "Personal", "amount": "330"}],
        },
        expect=CREATE,
    ),
    ApiRow(
        "api:financialyear-detail",
        "patch",
        kwargs=_financial_year,
        data=lambda w: {"contributions": [{"organisation": w.region_b.pk, "amount": "200"}]},
        expect=CHANGE,
    ),
    ApiRow("api:financialyear-detail", "delete", kwargs=_financial_year, expect=DELETE),
    ApiRow("api:narrative-list", expect=SEE_LIST),
    ApiRow("api:narrative-detail", kwargs=_narrative, expect=SEE_DETAIL),
    ApiRow(
        "api:narrative-list",
        "post",
        data=lambda w: {"year": 2025, "section": "competence", "body": "Vi utbildade."},
        expect=CREATE,
    ),
    ApiRow(
        "api:narrative-detail",
        "patch",
        kwargs=_narrative,
        data=lambda w: {"body": "Ny text."},
        expect=CHANGE,
    ),
    ApiRow("api:narrative-detail", "delete", kwargs=_narrative, expect=DELETE),
    ApiRow(
        "api:narrative-start-year",
        "post",
        data=lambda w: {"year": 2025},
        expect=api_expect(403, secretariat=201),
    ),
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
