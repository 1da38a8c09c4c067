"""Shared fixtures. Tests run on the database that DATABASE_URL names (SQLite when unset)."""

import pytest
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from organisations.services import api_token_create
from tests.world import World

# The slow checks that gain nothing from a second database: the browser tests and the
# deployment checks. CI runs them on the PostgreSQL pass only (`-m "not slow"` on the SQLite
# pass, which runs schemathesis with fewer examples instead).
SLOW = ("tests/e2e/", "tests/test_deploy.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request the test client sends in
    English leaves English active in the thread (LocaleMiddleware does not switch back), and the
    next test of the same process would read its lazy messages in English."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def api_as(world):
    """api_as("procurer_a") → an APIClient with that user's bearer token; None → anonymous."""

    made = []

    def make(role=None):
        client = APIClient()
        if role:
            made.append(role)
            name = f"test-{role}-{len(made)}"
            _token, raw = api_token_create(user=world.users[role], name=name, days=1)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make
