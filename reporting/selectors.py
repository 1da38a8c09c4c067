"""Reads for the yearly report that need query shaping."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from reporting.models import FinancialYear


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
