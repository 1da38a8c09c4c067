from tests.matrix import MatrixRow, expect


def _job(w):
    """A queued report job (World has none; made when the row runs)."""
    from reporting.models import ReportJob

    return {"pk": ReportJob.objects.create(year=2024, requested_by=w.users["secretariat"]).pk}


def _narrative(w):
    from reporting.models import Narrative

    narrative = Narrative.objects.get_or_create(
        year=2024, section="audits", defaults={"body": "Text."}
    )[0]
    return {"pk": narrative.pk}


def _figure(w):
    from reporting.models import YearlyFigure

    figure = YearlyFigure.objects.get_or_create(
        year=2025, key="newsletters", defaults={"value": 12, "source": "Nyhetsbrevsverktyget"}
    )[0]
    return {"pk": figure.pk}


def _accounts(w):
    """A year's accounts with one contribution and one cost line (World has none; made once per
    world, since several rows of one world ask: the accessibility sweep)."""
    from reporting.models import FinancialYear

    if getattr(w, "matrix_accounts", None):
        return w.matrix_accounts[0]
    year = FinancialYear.objects.create(year=2025, opening_balance=100, closing_balance=50)
    contribution = year.contributions.create(organisation=w.region_a, amount=200)
    line = year.cost_lines.create(kind="staff", label="Personal", amount=250, order=1)
    w.matrix_accounts = (year, contribution, line)
    return year


def _year(w):
    return {"pk": _accounts(w).pk}


def _year_of_rows(w):
    return {"year_pk": _accounts(w).pk}


def _contribution(w):
    _accounts(w)
    return {"pk": w.matrix_accounts[1].pk}


def _cost_line(w):
    _accounts(w)
    return {"pk": w.matrix_accounts[2].pk}


def _event_form(w):
    return {
        "title": "Upphandlarträff",
        "kind": "meeting",
        "year": "2025",
        "date": "2025-03-04",
        "occurrences": "1",
        "organisers": [w.region_a.pk],
    }


def _figure_form(w):
    return {"year": "2025", "key": "media_articles", "value": "9", "source": "Mediebevakning"}


# The year's registers are the secretariat's: others may not open their forms (403 to add, 404
# to change or delete what the gate does not let them change).
ADD = expect(403, secretariat=200)
ADD_POST = expect(403, secretariat=302)
CHANGE = expect(404, secretariat=200)
CHANGE_POST = expect(404, secretariat=302)


# Only the secretariat checks and orders the report; everyone reading shared data follows it.
SECRETARIAT_ONLY = expect(403, secretariat=200)

