"""The API's OpenAPI schema for the schemathesis tests, loaded once per test process: each
load has drf-spectacular generate the whole schema (about 3 s), and four modules fuzz it."""

import functools

import schemathesis
from django.core.wsgi import get_wsgi_application


@functools.cache
def api_schema():
    """The schema at /api/schema/, read through the WSGI application (no server), as JSON: the
    same document as the default YAML, read in a third of the time at each collection."""
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
