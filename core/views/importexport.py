"""Import and export pages, declarative like the other generic views: an app's view names its
resource (and, for export, the list's FilterSet) and inherits the rest.

Export: the list's filters and the permission gate apply; CSV, XLSX or JSON.
Import: upload → a preview of every row (new, update, unchanged, error) → confirm → all rows or
none. The job pages are shared (core:importjob_detail).
"""

from __future__ import annotations

import datetime
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.imports import ImportOutcome, import_job_confirm, import_job_create
from core.models import ImportJob
from core.permissions import can_add
from core.spreadsheets import SpreadsheetError, check_size

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
PREVIEW_ROWS = 500


class ObjectExportView(LoginRequiredMixin, View):
    """The list's rows, as the user may see them and as the page's filters narrow them."""

    resource_class = None
    filterset_class = None

    @classmethod
    def for_list(cls, list_view):
        """The export of a list page: its model's resource (or one made from its fields) and
        its FilterSet. ``path("export/", ObjectExportView.for_list(XListView).as_view(), …)``"""
        from core.resources import export_resource_for

        return type(
            f"{list_view.__name__}Export",
            (cls,),
            {
                "resource_class": export_resource_for(list_view.queryset.model),
                "filterset_class": list_view.filterset_class,
            },
        )

    def get(self, request):
        fmt = request.GET.get("format", "csv")
        if fmt not in EXPORT_FORMATS:
            return HttpResponse(
                _("Unknown format “%(format)s”; choose csv, xlsx or json.") % {"format": fmt},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        resource = self.resource_class(user=request.user)
        queryset = resource.export_queryset(request.user)
        query = request.GET.copy()
        query.pop("format", None)
        if self.filterset_class is not None:
            filterset = self.filterset_class(query, queryset=queryset, request=request)
            if not filterset.is_valid():
                errors = "; ".join(
                    f"{field}: {' '.join(messages_)}"
                    for field, messages_ in filterset.errors.items()
                )
                return HttpResponse(
                    _("The filter is not valid: %(errors)s") % {"errors": errors},
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            queryset = filterset.qs
        dataset = resource.export(queryset)
        if fmt == "csv":
            body = "\ufeff" + dataset.csv  # the BOM makes Excel read UTF-8
        elif fmt == "xlsx":
            body = dataset.xlsx
        else:
            body = json.dumps(dataset.dict, ensure_ascii=False, indent=1, default=str)
        name = self.resource_class.register_name
        response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{datetime.date.today():%Y-%m-%d}.{fmt}"'
        )
        return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX; the first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx", "class": "form-control"}),
    )


class ObjectImportView(LoginRequiredMixin, View):
    """Upload a file into one register; the preview follows on the job's page."""

    resource_class = None
    template_name = "generic/object_import.html"

    @property
    def model(self):
        return self.resource_class._meta.model

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_add(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        resource = self.resource_class()
        columns = [
            (
                resource.label_of(column),
                column,
                column in self.resource_class.required_columns,
                resource.help_for(column),
            )
            for column in resource.column_names()
        ]
        return {
            "form": form,
            "model_meta": self.model._meta,
            "columns": columns,
            "list_url_name": self.resource_class.url_name("list"),
            "export_url_name": self.resource_class.url_name("export"),
            "max_mb": settings.HALLBAR_IMPORT_MAX_BYTES // 1_000_000,
            "max_rows": settings.HALLBAR_IMPORT_MAX_ROWS,
            "jobs": ImportJob.objects.filter(
                requested_by=self.request.user, resource=self.resource_class.register_name
            )[:5],
        }

    def get(self, request):
        return render(request, self.template_name, self.context(ImportForm()))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_size(upload.size)
                job = import_job_create(
                    user=request.user,
                    resource_name=self.resource_class.register_name,
                    name=upload.name,
                    data=upload.read(),
                )
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                return HttpResponseRedirect(job.get_absolute_url())
        return render(request, self.template_name, self.context(form), status=400)


def _job_context(job: ImportJob, user) -> dict:
    from core.resources import REGISTRY

    outcome = ImportOutcome.from_dict(job.outcome) if job.outcome else None
    resource_class = REGISTRY.get(job.resource)
    model = resource_class._meta.model if resource_class else None
    return {
        "object": job,
        "outcome": outcome,
        "errors": outcome.errors if outcome else [],
        "preview_rows": outcome.rows[:PREVIEW_ROWS] if outcome else [],
        # Rows the register points out without refusing them (possible duplicates).
        "warning_rows": [row for row in outcome.rows if row.warnings][:PREVIEW_ROWS]
        if outcome
        else [],
        "more_rows": max(0, len(outcome.rows) - PREVIEW_ROWS) if outcome else 0,
        "register": model._meta.verbose_name_plural if model else job.resource,
        "list_url": reverse(resource_class.url_name("list")) if resource_class else "",
        "can_confirm": job.status == "previewed"
        and job.requested_by_id == user.pk
        and outcome is not None
        and outcome.ok,
    }


class ImportJobDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
        return render(request, "core/importjob_detail.html", _job_context(job, request.user))


class ImportJobProgressView(LoginRequiredMixin, View):
    """The job's state for the detail page to poll while the worker checks or imports."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
        if job.is_working:
            return render(request, "core/_importjob_progress.html", {"object": job})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the whole page shows the outcome
        return response


class ImportJobConfirmView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
        try:
            job = import_job_confirm(user=request.user, job=job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(job.get_absolute_url())
        if job.status == "done":
            counts = ImportOutcome.from_dict(job.outcome).counts
            messages.success(
                request,
                _("Imported: %(new)d new, %(update)d updated, %(unchanged)d unchanged.") % counts,
            )
        return HttpResponseRedirect(job.get_absolute_url())
