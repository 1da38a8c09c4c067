"""Reporting in the browser: events (trainings, webinars, conferences, market dialogues) and the
yearly activity report (verksamhetsrapport): check a year, order its build, follow it, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import get_scope
from core.views.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_service_errors,
)
from core.views.importexport import ObjectExportView, ObjectImportView
from reporting import services
from reporting.choices import ReportJobStatus, ReportSection
from reporting.filtersets import EventFilterSet, NarrativeFilterSet, ReportJobFilterSet
from reporting.forms import NarrativeForm, ReportOrderForm
from reporting.models import Event, Narrative, ReportJob
from reporting.resources import EventResource
from reporting.tables import EventTable, NarrativeTable, ReportJobTable


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


class ReportJobListView(ObjectListView):
    """Every report built, newest first; the secretariat orders a new one here."""

    queryset = ReportJob.objects.select_related("requested_by")
    filterset_class = ReportJobFilterSet
    table_class = ReportJobTable
    template_name = "reporting/reportjob_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if get_scope(self.request.user).is_secretariat:
            context["order_form"] = ReportOrderForm(user=self.request.user)
        return context


class SecretariatOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not get_scope(request.user).is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportCheckView(SecretariatOnlyMixin, View):
    """Before anything is printed: the year's consistency check, then the build button."""

    template_name = "reporting/report_check.html"

    def get(self, request):
        from reporting.consistency import consistency_check

        form = ReportOrderForm(data=request.GET or None, user=request.user)
        issues = None
        if form.is_valid():
            year = form.cleaned_data["year"]
            issues = consistency_check(year=year)
            # A remark on a text links to that text, where the secretariat corrects it.
            positions = {
                (row.section, row.order): row.pk
                for row in Narrative.objects.filter(year=year).only("pk", "section", "order")
            }
            remarks = []
            for issue in issues:
                where = (issue.details or {}).get("narrative") or {}
                pk = positions.get((where.get("section"), where.get("order")))
                url = reverse("reporting:narrative_edit", args=[pk]) if pk else None
                section = (
                    ReportSection(issue.section).label
                    if issue.section in ReportSection.values
                    else issue.section
                )
                remarks.append({"issue": issue, "section": section, "edit_url": url})
            issues = remarks
        return render(
            request,
            self.template_name,
            {"form": form, "issues": issues},
            status=400 if form.is_bound and not form.is_valid() else 200,
        )


class ReportJobAddView(SecretariatOnlyMixin, View):
    """Order the build; the worker takes it from there."""

    def post(self, request):
        form = ReportOrderForm(data=request.POST, user=request.user)
        if form.is_valid():
            try:
                job = services.report_job_request(user=request.user, year=form.cleaned_data["year"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The report for %(year)d is being built.") % {"year": job.year}
                )
                return HttpResponseRedirect(job.get_absolute_url())
        return render(
            request, "reporting/report_check.html", {"form": form, "issues": None}, status=400
        )


class ReportJobDetailView(ObjectDetailView):
    queryset = ReportJob.objects.select_related("requested_by")


class ReportJobProgressView(LoginRequiredMixin, View):
    """The job's status and progress, for the detail page to poll until the job ends."""

    def get(self, request, pk):
        job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
        return render(request, "reporting/_reportjob_progress.html", {"object": job})


class ReportJobPdfView(LoginRequiredMixin, View):
    """The PDF of a finished job, through the gate (never a public /media/ address)."""

    def get(self, request, pk):
        job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
        if job.status != ReportJobStatus.DONE or not job.pdf:
            raise Http404
        return FileResponse(
            job.pdf.open("rb"),
            as_attachment=True,
            filename=f"verksamhetsrapport-{job.year}.pdf",
            content_type="application/pdf",
        )


class NarrativeListView(ObjectListView):
    """The report's texts per year and section; the secretariat edits them."""

    queryset = Narrative.objects.all()
    filterset_class = NarrativeFilterSet
    table_class = NarrativeTable


class NarrativeEditView(ObjectEditView):
    queryset = Narrative.objects.all()
    form_class = NarrativeForm

    def save(self, form):
        return services.narrative_update(
            user=self.request.user,
            narrative=form.instance,
            heading=form.cleaned_data["heading"],
            body=form.cleaned_data["body"],
        )


class EventExportView(ObjectExportView):
    resource_class = EventResource
    filterset_class = EventFilterSet


class EventImportView(ObjectImportView):
    resource_class = EventResource
