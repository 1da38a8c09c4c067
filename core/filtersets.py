"""The base of every FilterSet: the same one serves the list page, the API and the export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.forms import widget_class
from core.models import AccessibilityReport, AccessibilityReportStatus


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap's classes (the list pages' side panel)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", widget_class(field.widget, small=True))
        return form


@extend_schema_field(OpenApiTypes.STR)
class OrganisationCodeFilter(django_filters.ModelChoiceFilter):
    """An organisation given by its code (``SE-T`` for Region Örebro län), not its id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class AccessibilityReportFilterSet(PortalFilterSet):
    """The secretariat's list of accessibility reports."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Page, description, sender or note."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AccessibilityReportStatus.choices
    )

    class Meta:
        model = AccessibilityReport
        fields = ["q", "status"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(page__icontains=value)
            | Q(description__icontains=value)
            | Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(note__icontains=value)
        )
