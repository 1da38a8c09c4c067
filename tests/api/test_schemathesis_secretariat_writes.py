"""Schemathesis as the secretariat against the registers it writes (suppliers, sites, risk
analyses, identified risks, studies, partnerships, organisations). The procurer's run
(test_schemathesis.py) is refused with 403 before a body is read, so these writes are fuzzed
here: no server error, no response outside the schema, whatever the body."""

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

from organisations.services import api_token_create
from tests.api.openapi import api_schema
from tests.api.test_schemathesis import CHECKS, keep_the_test_connection  # noqa: F401
from tests.world import World

EXAMPLES = int(os.environ.get("HALLBAR_SCHEMATHESIS_WRITE_EXAMPLES", "25"))
PATHS = (
    r"^/api/v1/"
    r"(suppliers|sites|risk-analyses|identified-risks|studies|partnerships|organisations)/"
)

schema = api_schema().include(path_regex=PATHS, method=["POST", "PATCH", "DELETE"])


@pytest.fixture
def secretariat_token(db):
    world = World()
    _token, raw = api_token_create(user=world.users["secretariat"], name="schemathesis", days=1)
    return raw


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.generate, Phase.shrink],
    database=None,
)
def test_secretariat_writes(case, secretariat_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {secretariat_token}"}, checks=CHECKS)
