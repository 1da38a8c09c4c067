"""Shared fixtures. Tests run on the database that DATABASE_URL names (SQLite when unset)."""

import pytest
from django.db import connection


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"
