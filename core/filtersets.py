"""The base of every FilterSet: the same one serves the list page, the API and the export."""

import django_filters
from django import forms


def filter_widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return "form-select form-select-sm"
    return "form-control form-control-sm"


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap's classes (the list pages' side panel)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", filter_widget_class(field.widget))
        return form
