"""The filters of the risk analysis and study lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from organisations.models import Organisation
from riskanalysis.choices import RiskAnalysisKind
from riskanalysis.models import RiskAnalysis, Study
from riskanalysis.selectors import category_choices, category_with_descendant_ids


class RiskAnalysisFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Title or products/areas."),
    )
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RiskAnalysisKind.choices)
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=category_choices, method="filter_category"
    )
    responsible_organisation = django_filters.ModelChoiceFilter(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.order_by("name"),
        field_name="responsible_organisations",
        distinct=True,
    )

    class Meta:
        model = RiskAnalysis
        fields = ["q", "year", "kind", "category", "responsible_organisation"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(products_areas__icontains=value))

    def filter_category(self, queryset, name, value):
        """The category and everything beneath it."""
        if not value:
            return queryset
        return queryset.filter(category__in=category_with_descendant_ids(int(value)))


class StudyFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Title or summary."),
    )
    year = django_filters.NumberFilter(label=_("Year"))
    responsible_organisation = django_filters.ModelChoiceFilter(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.order_by("name"),
        field_name="responsible_organisations",
        distinct=True,
    )

    class Meta:
        model = Study
        fields = ["q", "year", "responsible_organisation"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))
