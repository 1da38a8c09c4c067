"""Tables of the incident list."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.countries import country_names
from incidents.models import Incident


class IncidentTable(tables.Table):
    title = tables.Column(verbose_name=_("title"), linkify=True)
    year_opened = tables.Column(verbose_name=_("year opened"))
    status = tables.Column(verbose_name=_("status"))
    risks = tables.ManyToManyColumn(verbose_name=_("risk areas"), orderable=False)
    countries = tables.Column(verbose_name=_("countries"), orderable=False)
    lead_organisation = tables.Column(
        verbose_name=_("lead organisation"), accessor="lead_organisation__name"
    )
    suppliers = tables.ManyToManyColumn(verbose_name=_("suppliers"), orderable=False)

    class Meta:
        model = Incident
        fields = (
            "title",
            "year_opened",
            "status",
            "risks",
            "countries",
            "lead_organisation",
            "suppliers",
        )
        order_by = ("-year_opened", "title")
        empty_text = _("No incident cases match.")

    def render_title(self, record, value):
        if record.confidential:
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>', value, _("Confidential")
            )
        return value

    def render_countries(self, value):
        # Named in the page's language ("Malaysia, Taiwan"), not coded.
        return ", ".join(country_names(value))
