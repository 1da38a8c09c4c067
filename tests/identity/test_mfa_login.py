"""Issue 19, part 2: the second step of a password login (TOTP, recovery codes), the login lock
on it, and the confinement of a user whose role requires MFA until they set it up."""

import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity import mfa
from identity.mfa_login import PENDING_KEY
from identity.models import WebAuthnCredential
from tests.world import PASSWORD, SECRETARIAT_TOTP_KEY, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # the messages as written, whatever the catalogue
    return client


def password(client, username, next_url=""):
    return client.post("/login/", {"username": username, "password": PASSWORD, "next": next_url})


def second(client, code, method="totp"):
    return client.post("/login/mfa/", {"method": method, f"{method}-code": code})


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_a_right_password_with_an_app_waits_for_the_code(client, world):
    response = password(client, "secretariat", next_url="/suppliers/")
    assert response.status_code == 302 and response.url == "/login/mfa/"
    assert logged_in_as(client) is None
    assert client.get("/suppliers/").status_code == 302  # not in yet
    page = client.get("/login/mfa/").content.decode()
    assert "Authenticator app" in page and 'name="totp-code"' in page
    before = client.session.session_key

    response = second(client, totp_code())
    assert response.status_code == 302 and response.url == "/suppliers/"
    assert logged_in_as(client) == str(world.users["secretariat"].pk)
    assert client.session.session_key != before
    assert PENDING_KEY not in client.session
    assert client.get("/suppliers/").status_code == 200


