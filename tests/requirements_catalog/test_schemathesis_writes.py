"""Schemathesis on the catalogue's endpoints as the secretariat, who may write them: every
generated write is taken or refused (400, 404, 409), never a server error, and every answer
follows the schema. (tests/api/test_schemathesis.py fuzzes every endpoint as a procurer, whose
writes here stop at 403 before any service runs.)"""

import os

import pytest

from organisations.services import api_token_create
from tests.api.openapi import api_schema
from tests.api.test_schemathesis import CHECKS, FUZZ, keep_the_test_connection  # noqa: F401
from tests.world import World

PATHS = r"^/api/v1/(instruments|instrument-versions|clauses)/"

schema = api_schema().include(path_regex=os.environ.get("HALLBAR_SCHEMATHESIS_PATHS") or PATHS)


@pytest.fixture
def secretariat_token(db):
    world = World()
    _token, raw = api_token_create(user=world.users["secretariat"], name="fuzz", days=1)
    return raw


@schema.parametrize()
@FUZZ
def test_catalogue_api_as_the_secretariat(case, secretariat_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {secretariat_token}"}, checks=CHECKS)
