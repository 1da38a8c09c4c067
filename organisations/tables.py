"""The tables of the organisation and partnership lists."""

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Partnership


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True)
    kind = tables.Column(order_by=("kind_order", "name"))
    population = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Organisation
        fields = ("code", "name", "kind", "country", "population")
        sequence = fields

    def render_population(self, value):
        return number_format(value, force_grouping=True)


class PartnershipTable(tables.Table):
    partner = tables.Column(order_by=("partner__name",))
    kind = tables.Column()
    since_year = tables.Column(attrs={"td": {"class": "text-end"}})
    until_year = tables.Column(attrs={"td": {"class": "text-end"}})
    years = tables.Column(
        verbose_name=_("Years with a text"), empty_values=(), orderable=False, accessor="pk"
    )

    class Meta:
        model = Partnership
        fields = ("partner", "kind", "since_year", "until_year", "years")
        sequence = fields
        empty_text = _("No partnerships match.")

    def render_partner(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.partner)

    def render_since_year(self, value):
        return str(value)  # a year, not a number to group: 2016, not 2 016

    def render_until_year(self, value):
        return str(value)

    def render_years(self, record):
        years = [str(entry.year) for entry in record.years.all()]
        return ", ".join(years) or "–"
