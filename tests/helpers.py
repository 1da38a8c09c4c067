"""Helpers the tests share (tests/conftest.py holds the shared fixtures)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, query=None, *, warm_up=False) -> int:
    """The SQL queries one GET of ``url`` costs; the answer must be 200. ``warm_up`` sends the
    request once before counting (an API token's first use is recorded once, not each time)."""
    if warm_up:
        client.get(url, query or {})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query or {})
    assert response.status_code == 200, response.content[:500]
    return len(context)
