"""The base of every FilterSet: the same one serves the list page, the API and the export."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.forms import widget_class


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
