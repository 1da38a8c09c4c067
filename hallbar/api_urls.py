"""The REST API: one router under /api/v1/, the OpenAPI schema and its Swagger UI.

Each app lists its resources in ``<app>/api/urls.py`` as ``ROUTES = [(prefix, viewset,
basename)]``; the basename is the model's name, so the URL names are ``api:<model>-list`` and
``api:<model>-detail`` (DESIGN.md).
"""

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.api import registry

API_APPS = settings.LOCAL_APPS


class Router(DefaultRouter):
    include_format_suffixes = False  # ?format=csv, not .csv suffixes


def build_router() -> Router:
    router = Router()
    for app in API_APPS:
        try:
            module = import_module(f"{app}.api.urls")
        except ModuleNotFoundError as error:
            if error.name not in (f"{app}.api", f"{app}.api.urls"):
                raise
            continue
        for prefix, viewset, basename in module.ROUTES:
            router.register(prefix, viewset, basename=basename)
            registry.register(prefix, viewset)
    return router


router = build_router()

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="api")),
    # The schema is built from code alone: no database transaction around it.
    path(
        "schema/",
        transaction.non_atomic_requests(SpectacularAPIView.as_view()),
        name="api-schema",
    ),
    # The split view loads Swagger UI's init script from /api/docs/?script= instead of inlining
    # it (the Content-Security-Policy allows no inline script); templates/drf_spectacular/
    # swagger_ui.html moves its inline style to a static file.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
