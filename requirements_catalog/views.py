"""The requirements catalogue in the browser: instruments, their versions and clause texts.

Curation (drafting, publishing) goes through the admin and requirements_catalog.services;
clauses are also imported from and exported to spreadsheets (requirements_catalog.resources).
"""

from __future__ import annotations

from core.permissions import can_add
from core.views.generic import ObjectDetailView, ObjectListView
from core.views.importexport import ObjectExportView, ObjectImportView
from requirements_catalog import selectors
from requirements_catalog.filtersets import ClauseFilterSet, InstrumentFilterSet
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.resources import ClauseResource
from requirements_catalog.tables import InstrumentTable


class InstrumentListView(ObjectListView):
    queryset = selectors.instrument_list_queryset()
    filterset_class = InstrumentFilterSet
    table_class = InstrumentTable
    # Curation is in the admin: the add button leads there.
    template_name = "requirements_catalog/instrument_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's import/export menu is the clauses' (instruments are curated in the admin).
        context["clause_import_url_name"] = (
            ClauseResource.url_name("import") if can_add(self.request.user, Clause) else None
        )
        return context


class InstrumentDetailView(ObjectDetailView):
    queryset = Instrument.objects.select_related("category")

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "responsible_organisations": obj.responsible_organisations.for_user(user),
            "related_instruments": obj.related_instruments.for_user(user),
            "versions": selectors.instrument_versions(instrument=obj, user=user),
        }


class InstrumentVersionDetailView(ObjectDetailView):
    queryset = InstrumentVersion.objects.select_related("instrument", "published_by", "supersedes")

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            # Versions have no list page of their own: the breadcrumb leads to the instruments.
            "model_meta": Instrument._meta,
            "list_url_name": "requirements_catalog:instrument_list",
            "clauses": selectors.version_clauses(version=obj, user=user),
            "superseded_by": InstrumentVersion.objects.for_user(user)
            .filter(supersedes=obj)
            .first(),
        }


class ClauseExportView(ObjectExportView):
    resource_class = ClauseResource
    filterset_class = ClauseFilterSet


class ClauseImportView(ObjectImportView):
    resource_class = ClauseResource
