"""The start page: the year shown, its panels and its charts, for my organisations and for the
collaboration.

Every count goes through the permission gate (what the user may see, nothing more) and is
aggregated in the database: the page issues the same number of queries however many audits and
findings there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext as _

from audits.choices import (
    FINDING_SETTLED_STATUSES,
    AuditKind,
    AuditStatus,
    FindingSeverity,
    FindingStatus,
)
from audits.models import Audit, Finding
from audits.selectors import (
    assigned_audits,
    audit_counts_by_kind,
    findings_as_of,
    my_audits_condition,
    open_findings_of_my_organisations,
    overdue_corrective_actions,
    prioritised_categories_without_recent_audits,
)
from core.charts import Chart, Series
from core.dates import year_end
from core.permissions import Action, get_scope
from organisations.models import Organisation
from suppliers.models import FrameworkAgreement

# How many years the chart of audits per year shows, ending with the year chosen.
YEARS_SHOWN = 5
# The ages of an open finding: (days since it was raised, under which it falls in the bucket).
AGE_BUCKETS = (91, 182, 365)


# ---- the year ----------------------------------------------------------------------------------


def years_with_data(user) -> list[int]:
    """The years of the audits the user may see (a cancelled plan is no data), newest first."""
    return list(
        Audit.objects.for_user(user, Action.VIEW)
        .exclude(status=AuditStatus.CANCELLED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


@dataclass(frozen=True)
class YearChoice:
    year: int
    years: list[int]
    error: str = ""


def choose_year(user, raw: str | None, *, today: datetime.date) -> YearChoice:
    """The year asked for (``?year=``) if the user has data in it; otherwise the latest year
    with data (this year when there is none), with a message saying why when one was asked."""
    with_data = years_with_data(user)
    default = with_data[0] if with_data else today.year
    # This year can always be chosen (to see what is planned and done so far).
    years = sorted({*with_data, today.year}, reverse=True)
    if raw is None or raw.strip() == "":
        return YearChoice(default, years)
    raw = raw.strip()
    if not raw.isdigit() or len(raw) != 4:
        error = _("“%(value)s” is not a year. Showing %(year)s.") % {
            "value": raw[:20],
            "year": default,
        }
        return YearChoice(default, years, error)
    if int(raw) not in years:
        error = _("There is no data for %(value)s. Showing %(year)s.") % {
            "value": raw,
            "year": default,
        }
        return YearChoice(default, years, error)
    return YearChoice(int(raw), years)


# ---- the charts' data --------------------------------------------------------------------------

SEVERITIES = (
    (FindingSeverity.CRITICAL, FindingSeverity.CRITICAL.label),
    (FindingSeverity.MAJOR, FindingSeverity.MAJOR.label),
    (FindingSeverity.MINOR, FindingSeverity.MINOR.label),
)


def audits_per_year_and_kind(audits, *, year: int, chart_id: str) -> Chart:
    """The audits of the years up to ``year`` (carried out or planned; a cancelled plan is not
    counted), stacked by kind."""
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    counts = {
        (row["year"], row["kind"]): row["n"]
        for row in audits.filter(year__gte=years[0], year__lte=year)
        .exclude(status=AuditStatus.CANCELLED)
        .values("year", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Chart(
        chart_id=chart_id,
        title=_("Audits per year and kind, %(first)s–%(last)s") % {"first": years[0], "last": year},
        description=_(
            "Stacked bars: one bar per year, a layer per kind of audit, the total above each bar."
        ),
        categories=tuple(str(y) for y in years),
        series=tuple(
            Series(str(label), tuple(counts.get((y, kind), 0) for y in years))
            for kind, label in AuditKind.choices
        ),
        x_label=_("Year"),
        y_label=_("Audits"),
        empty_text=_("No audits in these years."),
    )


def _age_bucket(day: datetime.date):
    whens = [
        When(raised_on__gt=day - datetime.timedelta(days=days), then=Value(index))
        for index, days in enumerate(AGE_BUCKETS)
    ]
    return Case(*whens, default=Value(len(AGE_BUCKETS)), output_field=IntegerField())


def open_findings_by_age_and_severity(findings, *, day: datetime.date, chart_id: str) -> Chart:
    """Findings neither verified closed nor escalated on ``day`` (from their dated status
    log), by how long they had been open then, stacked by severity."""
    counts = {
        (row["age"], row["severity"]): row["n"]
        for row in findings_as_of(findings, day)
        .exclude(status_as_of__in=FINDING_SETTLED_STATUSES)
        .annotate(age=_age_bucket(day))
        .values("age", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    }
    ages = (_("Under 3 months"), _("3–6 months"), _("6–12 months"), _("Over a year"))
    severities = (*SEVERITIES, ("", _("Severity not set")))
    return Chart(
        chart_id=chart_id,
        title=_("Open findings on %(day)s by age and severity") % {"day": day.isoformat()},
        description=_(
            "Stacked bars: one bar per age since the finding was raised, a layer per severity."
        ),
        categories=ages,
        series=tuple(
            Series(str(label), tuple(counts.get((i, sev), 0) for i in range(len(ages))))
            for sev, label in severities
        ),
        x_label=_("Open for"),
        y_label=_("Findings"),
        empty_text=_("No open findings on %(day)s.") % {"day": day.isoformat()},
    )


def findings_closed_per_quarter(findings, *, year: int, chart_id: str) -> Chart:
    """Findings verified closed in each quarter of ``year`` (by the day they were closed)."""
    counts = {
        row["quarter"]: row["n"]
        for row in findings.filter(status=FindingStatus.VERIFIED_CLOSED, closed_on__year=year)
        .annotate(quarter=ExtractQuarter("closed_on"))
        .values("quarter")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Chart(
        chart_id=chart_id,
        title=_("Findings verified closed per quarter, %(year)s") % {"year": year},
        description=_("Bars: one per quarter, the number above each bar."),
        categories=tuple(f"Q{q} {year}" for q in range(1, 5)),
        series=(Series(_("Verified closed"), tuple(counts.get(q, 0) for q in range(1, 5))),),
        x_label=_("Quarter"),
        y_label=_("Findings"),
        empty_text=_("No findings were verified closed in %(year)s.") % {"year": year},
    )


def unaudited_categories_chart(entries, *, year: int, chart_id: str) -> Chart:
    """Per prioritised category: its suppliers not audited in the three years up to ``year``
    and those audited."""
    return Chart(
        chart_id=chart_id,
        title=_("Prioritised categories in %(year)s with suppliers not audited in three years")
        % {"year": year},
        description=_(
            "Bars: one per category, its suppliers not audited in %(first)s–%(last)s and "
            "those audited, the number of suppliers at the end of each bar."
        )
        % {"first": year - 2, "last": year},
        categories=tuple(e.category.name for e in entries),
        series=(
            Series(_("Not audited"), tuple(len(e.suppliers) for e in entries)),
            Series(_("Audited"), tuple(e.linked - len(e.suppliers) for e in entries)),
        ),
        x_label=_("Category"),
        notes=tuple(", ".join(s.name for s in e.suppliers) for e in entries),
        empty_text=_("Every linked supplier of the prioritised categories has been audited."),
    )


@dataclass
class ChartSection:
    """The four charts of one scope: my organisations, or the collaboration."""

    key: str
    heading: str
    audits_per_year: Chart
    open_findings: Chart
    closed_per_quarter: Chart
    unaudited: Chart
    unaudited_entries: list

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The vertical bar charts, in the order shown (the categories' chart has rows)."""
        return (self.audits_per_year, self.open_findings, self.closed_per_quarter)


