"""A user's history holds what changed of them (names, addresses, flags), not each login."""

import pytest

from organisations.models import User


@pytest.mark.django_db
def test_a_login_notes_its_time_and_writes_no_history_row(client):
    user = User.objects.create_user(username="greta", password="a-long-password-1")
    rows = user.history.count()
    response = client.post("/login/", {"username": "greta", "password": "a-long-password-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == rows
    user.email = "greta@region.test"
    user.save()
    assert user.history.count() == rows + 1
    assert user.history.first().email == "greta@region.test"
