"""The filters of the category tree, the risk analyses, their risks and the studies (the list
pages, the API and the exports)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from core.validators import ISO_COUNTRY_CODES
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from riskanalysis.choices import RiskAnalysisKind, RiskArea, SupplyChainStage
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.selectors import category_choices, category_with_descendant_ids


def _user(request):
    return getattr(request, "user", None)


def _organisations(request):
    return Organisation.objects.for_user(_user(request)).order_by("name")


def _regions(request):
    return (
        Organisation.objects.for_user(_user(request))
        .filter(kind=OrganisationKind.REGION)
        .order_by("code")
    )


def _categories(request):
    return Category.objects.for_user(_user(request)).order_by("name")


def _analyses(request):
    return RiskAnalysis.objects.for_user(_user(request)).order_by("-year", "title")


class CategoryFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    parent = django_filters.ModelChoiceFilter(label=_("parent category"), queryset=_categories)
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        help_text=_("Only categories prioritised in this year."),
    )

    class Meta:
        model = Category
        fields = ["q", "parent", "year"]

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        prioritised = CategoryPriority.objects.filter(
            start_year__lte=value, end_year__gte=value
        ).values("category")
        return queryset.filter(pk__in=prioritised)


class CategoryPriorityFilterSet(PortalFilterSet):
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=_categories)
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", help_text=_("Only periods that include this year.")
    )

    class Meta:
        model = CategoryPriority
        fields = ["category", "year"]

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(start_year__lte=value, end_year__gte=value)


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
        queryset=_organisations,
        field_name="responsible_organisations",
        distinct=True,
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=_regions,
        to_field_name="code",
        field_name="responsible_organisations",
        distinct=True,
    )

    class Meta:
        model = RiskAnalysis
        fields = ["q", "year", "kind", "category", "responsible_organisation", "region"]

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
        queryset=_organisations,
        field_name="responsible_organisations",
        distinct=True,
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=_regions,
        to_field_name="code",
        field_name="responsible_organisations",
        distinct=True,
    )

    class Meta:
        model = Study
        fields = ["q", "year", "responsible_organisation", "region"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class IdentifiedRiskFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="description",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("The risk's description."),
    )
    analysis = django_filters.ModelChoiceFilter(label=_("Analysis"), queryset=_analyses)
    year = django_filters.NumberFilter(label=_("Year"), field_name="analysis__year")
    area = django_filters.ChoiceFilter(label=_("Area"), choices=RiskArea.choices)
    supply_chain_stage = django_filters.ChoiceFilter(
        label=_("Supply-chain stage"), choices=SupplyChainStage.choices
    )
    country = django_filters.CharFilter(
        label=_("Country"),
        method="filter_country",
        max_length=2,
        help_text=_("ISO 3166-1 alpha-2 code, e.g. MY."),
    )

    class Meta:
        model = IdentifiedRisk
        fields = ["q", "analysis", "year", "area", "supply_chain_stage", "country"]

    def filter_country(self, queryset, name, value):
        code = (value or "").strip().upper()
        if not code:
            return queryset
        if code not in ISO_COUNTRY_CODES:
            return queryset.none()
        # A JSON list of codes: match the quoted code, which works on SQLite and PostgreSQL.
        return queryset.filter(countries__icontains=f'"{code}"')
