"""The filters of the organisation list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.choices import OrganisationKind
from organisations.models import Organisation


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap's classes (the list pages' side panel).

    (A candidate for core: the supplier and risk-analysis filtersets build on it from here.)
    """

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
                css = "form-select form-select-sm"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-control form-control-sm"
            widget.attrs.setdefault("class", css)
        return form


class OrganisationFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Code or name."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(short_name__icontains=value)
        )
