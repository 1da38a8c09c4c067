from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    RECORD_FIELDSET,
    BaseHistoryAdmin,
    BaseModelAdmin,
    BaseStackedInline,
    BaseTabularInline,
    category_path_related,
)
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from riskanalysis.admin import CategoryListFilter


class IncidentRiskInline(BaseTabularInline):
    model = IncidentRisk
    fields = ("area",)


class IncidentEventInline(BaseTabularInline):
    model = IncidentEvent
    fields = ("occurred_on", "precision", "kind", "description", "organisation", "recorded_by")
    autocomplete_fields = ("organisation", "recorded_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "recorded_by")


class LabTestInline(BaseStackedInline):
    model = LabTest
    fields = (
        ("sample", "supplier"),
        ("laboratory", "method", "status"),
        ("sampled_on", "sampled_precision"),
        ("claimed_origin", "indicated_origin"),
        "result",
    )
    autocomplete_fields = ("supplier",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("supplier")


@admin.register(Incident)
class IncidentAdmin(BaseHistoryAdmin):
    inlines = (IncidentRiskInline, IncidentEventInline, LabTestInline)
    list_display = (
        "title",
        "year_opened",
        "opened_on",
        "status",
        "source",
        "risk_areas",
        "supplier_names",
        "lead_organisation",
        "confidential",
        "closed_on",
    )
    list_filter = (
        "status",
        "confidential",
        "year_opened",
        "source",
        "risks__area",
        "lead_organisation",
        ("category", CategoryListFilter),
    )
    list_select_related = ("lead_organisation", category_path_related())
    search_fields = (
        "title",
        "description",
        "outcome",
        "source_detail",
        "suppliers__name",
        "suppliers__aliases__name",
        "sites__name",
    )
    autocomplete_fields = (
        "category",
        "suppliers",
        "sites",
        "lead_organisation",
        "involved_organisations",
        "partners",
    )
    date_hierarchy = "opened_on"
    fieldsets = (
        (None, {"fields": ("title", ("year_opened", "opened_on"), "status", "confidential")}),
        (_("Source"), {"fields": (("source", "source_detail"),)}),
        (
            _("What it concerns"),
            {"fields": ("category", "suppliers", "sites", "countries", "description")},
        ),
        (
            _("Who handles it"),
            {"fields": ("lead_organisation", "involved_organisations", "partners")},
        ),
        (_("Outcome"), {"fields": ("outcome", "closed_on")}),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("risks", "suppliers")

    @admin.display(description=_("risk areas"))
    def risk_areas(self, obj):
        return ", ".join(str(risk.get_area_display()) for risk in obj.risks.all())

    @admin.display(description=_("suppliers"))
    def supplier_names(self, obj):
        return ", ".join(supplier.name for supplier in obj.suppliers.all())


@admin.register(IncidentRisk)
class IncidentRiskAdmin(BaseModelAdmin):
    list_display = ("incident", "area", "incident_year")
    list_filter = ("area", "incident__year_opened")
    list_select_related = ("incident",)
    search_fields = ("incident__title",)
    autocomplete_fields = ("incident",)

    @admin.display(description=_("year opened"), ordering="incident__year_opened")
    def incident_year(self, obj):
        return obj.incident.year_opened


@admin.register(IncidentEvent)
class IncidentEventAdmin(BaseModelAdmin):
    list_display = (
        "occurred_on",
        "precision",
        "incident",
        "kind",
        "short_description",
        "organisation",
        "recorded_by",
    )
    list_filter = ("kind", "precision", "incident__status")
    list_select_related = ("incident", "organisation", "recorded_by")
    search_fields = ("description", "incident__title")
    autocomplete_fields = ("incident", "organisation", "recorded_by")
    date_hierarchy = "occurred_on"

    @admin.display(description=_("description"), ordering="description")
    def short_description(self, obj):
        return obj.description[:80]


@admin.register(LabTest)
class LabTestAdmin(BaseModelAdmin):
    list_display = (
        "sample",
        "incident",
        "supplier",
        "laboratory",
        "method",
        "status",
        "sampled_on",
        "claimed_origin",
        "indicated_origin",
    )
    list_filter = ("status", "method", "laboratory")
    list_select_related = ("incident", "supplier")
    search_fields = ("sample", "method", "laboratory", "incident__title", "supplier__name")
    autocomplete_fields = ("incident", "supplier")
    date_hierarchy = "sampled_on"
