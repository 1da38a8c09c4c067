"""Reads for the yearly report and the year's registers that need query shaping."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Max, Prefetch, Sum, Value, When
from django.utils import formats
from django.utils.translation import gettext as _

from core.admin import sum_of
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.choices import FigureKey, ReportSection
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)
from reporting.report_helpers import swedish_sort_key


@dataclass(frozen=True)
class AccountsSummary:
    """A year's accounts in tkr. Income = opening balance + contributions − closing balance."""

    year: int
    opening_balance: Decimal
    contributions: Decimal
    closing_balance: Decimal
    costs: Decimal

    @property
    def income(self) -> Decimal:
        return self.opening_balance + self.contributions - self.closing_balance

    @property
    def balances(self) -> bool:
        return self.income == self.costs

    @property
    def closing_balance_deducted(self) -> Decimal:
        """The closing balance as the accounts print it among the income: deducted."""
        return -self.closing_balance

    @property
    def difference(self) -> Decimal:
        """What the income leaves unexplained by the costs: 0 when the year balances."""
        return self.income - self.costs


def accounts_summary(*, year: int) -> AccountsSummary | None:
    """The summed accounts of a year, or None when the year has no accounts."""
    financial_year = FinancialYear.objects.filter(year=year).first()
    if financial_year is None:
        return None
    contributions = financial_year.contributions.aggregate(total=Sum("amount"))["total"]
    costs = financial_year.cost_lines.aggregate(total=Sum("amount"))["total"]
    return AccountsSummary(
        year=year,
        opening_balance=financial_year.opening_balance,
        contributions=contributions or Decimal(0),
        closing_balance=financial_year.closing_balance,
        costs=costs or Decimal(0),
    )


def financial_year_summary(financial_year: FinancialYear) -> AccountsSummary:
    """The summed accounts of a year already at hand, without a query when its contributions and
    cost lines are prefetched (the API's list of financial years)."""
    return AccountsSummary(
        year=financial_year.year,
        opening_balance=financial_year.opening_balance,
        contributions=sum((row.amount for row in financial_year.contributions.all()), Decimal(0)),
        closing_balance=financial_year.closing_balance,
        costs=sum((row.amount for row in financial_year.cost_lines.all()), Decimal(0)),
    )


def format_tkr(value: Decimal | None) -> str:
    """1938 → "1 938", 4120.5 → "4 120,5" in Swedish ("4,120.5" in English); None → ""."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def previous_closing_balance(*, year: int) -> Decimal | None:
    """The closing balance (UB) of the year before ``year``, if its accounts are there: the
    opening balance (IB) a new year starts from."""
    return (
        FinancialYear.objects.filter(year=year - 1)
        .values_list("closing_balance", flat=True)
        .first()
    )


def opening_balance_remark(*, financial_year: FinancialYear) -> str | None:
    """A remark when the year's opening balance is not last year's closing balance."""
    previous = previous_closing_balance(year=financial_year.year)
    if previous is None or previous == financial_year.opening_balance:
        return None
    return _(
        "The opening balance (%(opening)s tkr) is not the closing balance of %(year)d "
        "(%(closing)s tkr)."
    ) % {
        "opening": format_tkr(financial_year.opening_balance),
        "year": financial_year.year - 1,
        "closing": format_tkr(previous),
    }


def financial_year_list_queryset():
    """The years' accounts with their totals, in one query however many years."""
    return FinancialYear.objects.annotate(
        contributions_total=sum_of(Contribution, "financial_year"),
        costs_total=sum_of(CostLine, "financial_year"),
    )


@dataclass
class AccountsPage:
    """A year's accounts the way the report prints them: contributions in the report's order
    (by the region's name, Swedish order), cost lines by their order, and the totals."""

    financial_year: FinancialYear
    contributions: list[Contribution]
    cost_lines: list[CostLine]
    summary: AccountsSummary
    opening_balance_remark: str | None
    regions_without_contribution: list[Organisation] = field(default_factory=list)


def financial_year_accounts(*, financial_year: FinancialYear, user) -> AccountsPage:
    contributions = sorted(
        Contribution.objects.for_user(user)
        .filter(financial_year=financial_year)
        .select_related("organisation"),
        key=lambda row: swedish_sort_key(row.organisation.short_name or row.organisation.name),
    )
    cost_lines = list(
        CostLine.objects.for_user(user)
        .filter(financial_year=financial_year)
        .order_by("order", "pk")
    )
    summary = AccountsSummary(
        year=financial_year.year,
        opening_balance=financial_year.opening_balance,
        contributions=sum((row.amount for row in contributions), Decimal(0)),
        closing_balance=financial_year.closing_balance,
        costs=sum((row.amount for row in cost_lines), Decimal(0)),
    )
    contributing = {row.organisation_id for row in contributions}
    regions = (
        Organisation.objects.for_user(user)
        .filter(kind=OrganisationKind.REGION)
        .exclude(pk__in=contributing)
    )
    return AccountsPage(
        financial_year=financial_year,
        contributions=contributions,
        cost_lines=cost_lines,
        summary=summary,
        opening_balance_remark=opening_balance_remark(financial_year=financial_year),
        regions_without_contribution=sorted(
            regions, key=lambda org: swedish_sort_key(org.short_name or org.name)
        ),
    )


