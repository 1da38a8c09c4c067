"""Reads of incident cases that need query shaping."""

from __future__ import annotations

from django.db.models import QuerySet

from core.permissions import Action
from incidents.models import Incident, IncidentEvent, LabTest


def incident_list_queryset() -> QuerySet[Incident]:
    """Incidents shaped for the list page: one query for the rows, one per related list."""
    return Incident.objects.select_related("lead_organisation", "category").prefetch_related(
        "risks", "suppliers", "involved_organisations"
    )


def incident_timeline(*, incident: Incident, user) -> QuerySet[IncidentEvent]:
    """The dated timeline in order of date, as far as the user reaches the incident."""
    return (
        incident.timeline.for_user(user, Action.VIEW)
        .select_related("organisation", "recorded_by")
        .order_by("occurred_on", "pk")
    )


def incident_lab_tests(*, incident: Incident, user) -> QuerySet[LabTest]:
    return incident.lab_tests.for_user(user, Action.VIEW).select_related("supplier")


def incident_audits(*, incident: Incident, user):
    """The audits made for the incident, as far as the user sees audits (an auditor only the
    audits assigned to them). The audits are a higher app's rows, reached by the reverse
    relation through their own gate."""
    return (
        incident.audits.for_user(user, Action.VIEW)
        .select_related("supplier", "lead_organisation")
        .order_by("-year", "pk")
    )
