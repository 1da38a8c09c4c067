"""Schemathesis against /api/schema/, in-process: every operation fuzzed from the schema, at least
100 examples each, as a procurer (with a real token) and anonymously.

No server error, no response outside the schema (status, content type, headers, body), and no
operation that declares authentication but answers without it (ignored_auth).
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.testing.matrix import World
from organisations.services import api_token_create

EXAMPLES = int(os.environ.get("HALLBAR_SCHEMATHESIS_EXAMPLES", "100"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
if os.environ.get("HALLBAR_SCHEMATHESIS_PATHS"):
    schema = schema.include(path_regex=os.environ["HALLBAR_SCHEMATHESIS_PATHS"])

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


@pytest.fixture
def procurer_token(db):
    world = World()
    _token, raw = api_token_create(user=world.users["procurer_a"], name="schemathesis", days=1)
    return raw


@pytest.fixture
def anonymous_world(db):
    return World()


@schema.parametrize()
@FUZZ
def test_api_as_procurer(case, procurer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {procurer_token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_anonymously(case, anonymous_world):
    case.call_and_validate(checks=CHECKS)
