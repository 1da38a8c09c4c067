"""The project's static file finders."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

# What the portal never serves: ReDoc, 12 MB with its source maps (the API docs are Swagger UI).
# Source maps stay: the manifest storage rewrites the CSS and JS files' references to them.
NEVER_SERVED = ["drf_spectacular_sidecar/redoc/*"]


class PortalAppDirectoriesFinder(AppDirectoriesFinder):
    """The apps' static files but what is never served: collectstatic copies, hashes and
    compresses less."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *NEVER_SERVED])
