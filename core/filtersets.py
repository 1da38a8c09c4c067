"""The base of every FilterSet: the same one serves the list page, the API and the export."""

import django_filters

from core.forms import widget_class


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap's classes (the list pages' side panel)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", widget_class(field.widget, small=True))
        return form
