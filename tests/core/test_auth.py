"""Login, logout, failed-login limits, session expiry and the language switch."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-2024"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user():
    user = UserFactory(username="anna")
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, password, username="anna"):
    return client.post("/login/", {"username": username, "password": password})


def test_login_and_logout_end_the_session_on_the_server(client, user):
    response = login(client, PASSWORD)
    assert response.status_code == 302
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    response = client.post("/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/").status_code == 302


def test_logout_by_get_is_refused(client, user):
    login(client, PASSWORD)
    assert client.get("/logout/").status_code == 405


def test_wrong_password_says_so_in_swedish(client, user):
    response = login(client, "fel")
    assert response.status_code == 200
    assert "korrekt användarnamn och lösenord" in response.content.decode()


def test_failed_logins_are_limited_even_for_the_right_password(client, user):
    limit = settings.HALLBAR_LOGIN_FAILURES_PER_USER
    for _ in range(limit):
        assert login(client, "fel").status_code == 200
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out by anna's failures.
    other = UserFactory(username="bo")
    other.set_password(PASSWORD)
    other.save()
    assert login(client, PASSWORD, username="bo").status_code == 302


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 8


def test_language_switch_to_english(client, user):
    login(client, PASSWORD)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/", follow=True)
    assert 'lang="en"' in page.content.decode()
