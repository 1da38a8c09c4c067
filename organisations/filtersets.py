"""The filters of the organisation list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from organisations.choices import OrganisationKind, PartnershipKind
from organisations.models import Organisation, Partnership, PartnershipYear


def _countries():
    countries = Organisation.objects.exclude(country="").values_list("country", flat=True)
    return [(code, code) for code in sorted(set(countries))]


class OrganisationFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Code or name."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_countries)

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(short_name__icontains=value)
        )


def _partners(request):
    return Organisation.objects.for_user(getattr(request, "user", None)).order_by("name")


class PartnershipFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("The partner's code or name, or a year's text."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnershipKind.choices)
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=_partners)
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        help_text=_("Only partnerships that ran in this year."),
    )

    class Meta:
        model = Partnership
        fields = ["q", "kind", "partner", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        texts = PartnershipYear.objects.filter(description__icontains=value).values("partnership")
        return queryset.filter(
            Q(partner__code__icontains=value) | Q(partner__name__icontains=value) | Q(pk__in=texts)
        )

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            Q(since_year__isnull=True) | Q(since_year__lte=value),
            Q(until_year__isnull=True) | Q(until_year__gte=value),
        )
