"""Plumbing views shared by the whole project."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.files import StoredFileMissing


@never_cache
@require_GET
def healthz(request):
    """Liveness and database reachability, for container healthchecks and load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "error", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    """404: the API's JSON error shape under /api/, the portal's page elsewhere; a file missing
    from the storage says so."""
    missing = str(exception) if isinstance(exception, StoredFileMissing) else None
    if _is_api(request):
        return JsonResponse(
            {"status": 404, "code": "not_found", "detail": missing or str(_("Not found."))},
            status=404,
        )
    if missing:
        return render(request, "core/file_missing.html", {"message": missing}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/, so that even a failure keeps the API's one error shape."""
    if _is_api(request):
        return JsonResponse(
            {"status": 500, "code": "server_error", "detail": str(_("Server error."))},
            status=500,
        )
    return defaults.server_error(request)


class ApiHelpView(LoginRequiredMixin, TemplateView):
    """The portal's API page: how a region's system pulls its data, with curl and with Python."""

    template_name = "core/api_help.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["base_url"] = self.request.build_absolute_uri("/").rstrip("/")
        return context
