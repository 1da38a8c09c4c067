"""The API's OpenAPI schema for the schemathesis tests, loaded once per test process: each
load has drf-spectacular generate the whole schema (about 3 s), and four modules fuzz it."""

import functools

import schemathesis
from django.core.wsgi import get_wsgi_application


@functools.cache
def api_schema():
    """The schema at /api/schema/, read through the WSGI application (no server)."""
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
