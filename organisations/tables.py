"""The table of the organisation list."""

import django_tables2 as tables
from django.utils.formats import number_format

from organisations.models import Organisation


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
