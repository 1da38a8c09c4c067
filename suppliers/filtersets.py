"""The filters of the supplier, agreement and site lists (and of the API and exports)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filtersets import PortalFilterSet
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from riskanalysis.selectors import category_choices, category_with_descendant_ids
from suppliers.choices import AgreementStatus, SiteKind
from suppliers.forms import SupplierChoiceField
from suppliers.models import FrameworkAgreement, Site, Supplier
from suppliers.selectors import supplier_search_condition


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


def _suppliers(request):
    return Supplier.objects.for_user(_user(request)).order_by("name")


@extend_schema_field(OpenApiTypes.STR)
class SupplierFilter(django_filters.ModelChoiceFilter):
    """The supplier filter of the lists, the API and the exports (see SupplierChoiceField)."""

    field_class = SupplierChoiceField


def _country_choices(model):
    def choices():
        # The distinct codes only: never every row (50 000 suppliers at Nordic scale).
        countries = (
            model.objects.exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        return [(code, code) for code in countries]

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

    @extend_schema_field(OpenApiTypes.INT)
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
        label=_("Lead organisation"), queryset=_organisations
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region (lead or co-lead)"),
        queryset=_regions,
        to_field_name="code",
        field_name="lead_organisation",
        method="filter_region",
    )
    supplier = SupplierFilter(label=_("Supplier"), queryset=_suppliers)
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=category_choices, method="filter_category"
    )

    class Meta:
        model = FrameworkAgreement
        fields = ["q", "status", "lead_organisation", "region", "supplier", "category"]

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.led_by(
            [value.pk], lead="lead_organisation", co_leads="co_lead_organisations"
        )

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
    supplier = SupplierFilter(
        label=_("Supplier"), queryset=_suppliers, field_name="suppliers", method="filter_supplier"
    )

    class Meta:
        model = Site
        fields = ["q", "kind", "country", "supplier"]

    def filter_supplier(self, queryset, name, value):
        """Sites the supplier sources from, at any tier."""
        if not value:
            return queryset
        return queryset.filter(pk__in=value.site_links.values("site"))

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
