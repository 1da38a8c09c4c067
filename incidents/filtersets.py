"""Filters of the incident list (also for the API and exports)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from core.permissions import Action
from incidents.choices import IncidentRiskArea, IncidentStatus
from incidents.models import Incident, IncidentRisk
from suppliers.filtersets import SupplierFilter
from suppliers.models import Supplier


def style_filter_form(form) -> None:
    """Bootstrap classes on the filter fields (small, as in the side panel)."""
    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs.setdefault("class", css)


class IncidentFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    year_opened = django_filters.NumberFilter(label=_("Year opened"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=IncidentStatus.choices)
    risk_area = django_filters.ChoiceFilter(
        label=_("Risk area"), choices=IncidentRiskArea.choices, method="filter_risk_area"
    )
    country = django_filters.CharFilter(
        label=_("Country"),
        method="filter_country",
        max_length=2,
        help_text=_("ISO code, e.g. MY."),
    )
    organisation = django_filters.CharFilter(
        label=_("Lead or involved organisation"),
        method="filter_organisation",
        help_text=_("Organisation code, e.g. SE-T."),
    )
    supplier = SupplierFilter(
        label=_("Supplier"),
        field_name="suppliers",
        queryset=Supplier.objects.none(),
        method="filter_supplier",
    )

    class Meta:
        model = Incident
        fields = ["q", "year_opened", "status", "risk_area", "country", "organisation", "supplier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["supplier"].queryset = Supplier.objects.for_user(user, Action.VIEW)
        style_filter_form(self.form)

    # Related filters go through subqueries, so that a case is never listed twice.

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(source_detail__icontains=value)
        )

    def filter_risk_area(self, queryset, name, value):
        return queryset.filter(pk__in=IncidentRisk.objects.filter(area=value).values("incident"))

    def filter_country(self, queryset, name, value):
        code = value.strip().upper()
        if not code:
            return queryset
        # The JSON text contains the quoted code; works on SQLite and PostgreSQL alike.
        return queryset.filter(countries__icontains=f'"{code}"')

    def filter_organisation(self, queryset, name, value):
        code = value.strip()
        if not code:
            return queryset
        involved = Incident.objects.filter(involved_organisations__code__iexact=code)
        return queryset.filter(
            Q(lead_organisation__code__iexact=code) | Q(pk__in=involved.values("pk"))
        )

    def filter_supplier(self, queryset, name, value):
        return queryset.filter(pk__in=Incident.objects.filter(suppliers=value).values("pk"))
