"""Filters of the reporting list pages (also for the API and exports)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from organisations.models import Organisation
from reporting.choices import EventKind, FigureKey, ReportJobStatus, ReportSection
from reporting.models import Event, FinancialYear, Narrative, ReportJob, YearlyFigure


def style_filter_form(form) -> None:
    """Bootstrap classes on the filter fields (small, as in the side panel)."""
    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs.setdefault("class", css)


def _organisations(request):
    return Organisation.objects.for_user(getattr(request, "user", None)).order_by("code")


class EventFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organiser"),
        field_name="organisers",
        queryset=_organisations,
        to_field_name="code",
        method="filter_organiser",
        help_text=_("Organisation code, e.g. SE-T."),
    )

    class Meta:
        model = Event
        fields = ["q", "year", "kind", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_filter_form(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(topics__icontains=value)
            | Q(audience__icontains=value)
            | Q(description__icontains=value)
        )

    def filter_organiser(self, queryset, name, value):
        # A subquery, so that an event with several organisers is listed once.
        if not value:
            return queryset
        return queryset.filter(pk__in=Event.objects.filter(organisers=value).values("pk"))


class YearlyFigureFilterSet(PortalFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    key = django_filters.ChoiceFilter(label=_("Figure"), choices=FigureKey.choices)

    class Meta:
        model = YearlyFigure
        fields = ["year", "key"]


class FinancialYearFilterSet(PortalFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = FinancialYear
        fields = ["year"]


class ReportJobFilterSet(PortalFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportJobStatus.choices)

    class Meta:
        model = ReportJob
        fields = ["year", "status"]


class NarrativeFilterSet(PortalFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    section = django_filters.ChoiceFilter(label=_("Section"), choices=ReportSection.choices)

    class Meta:
        model = Narrative
        fields = ["year", "section"]
