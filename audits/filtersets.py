"""Filters of the audit and finding lists (also for the API and exports)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.choices import (
    FINDING_SETTLED_STATUSES,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingSeverity,
    FindingStatus,
)
from audits.models import Audit, Finding
from core.filtersets import OrganisationCodeFilter, PortalFilterSet
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from riskanalysis.models import Category
from suppliers.filtersets import SupplierFilter
from suppliers.models import Supplier, SupplierAlias


def _user(request):
    return getattr(request, "user", None)


def _regions(request):
    return (
        Organisation.objects.for_user(_user(request))
        .filter(kind=OrganisationKind.REGION)
        .order_by("code")
    )


def _categories(request):
    return (
        Category.objects.for_user(_user(request))
        .select_related("parent", "parent__parent")
        .order_by("name")
    )


def _suppliers(request):
    return Supplier.objects.for_user(_user(request)).order_by("name")


def _led_by_region(queryset, prefix, organisation):
    """Rows whose audit is led or co-led by the organisation."""
    co_led = Audit.objects.filter(co_lead_organisations=organisation).values("pk")
    return queryset.filter(
        Q(**{f"{prefix}lead_organisation": organisation}) | Q(**{f"{prefix}pk__in": co_led})
    )


class AuditFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year = django_filters.NumberFilter(label=_("Year"))
    region = OrganisationCodeFilter(
        label=_("Region (lead or co-lead)"), queryset=_regions, method="filter_region"
    )
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=_categories)
    supplier = SupplierFilter(label=_("Supplier"), queryset=_suppliers)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AuditKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AuditStatus.choices)

    class Meta:
        model = Audit
        fields = ["q", "year", "region", "category", "supplier", "kind", "status"]

    def filter_region(self, queryset, name, value):
        return _led_by_region(queryset, "", value) if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        suppliers = SupplierAlias.objects.filter(name__icontains=value).values("supplier_id")
        return queryset.filter(
            Q(supplier__name__icontains=value)
            | Q(supplier_id__in=suppliers)
            | Q(summary__icontains=value)
        )


class FindingFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    open = django_filters.BooleanFilter(
        label=_("Only open (not verified closed or escalated)"),
        method="filter_open",
        widget=forms.CheckboxInput,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FindingStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FindingKind.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=FindingSeverity.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="audit__year")
    region = OrganisationCodeFilter(
        label=_("Region (lead or co-lead)"), queryset=_regions, method="filter_region"
    )

    class Meta:
        model = Finding
        fields = ["q", "open", "overdue", "status", "kind", "severity", "year", "region"]

    def filter_open(self, queryset, name, value):
        return queryset.exclude(status__in=FINDING_SETTLED_STATUSES) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(status__in=FINDING_SETTLED_STATUSES).filter(
            deadline__lt=timezone.localdate()
        )

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        co_led = Audit.objects.filter(co_lead_organisations=value).values("pk")
        return queryset.filter(Q(audit__lead_organisation=value) | Q(audit_id__in=co_led))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        suppliers = SupplierAlias.objects.filter(name__icontains=value).values("supplier_id")
        return queryset.filter(
            Q(description__icontains=value)
            | Q(required_action__icontains=value)
            | Q(audit__supplier__name__icontains=value)
            | Q(audit__supplier_id__in=suppliers)
        )


class PublicSummaryFilterSet(PortalFilterSet):
    """The public page: year and supplier text, nothing else."""

    year = django_filters.NumberFilter(label=_("Year"), widget=forms.NumberInput)
    supplier = django_filters.CharFilter(
        label=_("Supplier"),
        method="filter_supplier",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Audit
        fields = ["year", "supplier"]

    def filter_supplier(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(supplier__name__icontains=value)
