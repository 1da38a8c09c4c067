"""Reporting in the browser: events (trainings, webinars, conferences, market dialogues)."""

from __future__ import annotations

from core.views.generic import ObjectDetailView, ObjectListView
from reporting.filtersets import EventFilterSet
from reporting.models import Event
from reporting.tables import EventTable


class EventListView(ObjectListView):
    queryset = Event.objects.prefetch_related("organisers")
    filterset_class = EventFilterSet
    table_class = EventTable
    # Curation is in the admin: the add button leads there.
    template_name = "reporting/event_list.html"


class EventDetailView(ObjectDetailView):
    queryset = Event.objects.all()

    def get_extra_context(self, obj):
        return {"organisers": obj.organisers.for_user(self.request.user)}
