from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    BaseHistoryAdmin,
    BaseTabularInline,
    category_path_related,
    count_of,
)
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.services import CATEGORY_PRIORITY_FIELDS


class CategoryListFilter(admin.RelatedFieldListFilter):
    """Filter by category, listed by path, with one query (``Category.__str__`` walks parents)."""

    def field_choices(self, field, request, model_admin):
        categories = Category.objects.select_related(category_path_related(""))
        return sorted(((c.pk, c.path) for c in categories), key=lambda choice: choice[1])


class CategoryPriorityInline(BaseTabularInline):
    model = CategoryPriority
    fields = CATEGORY_PRIORITY_FIELDS


class IdentifiedRiskInline(BaseTabularInline):
    model = IdentifiedRisk
    fields = (
        "area",
        "description",
        "likelihood",
        "severity",
        "supply_chain_stage",
        "countries",
    )


@admin.register(Category)
class CategoryAdmin(BaseHistoryAdmin):
    inlines = (CategoryPriorityInline,)
    list_display = ("path", "name", "parent", "priority_periods", "child_count")
    list_filter = (("parent", CategoryListFilter),)
    search_fields = ("name", "parent__name", "description")
    autocomplete_fields = ("parent",)
    list_select_related = (category_path_related(""),)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("priorities")
            .annotate(child_count=count_of(Category, "parent"))
        )

    @admin.display(description=_("path"))
    def path(self, obj):
        return obj.path

    @admin.display(description=_("prioritised"))
    def priority_periods(self, obj):
        return ", ".join(f"{p.start_year}–{p.end_year}" for p in obj.priorities.all())

    @admin.display(description=_("subcategories"), ordering="child_count")
    def child_count(self, obj):
        return obj.child_count


@admin.register(CategoryPriority)
class CategoryPriorityAdmin(BaseHistoryAdmin):
    list_display = (
        "category",
        "start_year",
        "end_year",
        "human_rights_risk",
        "labour_rights_risk",
        "environment_risk",
        "business_ethics_risk",
    )
    list_filter = (
        "start_year",
        "human_rights_risk",
        "labour_rights_risk",
        "environment_risk",
        "business_ethics_risk",
    )
    list_select_related = (category_path_related(),)
    search_fields = ("category__name", "note")
    autocomplete_fields = ("category",)


@admin.register(RiskAnalysis)
class RiskAnalysisAdmin(BaseHistoryAdmin):
    inlines = (IdentifiedRiskInline,)
    list_display = (
        "title",
        "kind",
        "category",
        "products_areas",
        "year",
        "responsible_display",
        "risk_count",
    )
    list_filter = ("year", "kind", ("category", CategoryListFilter))
    search_fields = ("title", "products_areas", "category__name", "summary")
    autocomplete_fields = ("category", "responsible_organisations")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(category_path_related())
            .prefetch_related("responsible_organisations")
            .annotate(risk_count=count_of(IdentifiedRisk, "analysis"))
        )

    @admin.display(description=_("responsible organisations"))
    def responsible_display(self, obj):
        return ", ".join(o.short_name or o.name for o in obj.responsible_organisations.all())

    @admin.display(description=_("identified risks"), ordering="risk_count")
    def risk_count(self, obj):
        return obj.risk_count


@admin.register(IdentifiedRisk)
class IdentifiedRiskAdmin(BaseHistoryAdmin):
    list_display = (
        "short_description",
        "analysis",
        "area",
        "likelihood",
        "severity",
        "supply_chain_stage",
        "countries_display",
    )
    list_filter = ("area", "supply_chain_stage", "likelihood", "severity", "analysis__year")
    list_select_related = ("analysis",)
    search_fields = ("description", "analysis__title", "analysis__products_areas")
    autocomplete_fields = ("analysis",)

    @admin.display(description=_("description"), ordering="description")
    def short_description(self, obj):
        return obj.description[:80]

    @admin.display(description=_("countries"))
    def countries_display(self, obj):
        return ", ".join(obj.countries or [])


@admin.register(Study)
class StudyAdmin(BaseHistoryAdmin):
    list_display = ("title", "year", "responsible_display", "counterparts_display")
    list_filter = ("year",)
    search_fields = ("title", "summary", "outcome")
    autocomplete_fields = ("responsible_organisations", "counterparts")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("responsible_organisations", "counterparts")
        )

    @admin.display(description=_("responsible organisations"))
    def responsible_display(self, obj):
        return ", ".join(o.short_name or o.name for o in obj.responsible_organisations.all())

    @admin.display(description=_("counterparts"))
    def counterparts_display(self, obj):
        return ", ".join(o.short_name or o.name for o in obj.counterparts.all())
