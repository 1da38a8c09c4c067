"""Filters of the requirements catalogue's list pages (also for the API and exports)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from requirements_catalog.choices import InstrumentKind, RequirementLevel, VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from riskanalysis.choices import RiskArea
from riskanalysis.models import Category


def style_filter_form(form) -> None:
    """Bootstrap classes on the filter fields (small, as in the side panel)."""
    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else ("form-control form-control-sm")
        )
        widget.attrs.setdefault("class", css)


MAX_ID = 2**63 - 1  # the largest id a database holds; beyond it is no such row, not an error


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number within the ids a database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class InstrumentFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InstrumentKind.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.select_related("parent__parent__parent"),
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", help_text=_("A year with a version.")
    )

    class Meta:
        model = Instrument
        fields = ["q", "kind", "category", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["category"].queryset = Category.objects.for_user(user).select_related(
            "parent__parent__parent"
        )
        style_filter_form(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(code__icontains=value)
            | Q(products_areas__icontains=value)
        )

    def filter_year(self, queryset, name, value):
        # A subquery rather than a join, so that rows are not repeated per version.
        return queryset.filter(
            pk__in=InstrumentVersion.objects.filter(year=value).values("instrument")
        )


class ClauseFilterSet(PortalFilterSet):
    """The clauses' export: ``?instrument=uppforandekod&version=2024&level=basic``, the same
    keys an import file names them by."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    instrument = django_filters.ModelChoiceFilter(
        label=_("Instrument"),
        field_name="version__instrument",
        to_field_name="code",
        queryset=Instrument.objects.all(),
    )
    version = django_filters.CharFilter(
        label=_("Version"), field_name="version__version", lookup_expr="iexact"
    )
    version_id = IdFilter(
        label=_("Version id"), field_name="version", help_text=_("The id of the version.")
    )
    area = django_filters.ChoiceFilter(label=_("Area"), choices=RiskArea.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=RequirementLevel.choices)

    class Meta:
        model = Clause
        fields = ["q", "instrument", "version", "version_id", "area", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["instrument"].queryset = Instrument.objects.for_user(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(text__icontains=value)
        )


class InstrumentVersionFilterSet(PortalFilterSet):
    """The versions over the API: ``?instrument=12&status=draft&year=2025``."""

    instrument = IdFilter(
        label=_("Instrument"), field_name="instrument", help_text=_("The id of the instrument.")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="instrument__kind", choices=InstrumentKind.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VersionStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = InstrumentVersion
        fields = ["instrument", "kind", "status", "year"]
