"""The filters of the organisation list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from organisations.choices import OrganisationKind
from organisations.models import Organisation


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
