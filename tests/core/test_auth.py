"""Login, logout, failed-login limits, session expiry and the language switch."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-2024"


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


def locked(response) -> bool:
    return response.status_code == 429 and (
        "För många misslyckade inloggningar" in response.content.decode()
    )


def test_failed_logins_are_limited_even_for_the_right_password(client, user):
    limit = settings.HALLBAR_LOGIN_FAILURES_PER_USER
    for _ in range(limit - 1):
        assert login(client, "fel").status_code == 200
    assert locked(login(client, "fel"))
    response = login(client, PASSWORD)
    assert locked(response)
    assert "Vänta 15 minuter" in response.content.decode()
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out by anna's failures.
    other = UserFactory(username="bo")
    other.set_password(PASSWORD)
    other.save()
    assert login(client, PASSWORD, username="bo").status_code == 302


def test_the_lock_message_in_english_says_how_long_to_wait(client, user):
    client.cookies["django_language"] = "en"
    for _ in range(settings.HALLBAR_LOGIN_FAILURES_PER_USER):
        login(client, "fel")
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins. Wait 15 minutes" in response.content.decode()


@pytest.mark.parametrize("spelling", ["ａｎｎａ", "ＡＮＮＡ", " Anna ", "ANNA"])
def test_other_spellings_of_a_username_count_against_its_lock(client, user, spelling):
    for _ in range(settings.HALLBAR_LOGIN_FAILURES_PER_USER):
        login(client, "fel", username=spelling)
    assert locked(login(client, PASSWORD))


def test_a_full_width_username_logs_in_as_the_same_user(client, user):
    response = login(client, PASSWORD, username="ａｎｎａ")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_random_usernames_from_one_address_do_not_lock_out_its_users(client, user):
    for n in range(25):
        assert login(client, "fel", username=f"gissning-{n}").status_code == 200
    assert login(client, PASSWORD).status_code == 302


def test_an_address_is_locked_at_its_own_higher_threshold(client, user, settings):
    settings.HALLBAR_LOGIN_FAILURES_PER_ADDRESS = 12
    for n in range(11):
        assert login(client, "fel", username=f"gissning-{n}").status_code == 200
    assert locked(login(client, "fel", username="gissning-11"))
    assert locked(login(client, PASSWORD))
    # Another address is not affected.
    other = client.__class__(REMOTE_ADDR="10.9.8.7")
    assert other.post("/login/", {"username": "anna", "password": PASSWORD}).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_address_lock(client, user, settings):
    settings.HALLBAR_LOGIN_FAILURES_PER_ADDRESS = 6
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    for n in range(6):
        client.post(
            "/login/",
            {"username": f"gissning-{n}", "password": "fel"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert locked(login(client, PASSWORD))


def test_behind_one_proxy_the_forwarded_address_is_counted(client, user, settings):
    settings.HALLBAR_LOGIN_FAILURES_PER_ADDRESS = 6
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(6):
        client.post(
            "/login/",
            {"username": f"gissning-{n}", "password": "fel"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    # The proxy's own address (REMOTE_ADDR) is shared with everyone: not locked.
    response = client.post(
        "/login/",
        {"username": "anna", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_a_successful_login_resets_the_usernames_count(client, user):
    limit = settings.HALLBAR_LOGIN_FAILURES_PER_USER
    for _ in range(limit - 1):
        login(client, "fel")
    assert login(client, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(limit - 1):
        assert login(client, "fel").status_code == 200
    assert login(client, PASSWORD).status_code == 302


def test_the_admin_login_goes_through_the_same_lock(client, world):
    for _ in range(settings.HALLBAR_LOGIN_FAILURES_PER_USER):
        client.post("/admin/login/", {"username": "secretariat", "password": "fel"})
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ＳＥＣＲＥＴＡＲＩＡＴ", "password": "matrix-password-1"},
    )
    assert locked(response)
    assert locked(login(client, "matrix-password-1", username="secretariat"))


def test_the_secretariat_sees_and_unlocks_a_locked_account(client, world):
    from django.core.management import call_command

    for _ in range(settings.HALLBAR_LOGIN_FAILURES_PER_USER):
        login(client, "fel", username="Reader")
    assert locked(login(client, "matrix-password-1", username="reader"))
    staff = client.__class__(REMOTE_ADDR="10.1.1.1")
    staff.force_login(world.users["secretariat"])
    listing = staff.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "reader" in listing.content.decode()
    call_command("axes_reset_username", "reader")
    assert login(client, "matrix-password-1", username="reader").status_code == 302


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 8


def test_language_switch_to_english(client, user):
    login(client, PASSWORD)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/", follow=True)
    assert 'lang="en"' in page.content.decode()