def test_a_wrong_code_says_so_and_counts_for_the_login_lock(client, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the app's own throttling is tested below
    password(client, "secretariat")
    response = second(client, "000000" if totp_code() != "000000" else "111111")
    assert response.status_code == 200
    assert "The code is not right, or it has been used." in response.content.decode()
    assert logged_in_as(client) is None
    attempt = AccessAttempt.objects.get(username="secretariat")
    assert attempt.failures_since_start == 1

    limit = settings.HALLBAR_LOGIN_FAILURES_PER_USER
    for _ in range(limit - 2):
        assert second(client, "12345x").status_code == 200
    locked = second(client, "12345x")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Locked: the right code is refused too, and so is a new password login.
    assert second(client, totp_code()).status_code in (302, 429)
    assert logged_in_as(client) is None
    assert password(client, "secretariat").status_code == 429
    assert logged_in_as(client) is None


def test_after_the_lock_the_second_step_is_refused(client, world, settings):
    password(client, "secretariat")  # pending, then the lock comes from elsewhere
    for _ in range(settings.HALLBAR_LOGIN_FAILURES_PER_USER):
        client.__class__(REMOTE_ADDR="10.2.2.2").post(
            "/login/", {"username": "secretariat", "password": "fel"}
        )
    response = second(client, totp_code())
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert logged_in_as(client) is None


def test_the_apps_own_throttling_holds_after_a_wrong_code(client, world):
    password(client, "secretariat")
    second(client, "000000" if totp_code() != "000000" else "111111")
    # Right away, even the right code waits (django-otp: 1 s after one wrong code).
    response = second(client, totp_code())
    assert response.status_code == 429
    assert "Wait a minute" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_code_cannot_be_used_twice(client, world):
    code = totp_code()
    password(client, "secretariat")
    assert second(client, code).status_code == 302
    client.post("/logout/")
    password(client, "secretariat")
    response = second(client, code)
    assert response.status_code == 200
    assert "has been used" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_pending_login_expires(client, world, settings):
    settings.HALLBAR_MFA_PENDING_SECONDS = 60
    password(client, "secretariat")
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": time.time() - 61}
    session.save()
    response = second(client, totp_code())
    assert response.status_code == 302 and response.url == "/login/"
    assert logged_in_as(client) is None


def test_a_recovery_code_works_once_and_is_stored_hashed(client, world):
    secretariat = world.users["secretariat"]
    codes = mfa.recovery_codes_generate(user=secretariat, actor=secretariat)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & set(codes) and not stored & {c.replace("-", "") for c in codes}

    password(client, "secretariat")
    assert "Use a recovery code" in client.get("/login/mfa/").content.decode()
    assert second(client, codes[3].upper(), method="recovery").status_code == 302
    assert logged_in_as(client) == str(secretariat.pk)
    client.post("/logout/")

    password(client, "secretariat")
    response = second(client, codes[3], method="recovery")
    assert response.status_code == 200
    assert "The recovery code is not right or has been used." in response.content.decode()
    assert StaticToken.objects.filter(device__user=secretariat).count() == 9


def test_a_reader_without_mfa_logs_in_with_the_password_only(client, world):
    response = password(client, "reader")
    assert response.status_code == 302 and response.url == "/"
    assert logged_in_as(client) == str(world.users["reader"].pk)
    assert client.get("/suppliers/").status_code == 200


def test_a_reader_who_set_up_an_app_gets_the_second_step_too(client, world):
    reader = world.users["reader"]
    TOTPDevice.objects.create(user=reader, name="App", key=SECRETARIAT_TOTP_KEY, confirmed=True)
    assert password(client, "reader").url == "/login/mfa/"
    assert logged_in_as(client) is None


def test_the_admin_login_asks_for_the_second_step_too(client, world):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "secretariat", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/login/mfa/"
    assert logged_in_as(client) is None
    response = second(client, totp_code())
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_secretariat_without_a_method_is_confined_to_the_mfa_pages(client, world):
    world.secretariat_totp.delete()
    response = password(client, "secretariat", next_url="/suppliers/")
    assert response.status_code == 302
    assert response.url == "/account/mfa/?next=%2Fsuppliers%2F"
    assert logged_in_as(client) == str(world.users["secretariat"].pk)
    # Anywhere else: back to the MFA page; the MFA pages, the statement and logout are open.
    assert client.get("/suppliers/").url == "/account/mfa/?next=%2Fsuppliers%2F"
    assert client.get("/admin/").url.startswith("/account/mfa/")
    assert client.post("/suppliers/add/", {}).status_code == 403
    page = client.get("/account/mfa/")
    assert page.status_code == 200
    assert "Your role requires two-step verification" in page.content.decode()
    assert client.get("/accessibility/").status_code == 200
    assert client.get("/account/mfa/app/?next=/suppliers/").status_code == 200

    # Setting up the app (a code from the secret shown) ends the confinement.
    key = client.session["hallbar_totp_setup"]
    response = client.post(
        "/account/mfa/app/?next=/suppliers/", {"name": "Jobbmobil", "code": totp_code(key)}
    )
    assert response.status_code == 302
    assert response.url == "/account/mfa/recovery-codes/?next=%2Fsuppliers%2F"
    assert client.get("/suppliers/").status_code == 200
    device = TOTPDevice.objects.get(user=world.users["secretariat"])
    assert device.confirmed and device.name == "Jobbmobil"
    assert device.history.get().history_user == world.users["secretariat"]


def test_force_login_sessions_are_not_confined(client, world):
    world.secretariat_totp.delete()
    client.force_login(world.users["secretariat"])
    assert client.get("/suppliers/").status_code == 200


def test_a_required_role_from_the_rules_page_confines_the_auditor(client, world):
    secretariat = client.__class__()
    secretariat.force_login(world.users["secretariat"])
    response = secretariat.post("/mfa/requirements/", {"auditor": "on"})
    assert response.status_code == 302
    response = password(client, "auditor")
    assert response.url.startswith("/account/mfa/")
    assert client.get("/audits/").url.startswith("/account/mfa/")


def test_failed_logins_setting_is_the_lock_limit():
    # The tests above count on the per-user limit being at least 3.
    assert settings.HALLBAR_LOGIN_FAILURES_PER_USER >= 3


def test_an_empty_code_is_asked_for_again_and_not_counted(client, world):
    password(client, "secretariat")
    response = second(client, "")
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="secretariat").exists()


def test_a_passkey_answer_that_does_not_verify_counts_as_a_failure(client, world):
    WebAuthnCredential.objects.create(
        user=world.users["reader"], name="Nyckel", credential_id="AAAA", public_key="AAAA"
    )
    assert password(client, "reader").url == "/login/mfa/"
    page = client.get("/login/mfa/").content.decode()
    assert 'data-passkey="get"' in page and "&quot;allowCredentials&quot;" in page
    forged = '{"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}'
    response = client.post("/login/mfa/", {"method": "passkey", "credential": forged})
    assert response.status_code == 200
    assert "The passkey was not accepted" in response.content.decode()
    assert AccessAttempt.objects.get(username="reader").failures_since_start == 1
    assert logged_in_as(client) is None
