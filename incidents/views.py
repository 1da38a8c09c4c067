"""Incident cases in the browser: list, detail with the dated timeline, add, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import Action
from core.submissions import AlreadySent
from core.views.generic import (
    GatedViewMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SendOnceMixin,
    add_service_errors,
)
from incidents import selectors, services
from incidents.filtersets import IncidentFilterSet
from incidents.forms import IncidentEventForm, IncidentForm
from incidents.models import Incident
from incidents.tables import IncidentTable


class IncidentListView(ObjectListView):
    queryset = selectors.incident_list_queryset()
    filterset_class = IncidentFilterSet
    table_class = IncidentTable


class IncidentDetailView(ObjectDetailView):
    queryset = Incident.objects.select_related("lead_organisation", "category")

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "risks": obj.risks.for_user(user),
            "suppliers": obj.suppliers.for_user(user),
            "sites": obj.sites.for_user(user),
            "involved_organisations": obj.involved_organisations.for_user(user),
            "partners": obj.partners.for_user(user),
            "timeline": selectors.incident_timeline(incident=obj, user=user),
            "lab_tests": selectors.incident_lab_tests(incident=obj, user=user),
            "audits": selectors.incident_audits(incident=obj, user=user),
        }


class IncidentEditView(ObjectEditView):
    queryset = Incident.objects.all()
    form_class = IncidentForm

    def save(self, form):
        if form.instance.pk:
            return services.incident_update(
                incident=form.instance, user=self.request.user, **form.service_fields()
            )
        return services.incident_create(user=self.request.user, **form.service_fields())


class IncidentDeleteView(ObjectDeleteView):
    queryset = Incident.objects.all()


class IncidentEventAddView(SendOnceMixin, GatedViewMixin, View):
    """Add a dated entry to the timeline of an incident the user may change; the form is sent
    once (a second sending adds no second entry)."""

    queryset = Incident.objects.all()
    action = Action.CHANGE
    form_class = IncidentEventForm
    template_name = "incidents/incidentevent_add.html"

    def render_form(self, incident, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"incident": incident, "form": form, "cancel_url": incident.get_absolute_url()},
            status=status,
        )

    def get(self, request, pk):
        incident = get_object_or_404(self.get_queryset(), pk=pk)
        return self.render_form(incident, self.give_token(self.form_class(user=request.user)))

    def post(self, request, pk):
        incident = get_object_or_404(self.get_queryset(), pk=pk)
        if sent := self.already_sent():
            return sent
        form = self.give_token(self.form_class(data=request.POST, user=request.user))
        timeline = f"{incident.get_absolute_url()}#timeline"
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.save_once(
                        lambda: services.incident_event_add(
                            incident=incident, user=request.user, **form.service_fields()
                        ),
                        lambda _event: timeline,
                    )
            except AlreadySent as sent:
                return self.sent_before(sent.url)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The timeline entry was added."))
                return HttpResponseRedirect(timeline)
        return self.render_form(incident, form, status=400)
