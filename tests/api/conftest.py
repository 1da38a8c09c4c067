"""Fixtures of the API tests: the matrix world and a client per role with a real token."""

import pytest
from rest_framework.test import APIClient

from core.testing.matrix import World
from organisations.services import api_token_create


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
