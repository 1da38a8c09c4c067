"""The tables of the risk analysis and study lists."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import A

from riskanalysis.models import RiskAnalysis, Study
from riskanalysis.selectors import category_paths


class OrganisationsColumn(tables.ManyToManyColumn):
    """Organisation names from the prefetched relation."""

    def __init__(self, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault(
            "transform", lambda organisation: organisation.short_name or organisation.name
        )
        super().__init__(**kwargs)


class RiskAnalysisTable(tables.Table):
    title = tables.Column(linkify=True)
    category = tables.Column(order_by=("category__name",))
    responsible_organisations = OrganisationsColumn()

    class Meta:
        model = RiskAnalysis
        fields = (
            "title",
            "products_areas",
            "category",
            "year",
            "kind",
            "responsible_organisations",
        )
        sequence = fields
        empty_text = _("No risk analyses match.")

    def render_category(self, value):
        paths = getattr(self, "_category_paths", None)
        if paths is None:
            paths = self._category_paths = category_paths()
        return paths.get(value.pk, value.name)


class StudyTable(tables.Table):
    title = tables.Column(linkify=("riskanalysis:study_detail", {"pk": A("pk")}))
    responsible_organisations = OrganisationsColumn()
    counterparts = OrganisationsColumn()

    class Meta:
        model = Study
        fields = ("title", "year", "responsible_organisations", "counterparts")
        sequence = fields
        empty_text = _("No studies match.")
