from decimal import Decimal

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import BaseHistoryAdmin, BaseModelAdmin, BaseTabularInline, sum_of
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)

# Amounts are kept in thousands of kronor with one decimal.
TKR = Decimal("0.1")


class ContributionInline(BaseTabularInline):
    model = Contribution
    fields = ("organisation", "amount")
    autocomplete_fields = ("organisation",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "financial_year")


class CostLineInline(BaseTabularInline):
    model = CostLine
    fields = ("order", "kind", "label", "amount", "note")


@admin.register(Event)
class EventAdmin(BaseHistoryAdmin):
    list_display = (
        "title",
        "kind",
        "format",
        "year",
        "date",
        "location",
        "occurrences",
        "participants_column",
        "organiser_names",
    )
    list_filter = ("year", "kind", "format", "organisers")
    search_fields = ("title", "topics", "audience", "location", "description")
    autocomplete_fields = ("organisers",)
    date_hierarchy = "date"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organisers")

    @admin.display(description=_("participants"), ordering="participants")
    def participants_column(self, obj):
        return obj.participants_display

    @admin.display(description=_("organisers"))
    def organiser_names(self, obj):
        return ", ".join(o.short_name or o.name for o in obj.organisers.all())


@admin.register(YearlyFigure)
class YearlyFigureAdmin(BaseHistoryAdmin):
    list_display = ("key", "year", "value", "is_lower_bound", "source")
    list_filter = ("key", "year", "is_lower_bound")
    search_fields = ("source", "note")


@admin.register(FinancialYear)
class FinancialYearAdmin(BaseHistoryAdmin):
    """The accounts of a year; the list shows whether they balance:
    opening balance + contributions − closing balance = costs."""

    inlines = (ContributionInline, CostLineInline)
    list_display = (
        "year",
        "opening_balance",
        "contributions_total",
        "closing_balance",
        "costs_total",
        "difference",
        "balances",
    )
    search_fields = ("year", "note")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                contributions_total=sum_of(Contribution, "financial_year"),
                costs_total=sum_of(CostLine, "financial_year"),
            )
        )

    @staticmethod
    def _difference(obj):
        """What the balances and contributions leave unexplained by the costs; 0 if balanced."""
        return obj.opening_balance + obj.contributions_total - obj.closing_balance - obj.costs_total

    @admin.display(description=_("contributions, tkr"), ordering="contributions_total")
    def contributions_total(self, obj):
        return obj.contributions_total.quantize(TKR)

    @admin.display(description=_("costs, tkr"), ordering="costs_total")
    def costs_total(self, obj):
        return obj.costs_total.quantize(TKR)

    @admin.display(description=_("difference, tkr"))
    def difference(self, obj):
        return self._difference(obj).quantize(TKR)

    @admin.display(description=_("balances"), boolean=True)
    def balances(self, obj):
        return self._difference(obj) == 0


@admin.register(Contribution)
class ContributionAdmin(BaseHistoryAdmin):
    list_display = ("organisation", "financial_year", "amount")
    list_filter = ("financial_year", "organisation__kind")
    list_select_related = ("organisation", "financial_year")
    search_fields = ("organisation__name", "organisation__code")
    autocomplete_fields = ("organisation",)


@admin.register(CostLine)
class CostLineAdmin(BaseHistoryAdmin):
    list_display = ("label", "financial_year", "kind", "amount", "order", "note")
    list_filter = ("financial_year", "kind")
    list_select_related = ("financial_year",)
    search_fields = ("label", "note")


@admin.register(Narrative)
class NarrativeAdmin(BaseHistoryAdmin):
    list_display = ("year", "section", "order", "heading", "excerpt", "updated_by", "modified")
    list_filter = ("year", "section")
    list_select_related = ("updated_by",)
    search_fields = ("heading", "body")
    readonly_fields = ("updated_by",)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return obj.body[:100]


@admin.register(ReportJob)
class ReportJobAdmin(BaseModelAdmin):
    list_display = (
        "year",
        "status",
        "progress",
        "requested_by",
        "created",
        "started_at",
        "finished_at",
        "pdf",
        "warning_count",
    )
    list_filter = ("status", "year")
    list_select_related = ("requested_by",)
    search_fields = ("year", "error", "task_id", "requested_by__username")
    readonly_fields = ("requested_by", "task_id", "started_at", "finished_at", "snapshot")
    date_hierarchy = "created"

    def save_model(self, request, obj, form, change):
        if obj.requested_by_id is None:
            obj.requested_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("warnings"))
    def warning_count(self, obj):
        return len(obj.warnings or [])
