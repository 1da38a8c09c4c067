"""Tables of the requirements catalogue's list pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from requirements_catalog.models import Instrument


class InstrumentTable(tables.Table):
    title = tables.Column(verbose_name=_("title"), linkify=True)
    kind = tables.Column(verbose_name=_("kind"))
    category = tables.Column(verbose_name=_("category"), accessor="category__name")
    responsible_organisations = tables.ManyToManyColumn(
        verbose_name=_("responsible organisations"), orderable=False
    )
    latest_version = tables.Column(verbose_name=_("latest version"))
    latest_year = tables.Column(verbose_name=_("year"))

    class Meta:
        model = Instrument
        fields = ("title", "kind", "category", "responsible_organisations")
        sequence = (
            "title",
            "kind",
            "category",
            "latest_version",
            "latest_year",
            "responsible_organisations",
        )
        order_by = ("kind", "title")
        empty_text = _("No instruments match.")