def chart_section(user, *, key, heading, year, day, audits, agreements=None) -> ChartSection:
    findings = Finding.objects.for_user(user, Action.VIEW).filter(audit__in=audits.values("pk"))
    entries = prioritised_categories_without_recent_audits(
        user,
        year=year,
        audits=audits if agreements is not None else None,
        agreements=agreements,
    )
    return ChartSection(
        key=key,
        heading=heading,
        audits_per_year=audits_per_year_and_kind(audits, year=year, chart_id=f"{key}-audits"),
        open_findings=open_findings_by_age_and_severity(findings, day=day, chart_id=f"{key}-open"),
        closed_per_quarter=findings_closed_per_quarter(
            findings, year=year, chart_id=f"{key}-closed"
        ),
        unaudited=unaudited_categories_chart(entries, year=year, chart_id=f"{key}-unaudited"),
        unaudited_entries=entries,
    )


def chart_sections(user, *, year: int, day: datetime.date) -> list[ChartSection]:
    """My organisations' charts (not for the secretariat, whose organisation is the
    collaboration's own) and the collaboration's."""
    scope = get_scope(user)
    visible = Audit.objects.for_user(user, Action.VIEW)
    sections = []
    if not scope.is_secretariat and scope.organisation_ids:
        names = ", ".join(
            Organisation.objects.filter(pk__in=scope.organisation_ids)
            .order_by("name")
            .values_list("name", flat=True)
        )
        sections.append(
            chart_section(
                user,
                key="mine",
                heading=_("My organisations: %(names)s") % {"names": names},
                year=year,
                day=day,
                audits=visible.filter(my_audits_condition(scope)),
                agreements=FrameworkAgreement.objects.for_user(user, Action.VIEW).led_by(
                    scope.organisation_ids,
                    lead="lead_organisation",
                    co_leads="co_lead_organisations",
                ),
            )
        )
    sections.append(
        chart_section(
            user,
            key="all",
            heading=_("The collaboration"),
            year=year,
            day=day,
            audits=visible,
        )
    )
    return sections


def home_page(user, *, today: datetime.date, year_param: str | None = None) -> dict:
    """Everything the start page shows, for the year chosen (the latest with data by
    default): figures of a past year as they stood at its end."""
    choice = choose_year(user, year_param, today=today)
    year = choice.year
    day = min(today, year_end(year))
    sections = chart_sections(user, year=year, day=day)
    return {
        "year": year,
        "years": choice.years,
        "year_error": choice.error,
        "as_of": day,
        "open_findings": open_findings_of_my_organisations(user),
        "overdue_findings": overdue_corrective_actions(user, today=today),
        "kind_counts": audit_counts_by_kind(user, year=year, today=day),
        "this_year": year,
        "last_year": year - 1,
        "chart_sections": sections,
        "unaudited_categories": sections[-1].unaudited_entries,
        "assigned_audits": assigned_audits(user),
    }
