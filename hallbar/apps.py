"""The project's own configuration of Django's staticfiles app."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class HallbarStaticFilesConfig(StaticFilesConfig):
    """collectstatic leaves out what the portal never serves: ReDoc, 12 MB with its source maps
    (the API docs are Swagger UI). Source maps stay: the manifest storage rewrites the CSS and
    JS files' references to them."""

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "drf_spectacular_sidecar/redoc/*",
    ]