@dataclass
class YearOverview:
    """What a year's registers hold, for the page "Året"."""

    year: int
    events: int
    sessions: int
    participants: int
    participants_is_lower_bound: bool
    figures: list[tuple[str, str, YearlyFigure | None]]
    financial_year: FinancialYear | None
    accounts: AccountsSummary | None
    texts: int
    empty_texts: int
    sections_without_text: list[str]
    report_jobs: list[ReportJob]


def year_overview(*, year: int, user) -> YearOverview:
    events = list(
        Event.objects.for_user(user)
        .filter(year=year)
        .values_list("occurrences", "participants", "participants_is_lower_bound")
    )
    known = [participants for _s, participants, _l in events if participants is not None]
    figures = {
        figure.key: figure for figure in YearlyFigure.objects.for_user(user).filter(year=year)
    }
    financial_year = (
        FinancialYear.objects.for_user(user)
        .filter(year=year)
        .prefetch_related(
            Prefetch(
                "contributions", queryset=Contribution.objects.only("amount", "financial_year")
            ),
            Prefetch("cost_lines", queryset=CostLine.objects.only("amount", "financial_year")),
        )
        .first()
    )
    texts = list(Narrative.objects.for_user(user).filter(year=year).values_list("section", "body"))
    written = {section for section, body in texts if body.strip()}
    return YearOverview(
        year=year,
        events=len(events),
        sessions=sum(occurrences for occurrences, _p, _l in events),
        participants=sum(known),
        participants_is_lower_bound=len(known) < len(events)
        or any(lower for _s, _p, lower in events),
        figures=[(key, label, figures.get(key)) for key, label in FigureKey.choices],
        financial_year=financial_year,
        accounts=None if financial_year is None else financial_year_summary(financial_year),
        texts=len(texts),
        empty_texts=sum(1 for _section, body in texts if not body.strip()),
        sections_without_text=[
            label for value, label in ReportSection.choices if value not in written
        ],
        report_jobs=list(
            ReportJob.objects.for_user(user).filter(year=year).order_by("-created")[:3]
        ),
    )


@dataclass(frozen=True)
class NarrativeStructure:
    """The texts "Starta året" would make for ``year``: the positions (section, order) and
    headings of ``from_year`` (the latest earlier year with texts), or one per section of the
    report when ``from_year`` is None; ``missing`` are those the year does not have yet."""

    year: int
    from_year: int | None
    positions: list[tuple[str, int, str]]
    missing: list[tuple[str, int, str]]

    def missing_by_section(self) -> list[tuple[str, int, list[str]]]:
        """The missing texts per section, in the report's order: (section's name, how many,
        their headings)."""
        names = dict(ReportSection.choices)
        grouped: dict[str, list[str]] = {}
        for section, _order, heading in self.missing:
            grouped.setdefault(section, []).append(heading)
        return [
            (str(names.get(section, section)), len(headings), [h for h in headings if h])
            for section, headings in grouped.items()
        ]


def narrative_structure(*, year: int) -> NarrativeStructure:
    from_year = Narrative.objects.filter(year__lt=year).aggregate(last=Max("year"))["last"]
    if from_year is None:
        positions = [(section, 1, "") for section in ReportSection.values]
    else:
        place = {section: index for index, section in enumerate(ReportSection.values)}
        positions = sorted(
            Narrative.objects.filter(year=from_year).values_list("section", "order", "heading"),
            key=lambda row: (place.get(row[0], len(place)), row[0], row[1]),
        )
    there = set(Narrative.objects.filter(year=year).values_list("section", "order"))
    return NarrativeStructure(
        year=year,
        from_year=from_year,
        positions=positions,
        missing=[row for row in positions if (row[0], row[1]) not in there],
    )


def narrative_list_queryset():
    """The report's texts with ``section_place``: their section's place in the report, to list
    them in the report's order rather than by the sections' names."""
    return Narrative.objects.annotate(
        section_place=Case(
            *[
                When(section=section, then=Value(index))
                for index, section in enumerate(ReportSection.values)
            ],
            default=Value(len(ReportSection.values)),
            output_field=IntegerField(),
        )
    )
