"""Every API endpoint and method × every kind of user: the rows of tests/<app>/api_matrix.py."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from tests.matrix import ROLES, api_endpoints, collect_rows

ROWS = collect_rows("api_matrix")

# One world for the whole module: each case runs in its own savepoint, so a write is undone
# before the next case (building the world for each of the ~600 cases cost most of the time).
pytestmark = pytest.mark.usefixtures("module_world")


def test_every_endpoint_and_method_has_a_row():
    covered = {(row.url_name, row.method) for row in ROWS}
    missing = sorted(api_endpoints() - covered)
    assert not missing, f"API endpoints without a row in the API permission matrix: {missing}"


def test_rows_name_existing_endpoints():
    names = {name for name, _method in api_endpoints()}
    unknown = sorted({row.url_name for row in ROWS} - names)
    assert not unknown, f"API matrix rows for URL names that do not exist: {unknown}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "role"),
    [(row, role) for row in ROWS for role in ROLES],
    ids=[
        f"{row.method}-{row.url_name}{row.note and '-' + row.note}-{role}"
        for row in ROWS
        for role in ROLES
    ],
)
def test_api_permission_matrix(shared_world, module_logins, row, role):
    client = module_logins.api(None if role == "anonymous" else role)
    url = reverse(row.url_name, kwargs=row.url_kwargs(shared_world))
    if row.query:
        url = f"{url}?{urlencode(row.query)}"
    body = row.body(shared_world)
    response = getattr(client, row.method)(url, data=body, format="json")
    expected = row.expect[role]
    assert response.status_code == expected, (
        f"{row.method.upper()} {url} as {role}: {response.status_code}, expected {expected}: "
        f"{getattr(response, 'data', '')}"
    )
    if expected >= 400:
        assert response.json()["status"] == expected, "errors keep the one JSON shape"
