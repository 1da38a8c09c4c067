"""The filters of the supplier, agreement and site lists (and of the API and exports)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from organisations.models import Organisation
from riskanalysis.selectors import category_choices, category_with_descendant_ids
from suppliers.choices import AgreementStatus, SiteKind
from suppliers.models import FrameworkAgreement, Site, Supplier
from suppliers.selectors import supplier_search_condition


def _country_choices(model):
    def choices():
        countries = model.objects.exclude(country="").values_list("country", flat=True)
        return [(code, code) for code in sorted(set(countries))]

    return choices


class SupplierFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name, alias or organisation number."),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_country_choices(Supplier))
    has_organisation_number = django_filters.BooleanFilter(
        label=_("Has organisation number"), method="filter_has_organisation_number"
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=category_choices, method="filter_category"
    )
    audited_in = django_filters.NumberFilter(label=_("Audited in year"), method="filter_audited_in")

    class Meta:
        model = Supplier
        fields = ["q", "country", "has_organisation_number", "category", "audited_in"]

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(supplier_search_condition(value)).distinct()

    def filter_has_organisation_number(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.exclude(organisation_number="")
        return queryset.filter(organisation_number="")

    def filter_category(self, queryset, name, value):
        """Suppliers audited or under agreement in the category or one beneath it."""
        if not value:
            return queryset
        categories = category_with_descendant_ids(int(value))
        return queryset.filter(
            Q(audits__category__in=categories) | Q(agreements__category__in=categories)
        ).distinct()

    def filter_audited_in(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(audits__year=value).distinct()


class FrameworkAgreementFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Title, reference or supplier."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AgreementStatus.choices)
    lead_organisation = django_filters.ModelChoiceFilter(
        label=_("Lead organisation"), queryset=Organisation.objects.order_by("name")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=category_choices, method="filter_category"
    )

    class Meta:
        model = FrameworkAgreement
        fields = ["q", "status", "lead_organisation", "category"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(reference__icontains=value)
            | Q(supplier__name__icontains=value)
        )

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(category__in=category_with_descendant_ids(int(value)))


class SiteFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name, locality, operator or supplier."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_country_choices(Site))

    class Meta:
        model = Site
        fields = ["q", "kind", "country"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(locality__icontains=value)
            | Q(operator__name__icontains=value)
            | Q(suppliers__name__icontains=value)
        ).distinct()
