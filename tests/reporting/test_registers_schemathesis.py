"""Schemathesis against the year's registers as the secretariat, the one role that writes them:
every operation of events, yearly figures, financial years and narratives fuzzed from the schema
(the project-wide run in tests/api/test_schemathesis.py calls as a procurer, who is refused
before the input is read). No server error, no answer outside the schema.

``HALLBAR_SCHEMATHESIS_EXAMPLES`` sets the examples per operation (30 here unless set).
"""

import os
from decimal import Decimal

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from organisations.services import api_token_create
from reporting.models import FinancialYear, Narrative, YearlyFigure
from tests.api.openapi import api_schema
from tests.world import World

EXAMPLES = int(os.environ.get("HALLBAR_SCHEMATHESIS_EXAMPLES", "30"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PATHS = r"^/api/v1/(events|yearly-figures|financial-years|narratives)/"

schema = api_schema().include(path_regex=PATHS)

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
    """As in tests/api/test_schemathesis.py: an in-process WSGI call must not close the test's
    database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def secretariat_token(db):
    """The secretariat's token, and rows with small ids for the fuzzed ids to find."""
    world = World()
    YearlyFigure.objects.create(year=2025, key="newsletters", value=Decimal(5), source="Test")
    accounts = FinancialYear.objects.create(year=2024, opening_balance=10, closing_balance=5)
    accounts.contributions.create(organisation=world.region_a, amount=Decimal(20))
    accounts.cost_lines.create(kind="staff", label="Personal", amount=Decimal(25), order=1)
    Narrative.objects.create(year=2024, section="audits", order=1, heading="Rubrik", body="Text.")
    _token, raw = api_token_create(user=world.users["secretariat"], name="schemathesis", days=1)
    return raw


@schema.parametrize()
@FUZZ
def test_the_registers_as_the_secretariat(case, secretariat_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {secretariat_token}"}, checks=CHECKS)
