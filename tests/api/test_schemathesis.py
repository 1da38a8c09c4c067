"""Schemathesis against /api/schema/, in-process: every operation fuzzed from the schema, at least
100 examples each, as a procurer (with a real token) and anonymously.

No server error, no response outside the schema (status, content type, headers, body), and no
operation that declares authentication but answers without it (ignored_auth).
"""

import os

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from organisations.services import api_token_create
from tests.api.openapi import api_schema
from tests.world import World

EXAMPLES = int(os.environ.get("HALLBAR_SCHEMATHESIS_EXAMPLES", "100"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]

schema = api_schema()
if os.environ.get("HALLBAR_SCHEMATHESIS_PATHS"):
    schema = schema.include(path_regex=os.environ["HALLBAR_SCHEMATHESIS_PATHS"])

# 100 generated examples per operation (and shrinking of a failure). Schemathesis's coverage
# phase (explicit boundary examples) is left out: it doubles the time of `make test` on
# PostgreSQL; the generated examples reach the same boundaries over the runs.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.generate, Phase.shrink],
    database=None,
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django closes the database connection when a request ends; Django's test client stops
    that, and so must an in-process WSGI call, or PostgreSQL loses the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


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
