"""The sections of the yearly report's data, one function each (reporting/report_data.py)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import dateformat
from django.utils.translation import gettext

from audits.choices import (
    FINDING_SETTLED_STATUSES,
    AuditKind,
    FindingKind,
    FindingSeverity,
    FindingStatus,
)
from audits.models import Audit
from audits.selectors import carried_out_by, year_findings_as_at_end
from core.dates import year_end
from incidents.choices import DatePrecision, IncidentStatus, TimelineKind
from incidents.models import Incident, IncidentEvent
from organisations.selectors import partnerships_of_year
from reporting.choices import EventKind, FigureKey
from reporting.models import FinancialYear
from reporting.report_helpers import (
    COLLABORATION_KINDS,
    COMMUNICATION_SERIES,
    COMPETENCE_KINDS,
    _event_totals,
    _figure_value,
    _names,
    _num,
    _org_name,
    _participants_total,
    _series,
    swedish_sort_key,
)
from requirements_catalog.choices import HARMONISED_KINDS
from requirements_catalog.models import Instrument
from riskanalysis.choices import RiskAnalysisKind
from riskanalysis.models import CategoryPriority, RiskAnalysis, Study
from riskanalysis.selectors import category_paths


def _risks(year: int) -> dict:
    paths = category_paths()
    priorities = (
        CategoryPriority.objects.filter(start_year__lte=year, end_year__gte=year)
        .select_related("category")
        .order_by("category__name")
    )
    prioritised = sorted(
        (
            {
                "category": paths.get(priority.category_id, priority.category.name),
                "start_year": priority.start_year,
                "end_year": priority.end_year,
                "human_rights_risk": priority.human_rights_risk,
                "labour_rights_risk": priority.labour_rights_risk,
                "environment_risk": priority.environment_risk,
                "business_ethics_risk": priority.business_ethics_risk,
            }
            for priority in priorities
        ),
        key=lambda row: swedish_sort_key(row["category"]),
    )
    analyses = (
        RiskAnalysis.objects.filter(year=year)
        .prefetch_related("responsible_organisations")
        .order_by("pk")
    )
    analysis_rows = [
        {
            "title": analysis.title,
            "kind": analysis.kind,
            "kind_label": analysis.get_kind_display(),
            "category": paths.get(analysis.category_id, ""),
            "products_areas": analysis.products_areas,
            "responsible": _names(analysis.responsible_organisations.all()),
            "summary": analysis.summary,
        }
        for analysis in analyses
    ]
    studies = (
        Study.objects.filter(year=year)
        .prefetch_related("responsible_organisations", "counterparts")
        .order_by("title")
    )
    study_rows = [
        {
            "title": study.title,
            "responsible": _names(study.responsible_organisations.all()),
            "counterparts": _names(study.counterparts.all()),
            "summary": study.summary,
            "outcome": study.outcome,
        }
        for study in studies
    ]
    return {
        "has_data": bool(prioritised or analysis_rows or study_rows),
        "prioritised_categories": prioritised,
        "count": len(analysis_rows),
        "in_depth_count": sum(1 for r in analysis_rows if r["kind"] == RiskAnalysisKind.IN_DEPTH),
        "analyses": analysis_rows,
        "studies": study_rows,
        "study_count": len(study_rows),
    }


def _harmonised_requirements(year: int) -> dict:
    """Harmonised requirements and guidance with a version of the year published by its end
    (the report's table): a draft does not count, nor a version published only the next year."""
    paths = category_paths()
    instruments = (
        Instrument.objects.with_version_published_for(year)
        .filter(kind__in=HARMONISED_KINDS)
        .prefetch_related("responsible_organisations")
        .order_by("pk")
    )
    rows = []
    for instrument in instruments:
        if instrument.category_id:
            category = paths.get(instrument.category_id, "")
        elif instrument.applies_to_all_prioritised:
            category = gettext("All prioritised categories")
        else:
            category = ""
        rows.append(
            {
                "title": instrument.title,
                "kind": instrument.kind,
                "kind_label": instrument.get_kind_display(),
                "category": category,
                "products_areas": instrument.products_areas,
                "responsible": _names(instrument.responsible_organisations.all()),
            }
        )
    return {"has_data": bool(rows), "count": len(rows), "rows": rows}


def _audits(year: int, figures) -> dict:
    """The year's carried-out audits as they stood at its end (one started after 31 December, or
    recorded as carried out later with a start after it, does not count), against last
    year's."""
    rows = list(
        carried_out_by(Audit.objects.filter(year=year), year_end(year))
        .order_by()
        .values_list("kind", "supplier__name", "observer_required")
    )
    counts = Counter(kind for kind, _name, _observer in rows)
    per_supplier = Counter((kind, name) for kind, name, _observer in rows)
    groups = []
    for kind, label in AuditKind.choices:
        names = sorted({name for k, name, _o in rows if k == kind}, key=swedish_sort_key)
        groups.append(
            {
                "kind": kind,
                "label": str(label),
                "count": counts[kind],
                "suppliers": names,
                # Audits of the kind per supplier, in the order of ``suppliers``: a supplier may
                # have had several in a year.
                "audits_per_supplier": [per_supplier[kind, name] for name in names],
            }
        )
    total = len(rows)

    previous_figure = _figure_value(figures, FigureKey.AUDITS_TOTAL, year - 1)
    previous_records = carried_out_by(
        Audit.objects.filter(year=year - 1), year_end(year - 1)
    ).count()
    if previous_figure is not None:
        previous = {"year": year - 1, "total": previous_figure, "source": "yearly_figure"}
    elif previous_records:
        previous = {"year": year - 1, "total": previous_records, "source": "records"}
    else:
        previous = {"year": year - 1, "total": None, "source": None}
    previous["records"] = previous_records
    change = None
    if previous["total"] is not None and total:
        difference = total - previous["total"]
        change = {
            "from": previous["total"],
            "to": total,
            "difference": difference,
            "percent": round(100 * difference / previous["total"], 1)
            if previous["total"]
            else None,
        }
    return {
        "has_data": bool(total),
        "total": total,
        "counts": {group["kind"]: group["count"] for group in groups},
        "groups": groups,
        "observer_required": sum(1 for _k, _n, observer in rows if observer),
        "total_figure": _figure_value(figures, FigureKey.AUDITS_TOTAL, year),
        "previous_year": previous,
        "change": change,
        "findings": _findings(year),
    }


def _findings(year: int) -> dict:
    """What the findings of the year's carried-out audits show, as they stood on 31 December:
    those raised by then, counted by kind, severity and their status on that day (a finding
    closed the next year still counts as open at the year's end)."""
    rows = year_findings_as_at_end(year).order_by().values_list("kind", "severity", "status_as_of")
    by_kind, by_severity, by_status = Counter(), Counter(), Counter()
    total = open_non_compliances = 0
    for kind, severity, status in rows:
        total += 1
        by_kind[kind] += 1
        by_status[status] += 1
        if severity:
            by_severity[severity] += 1
        if kind == FindingKind.NON_COMPLIANCE and status not in FINDING_SETTLED_STATUSES:
            open_non_compliances += 1

    def counted(choices, counter):
        return [
            {"value": value, "label": str(label), "count": counter[value]}
            for value, label in choices
        ]

    return {
        "has_data": bool(total),
        "total": total,
        "by_kind": counted(FindingKind.choices, by_kind),
        "by_severity": counted(FindingSeverity.choices, by_severity),
        "by_status": counted(FindingStatus.choices, by_status),
        "non_compliances_open": open_non_compliances,
    }


def _date_display(day, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return dateformat.format(day, "F Y")
    # As a Swedish text writes a day: "1 september 2025".
    return dateformat.format(day, "j F Y")


def _statuses_before_closing(incidents, day) -> dict[int, str]:
    """For the cases that closed after ``day``: the status each had before it closed, from the
    history (one query); a case without such a history row was open."""
    later = [i.pk for i in incidents if i.status == IncidentStatus.CLOSED and _closed_after(i, day)]
    if not later:
        return {}
    before = dict.fromkeys(later, IncidentStatus.OPEN)
    rows = (
        Incident.history.filter(id__in=later)
        .exclude(status=IncidentStatus.CLOSED)
        .order_by("history_date", "history_id")
        .values_list("id", "status")
    )
    before.update(rows)  # the latest row of each case wins
    return before


def _closed_after(incident, day) -> bool:
    return incident.closed_on is not None and incident.closed_on > day


def _incident_status_at(incident, day, before_closing) -> tuple[str, str]:
    """The case's status on ``day``: a case closed later had its status before the closing."""
    if incident.status == IncidentStatus.CLOSED and _closed_after(incident, day):
        status = IncidentStatus(before_closing[incident.pk])
        return status, str(status.label)
    return incident.status, incident.get_status_display()


def _incidents(year: int) -> dict:
    """The cases handled in the year, as they stood at its end: their status that day, their
    timeline up to it (and the plans it announced for the next year); what happened later is the
    next year's news. An outcome is printed once the case closed by the year's end."""
    end = year_end(year)
    handled = Incident.objects.filter(
        Q(year_opened=year)
        | Q(
            pk__in=IncidentEvent.objects.filter(occurred_on__year=year)
            .exclude(kind=TimelineKind.PLANNED)
            .values("incident")
        )
    )
    confidential_count = handled.filter(confidential=True).count()
    listed = (
        handled.filter(confidential=False)
        .select_related("lead_organisation", "category")
        .prefetch_related(
            "risks",
            "suppliers",
            "involved_organisations",
            "partners",
            # Notes may be internal: they are never printed.
            Prefetch(
                "timeline",
                queryset=IncidentEvent.objects.exclude(kind=TimelineKind.NOTE)
                .filter(
                    Q(occurred_on__lte=end)
                    | Q(kind=TimelineKind.PLANNED, occurred_on__year=year + 1)
                )
                .order_by("occurred_on", "pk"),
            ),
            "lab_tests",
        )
        .order_by("year_opened", "title")
    )
    listed = list(listed)
    before_closing = _statuses_before_closing(listed, end)
    rows = []
    for incident in listed:
        timeline = [
            {
                "date": entry.occurred_on.isoformat(),
                "precision": entry.precision,
                "date_display": _date_display(entry.occurred_on, entry.precision),
                "kind": entry.kind,
                "kind_label": entry.get_kind_display(),
                "description": entry.description,
            }
            for entry in incident.timeline.all()
        ]
        status, status_label = _incident_status_at(incident, end, before_closing)
        rows.append(
            {
                "title": incident.title,
                "year_opened": incident.year_opened,
                "status": status,
                "status_label": status_label,
                "source_label": incident.get_source_display() if incident.source else "",
                "source_detail": incident.source_detail,
                "category": incident.category.name if incident.category else "",
                "risk_areas": [risk.get_area_display() for risk in incident.risks.all()],
                "countries": list(incident.countries or []),
                "lead": _org_name(incident.lead_organisation) if incident.lead_organisation else "",
                "involved": _names(incident.involved_organisations.all()),
                "partners": _names(incident.partners.all()),
                "suppliers": sorted(
                    (s.name for s in incident.suppliers.all()), key=swedish_sort_key
                ),
                "description": incident.description,
                "outcome": incident.outcome if status == IncidentStatus.CLOSED else "",
                "timeline": timeline,
                "timeline_summary": " ".join(
                    f"{entry['date_display']}: {entry['description']}" for entry in timeline
                ),
                "lab_tests": [
                    {
                        "method": test.method,
                        "sample": test.sample,
                        "status_label": test.get_status_display(),
                        "result": test.result,
                    }
                    for test in incident.lab_tests.all()
                ],
            }
        )
    count = len(rows) + confidential_count
    return {
        "has_data": bool(count),
        "count": count,
        "listed_count": len(rows),
        "confidential_count": confidential_count,
        "rows": rows,
    }


def _organisation(year: int, figures) -> dict:
    staff = _series(figures, FigureKey.SECRETARIAT_STAFF)
    this_year = _figure_value(figures, FigureKey.SECRETARIAT_STAFF, year)
    return {
        "has_data": this_year is not None,
        "staff": this_year,
        "staff_previous_year": _figure_value(figures, FigureKey.SECRETARIAT_STAFF, year - 1),
        "staff_series": staff,
        "communication_fte_percent": _figure_value(
            figures, FigureKey.COMMUNICATION_FTE_PERCENT, year
        ),
    }


def _competence(events: list[dict]) -> dict:
    listed = [event for event in events if event["kind"] in COMPETENCE_KINDS]
    participants, lower = _participants_total(listed)
    return {
        "has_data": bool(listed),
        "events": listed,
        "by_kind": [_event_totals(kind, events) for kind in COMPETENCE_KINDS],
        "participants_total": participants,
        "participants_is_lower_bound": lower,
    }


def _communication(year: int, figures, events: list[dict]) -> dict:
    series = {key: _series(figures, key) for key in COMMUNICATION_SERIES}
    this_year = {key: _figure_value(figures, key, year) for key in COMMUNICATION_SERIES}
    previous_year = {key: _figure_value(figures, key, year - 1) for key in COMMUNICATION_SERIES}
    appearances = [e for e in events if e["kind"] == EventKind.EXTERNAL_APPEARANCE]
    return {
        "has_data": any(value is not None for value in this_year.values()) or bool(appearances),
        "this_year": this_year,
        "previous_year": previous_year,
        "series": series,
        "communication_fte_percent": _figure_value(
            figures, FigureKey.COMMUNICATION_FTE_PERCENT, year
        ),
        "appearances": [
            {"title": e["title"], "description": e["description"]} for e in appearances
        ],
    }


def _collaboration(year: int, figures, events: list[dict]) -> dict:
    # Each partnership active in the year, with that year's text only: a year without one has
    # an empty description, never another year's.
    partnership_rows = [
        {
            "partner": partnership.partner.name,
            "kind": partnership.kind,
            "kind_label": partnership.get_kind_display(),
            "since_year": partnership.since_year,
            "until_year": partnership.until_year,
            "description": description,
        }
        for partnership, description in partnerships_of_year(year=year)
    ]
    joint_events = [
        event
        for event in events
        if event["kind"] in COLLABORATION_KINDS or event["partner_organisers"]
    ]
    electronics_watch = {
        "factories_reviewed": _figure_value(figures, FigureKey.EW_FACTORIES_REVIEWED, year),
        "mines_reviewed": _figure_value(figures, FigureKey.EW_MINES_REVIEWED, year),
    }
    return {
        # Partnerships are standing relations: on their own they are not news of the year.
        "has_data": bool(joint_events)
        or any(value is not None for value in electronics_watch.values()),
        "partnerships": partnership_rows,
        "events": joint_events,
        "electronics_watch": electronics_watch,
    }


def _accounts(year: int) -> dict:
    financial_year = (
        FinancialYear.objects.filter(year=year)
        .prefetch_related("contributions__organisation", "cost_lines")
        .first()
    )
    if financial_year is None:
        return {
            "has_data": False,
            "unit": "tkr",
            "opening_balance": None,
            "closing_balance": None,
            "contributions": [],
            "contributions_total": None,
            "income_total": None,
            "cost_lines": [],
            "costs_total": None,
            "balances": None,
            "difference": None,
            "note": "",
        }
    contributions = sorted(
        financial_year.contributions.all(),
        key=lambda row: swedish_sort_key(_org_name(row.organisation)),
    )
    cost_lines = sorted(financial_year.cost_lines.all(), key=lambda row: (row.order, row.pk))
    contributions_total = sum((row.amount for row in contributions), Decimal(0))
    costs_total = sum((row.amount for row in cost_lines), Decimal(0))
    income_total = (
        financial_year.opening_balance + contributions_total - financial_year.closing_balance
    )
    return {
        "has_data": True,
        "unit": "tkr",
        "opening_balance": _num(financial_year.opening_balance),
        "closing_balance": _num(financial_year.closing_balance),
        "contributions": [
            {
                "organisation": row.organisation.name,
                "short_name": _org_name(row.organisation),
                "code": row.organisation.code,
                "amount": _num(row.amount),
            }
            for row in contributions
        ],
        "contributions_total": _num(contributions_total),
        "income_total": _num(income_total),
        "cost_lines": [
            {
                "kind": row.kind,
                "label": row.label,
                "amount": _num(row.amount),
                "note": row.note,
            }
            for row in cost_lines
        ],
        "costs_total": _num(costs_total),
        "balances": income_total == costs_total,
        "difference": _num(income_total - costs_total),
        "note": financial_year.note,
    }