ROWS = [
    # "Året": everyone who reads shared data; not the auditor.
    MatrixRow("reporting:year_overview", expect(200, auditor=403), data=lambda w: {"year": 2025}),
    MatrixRow("reporting:event_list", expect(200)),
    MatrixRow("reporting:event_add", ADD),
    MatrixRow("reporting:event_add", ADD_POST, method="post", data=_event_form),
    MatrixRow("reporting:event_edit", CHANGE, kwargs=lambda w: {"pk": w.event.pk}),
    MatrixRow(
        "reporting:event_edit",
        CHANGE_POST,
        kwargs=lambda w: {"pk": w.event.pk},
        method="post",
        data=_event_form,
    ),
    MatrixRow("reporting:event_delete", CHANGE, kwargs=lambda w: {"pk": w.event.pk}),
    MatrixRow(
        "reporting:event_delete", CHANGE_POST, kwargs=lambda w: {"pk": w.event.pk}, method="post"
    ),
    MatrixRow("reporting:yearlyfigure_list", expect(200)),
    MatrixRow("reporting:yearlyfigure_export", expect(200)),
    MatrixRow("reporting:yearlyfigure_add", ADD),
    MatrixRow("reporting:yearlyfigure_add", ADD_POST, method="post", data=_figure_form),
    MatrixRow("reporting:yearlyfigure_edit", CHANGE, kwargs=_figure),
    MatrixRow(
        "reporting:yearlyfigure_edit", CHANGE_POST, kwargs=_figure, method="post", data=_figure_form
    ),
    MatrixRow("reporting:yearlyfigure_delete", CHANGE, kwargs=_figure),
    MatrixRow("reporting:yearlyfigure_delete", CHANGE_POST, kwargs=_figure, method="post"),
    MatrixRow("reporting:financialyear_list", expect(200)),
    MatrixRow("reporting:financialyear_detail", expect(200, auditor=404), kwargs=_year),
    MatrixRow("reporting:financialyear_add", ADD),
    MatrixRow(
        "reporting:financialyear_add",
        ADD_POST,
        method="post",
        data=lambda w: {"year": "2026", "opening_balance": "50", "closing_balance": "20"},
    ),
    MatrixRow("reporting:financialyear_edit", CHANGE, kwargs=_year),
    MatrixRow(
        "reporting:financialyear_edit",
        CHANGE_POST,
        kwargs=_year,
        method="post",
        data=lambda w: {"opening_balance": "100", "closing_balance": "60", "note": ""},
    ),
    MatrixRow("reporting:financialyear_delete", CHANGE, kwargs=_year),
    MatrixRow("reporting:financialyear_delete", CHANGE_POST, kwargs=_year, method="post"),
    MatrixRow("reporting:contribution_add", ADD, kwargs=_year_of_rows),
    MatrixRow(
        "reporting:contribution_add",
        ADD_POST,
        kwargs=_year_of_rows,
        method="post",
        data=lambda w: {"organisation": w.region_b.pk, "amount": "1 200,5"},
    ),
    MatrixRow("reporting:contribution_edit", CHANGE, kwargs=_contribution),
    MatrixRow(
        "reporting:contribution_edit",
        CHANGE_POST,
        kwargs=_contribution,
        method="post",
        data=lambda w: {"organisation": w.region_a.pk, "amount": "210"},
    ),
    MatrixRow("reporting:contribution_delete", CHANGE, kwargs=_contribution),
    MatrixRow("reporting:contribution_delete", CHANGE_POST, kwargs=_contribution, method="post"),
    MatrixRow("reporting:costline_add", ADD, kwargs=_year_of_rows),
    MatrixRow(
        "reporting:costline_add",
        ADD_POST,
        kwargs=_year_of_rows,
        method="post",
        data=lambda w: {"kind": "travel", "label": "Resor", "amount": "20", "order": "2"},
    ),
    MatrixRow("reporting:costline_edit", CHANGE, kwargs=_cost_line),
    MatrixRow(
        "reporting:costline_edit",
        CHANGE_POST,
        kwargs=_cost_line,
        method="post",
        data=lambda w: {"kind": "staff", "label": "Personal", "amount": "240", "order": "1"},
    ),
    MatrixRow("reporting:costline_delete", CHANGE, kwargs=_cost_line),
    MatrixRow("reporting:costline_delete", CHANGE_POST, kwargs=_cost_line, method="post"),
    MatrixRow(
        "reporting:event_detail", expect(200, auditor=404), kwargs=lambda w: {"pk": w.event.pk}
    ),
    MatrixRow("reporting:event_export", expect(200)),
    MatrixRow("reporting:event_import", expect(403, secretariat=200)),
    MatrixRow("reporting:narrative_list", expect(200)),
    MatrixRow("reporting:narrative_add", ADD),
    MatrixRow(
        "reporting:narrative_add",
        ADD_POST,
        method="post",
        data=lambda w: {"year": "2025", "section": "audits", "heading": "", "body": "Ny text."},
    ),
    MatrixRow("reporting:narrative_edit", CHANGE, kwargs=_narrative),
    MatrixRow(
        "reporting:narrative_edit",
        CHANGE_POST,
        kwargs=_narrative,
        method="post",
        data=lambda w: {"section": "audits", "order": "1", "heading": "", "body": "Ny text."},
    ),
    MatrixRow("reporting:narrative_delete", CHANGE, kwargs=_narrative),
    MatrixRow("reporting:narrative_delete", CHANGE_POST, kwargs=_narrative, method="post"),
    MatrixRow("reporting:narrative_start_year", SECRETARIAT_ONLY, data=lambda w: {"year": 2025}),
    MatrixRow(
        "reporting:narrative_start_year",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"year": "2025"},
    ),
    MatrixRow("reporting:reportjob_list", expect(200)),
    MatrixRow("reporting:reportjob_check", SECRETARIAT_ONLY, data=lambda w: {"year": 2024}),
    MatrixRow(
        "reporting:reportjob_add",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"year": 2024},
    ),
    MatrixRow("reporting:reportjob_detail", expect(200, auditor=404), kwargs=_job),
    MatrixRow("reporting:reportjob_progress", expect(200, auditor=404), kwargs=_job),
    # A queued job has no PDF yet: 404 for everybody.
    MatrixRow("reporting:reportjob_pdf", expect(404), kwargs=_job),
]
