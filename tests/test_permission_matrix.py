"""Every portal URL × every kind of user: the statuses of tests/<app>/matrix.py rows."""

import pytest
from django.urls import reverse

from tests.matrix import ROLES, collect_rows, portal_url_names

ROWS = collect_rows("matrix")

# One world for the whole module: each case runs in its own savepoint, so a write is undone
# before the next case (building the world for each of the ~650 cases cost most of the time).
pytestmark = pytest.mark.usefixtures("module_world")


def test_every_portal_url_has_a_row():
    covered = {row.url_name for row in ROWS}
    missing = sorted(portal_url_names() - covered)
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"


def test_rows_name_existing_urls():
    unknown = sorted({row.url_name for row in ROWS} - portal_url_names())
    assert not unknown, f"Matrix rows for URL names that do not exist: {unknown}"


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
def test_permission_matrix(client, shared_world, module_logins, row, role):
    if role != "anonymous":
        module_logins.log_in(client, role)
    url = reverse(row.url_name, kwargs=row.url_kwargs(shared_world))
    response = getattr(client, row.method)(url, data=row.post_data(shared_world))
    expected = row.expect[role]
    assert response.status_code == expected, (
        f"{row.method.upper()} {url} as {role}: {response.status_code}, expected {expected}"
    )
