"""OpenID Connect login against a real OpenID provider (django-oauth-toolkit, run as its own
process: tests/identity/oidc_provider/), driven with ``requests`` as the person's browser at the
IdP and Django's test client as the same browser at the portal.

Every failure ends on the "Login not accepted" page with a message that says what went wrong
(400), saves no user, and is counted by the login lock."""

from __future__ import annotations

import contextlib
import html
import re
import socket
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from identity import oidc
from identity.models import ExternalIdentity
from organisations.choices import Role
from organisations.models import Membership, User
from tests.identity.oidc_provider.fixtures import connect, idp_log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

TESTSERVER = "http://testserver"
DEAD_CACHE = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture(autouse=True)
def _fresh_discovery(settings):
    """Each test fetches the IdP's discovery document anew (its clients differ per test): the
    cache it is kept in starts empty (tests/conftest.py)."""
    settings.HALLBAR_OIDC_TIMEOUT = 2.0


@pytest.fixture
def client(client):
    """The portal in English: the messages asserted are the msgids."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def orebro(world, oidc_idp):
    return connect(oidc_idp, world.region_a, TESTSERVER)


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def onward(response) -> str:
    """Where the portal's page sends the browser on to (its instant meta refresh)."""
    text = response.content.decode()
    assert response.status_code == 200, text[:2000]
    found = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', text)
    assert found, text[:2000]
    return html.unescape(found.group(1))


def begin(client, provider, next_url: str = "") -> str:
    """The portal's way to the IdP's authorization endpoint."""
    url = reverse("identity:sso_begin", args=[provider.pk])
    return onward(client.get(url + (f"?next={next_url}" if next_url else "")))


def log_in(client, provider, username="cecilia.orebro", next_url="", session=None):
    authorize = begin(client, provider, next_url)
    return client.get(idp_log_in(authorize, username, session=session))


def failures() -> int:
    return AccessAttempt.objects.aggregate(n=Sum("failures_since_start"))["n"] or 0


def refused(response, status: int = 400) -> str:
    text = response.content.decode()
    assert response.status_code == status, text[:3000]
    assert "Login not accepted" in text
    return text


def test_cecilia_logs_in_as_procurer_of_orebro(client, world, orebro):
    authorize = begin(client, orebro, next_url="/audits/")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(orebro.oidc_issuer + "/authorize/")
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == [f"{TESTSERVER}/login/sso/{orebro.pk}/oidc/callback/"]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}

    answer = client.get(idp_log_in(authorize, "cecilia.orebro"))
    assert answer.status_code == 302 and answer["Location"] == "/audits/"
    user = User.objects.get(username="cecilia.orebro")
    assert (user.first_name, user.last_name) == ("Cecilia", "Örebro")
    assert user.email == "cecilia.orebro@regionorebrolan.se"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (world.region_a, Role.PROCURER)
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.provider == orebro and identity.attributes["role"] == ["upphandlare"]
    assert "nonce" not in identity.attributes and "aud" not in identity.attributes
    session = client.session["hallbar_sso"]
    assert session["provider"] == orebro.pk and session["id_token"].count(".") == 2
    assert not [key for key, _ in client.session.items() if key.startswith("_state_")]
    # The permission gate: Örebro's audit is hers to edit; Stockholm's is not.
    home = client.get("/", follow=True)
    assert home.redirect_chain == [], home.redirect_chain
    assert "Cecilia Örebro" in home.content.decode()
    assert client.get(reverse("audits:audit_edit", args=[world.audit_a.pk])).status_code == 200
    assert client.get(reverse("audits:audit_edit", args=[world.audit_b.pk])).status_code in (
        403,
        404,
    )


def test_the_portals_logout_ends_the_idps_session_too(client, orebro):
    browser = requests.Session()  # the person's browser at the IdP
    log_in(client, orebro, session=browser)
    id_token = client.session["hallbar_sso"]["id_token"]
    end_session = onward(client.post(reverse("logout")))
    query = parse_qs(urlsplit(end_session).query)
    assert end_session.startswith(orebro.oidc_issuer + "/logout/")
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{TESTSERVER}/login/"]
    assert "_auth_user_id" not in client.session
    back = browser.get(end_session, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"].startswith(f"{TESTSERVER}/login/")
    # Logging in again asks for the password at the IdP.
    again = browser.get(begin(client, orebro), allow_redirects=False, timeout=10)
    assert again.status_code == 302 and "/accounts/login/" in again.headers["Location"]


def test_logout_with_the_idp_unreachable_still_ends_the_portals_session(client, orebro):
    from django.core.cache import cache

    log_in(client, orebro)
    orebro.oidc_issuer = "http://127.0.0.1:1/o"
    orebro.save()
    cache.clear()
    logout = client.post(reverse("logout"))
    assert logout.status_code == 302 and logout["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_state_that_does_not_match_is_refused(client, orebro):
    back = idp_log_in(begin(client, orebro), "cecilia.orebro")
    before = failures()
    text = refused(client.get(with_query(back, state="someone-elses-state")))
    assert "Start the login again" in text
    assert not User.objects.filter(username="cecilia.orebro").exists()
    assert failures() == before + 1


def test_a_callback_without_state_or_code_is_refused(client, orebro):
    refused(client.get(reverse("identity:oidc_callback", args=[orebro.pk])))
    assert not User.objects.exists() or not User.objects.filter(username="cecilia.orebro").exists()


def test_a_replayed_code_is_refused(client, orebro):
    back = idp_log_in(begin(client, orebro), "cecilia.orebro")
    assert client.get(back).status_code == 302
    client.logout()
    # The same answer again: its state was used up.
    text = refused(client.get(back))
    assert "Start the login again" in text
    # The same code with a login started anew: the IdP refuses the used code.
    state = parse_qs(urlsplit(begin(client, orebro)).query)["state"][0]
    before = failures()
    text = refused(client.get(with_query(back, state=state)))
    assert "invalid_grant" in text
    assert failures() == before + 1
    assert "_auth_user_id" not in client.session


def test_an_id_token_with_another_nonce_is_refused(client, orebro):
    # The code was obtained with another nonce than this browser's login asked for.
    authorize = with_query(begin(client, orebro), nonce="a-nonce-of-someone-else")
    text = refused(client.get(idp_log_in(authorize, "cecilia.orebro")))
    assert "nonce" in text
    assert not User.objects.filter(username="cecilia.orebro").exists()


def test_an_id_token_for_another_client_is_refused(client, orebro, oidc_idp):
    oidc_idp.quirk(orebro.oidc_client_id, aud="another-client")
    before = failures()
    text = refused(log_in(client, orebro))
    assert "aud" in text
    assert not User.objects.filter(username="cecilia.orebro").exists()
    assert failures() == before + 1


def test_the_idp_saying_no_is_shown(client, orebro):
    back = idp_log_in(begin(client, orebro), "cecilia.orebro")
    state = parse_qs(urlsplit(back).query)["state"][0]
    url = reverse("identity:oidc_callback", args=[orebro.pk])
    text = refused(
        client.get(url, {"error": "access_denied", "error_description": "Nekad", "state": state})
    )
    assert "Nekad" in text
    # The state of that login is spent: its code is no use afterwards.
    refused(client.get(back))


def test_an_error_answer_for_a_login_not_started_here_shows_no_text_of_its_own(client, orebro):
    url = reverse("identity:oidc_callback", args=[orebro.pk])
    text = refused(client.get(url, {"error": "x", "error_description": "Ring 0771-123456"}))
    assert "Ring 0771" not in text and "Start the login again" in text


def other_key_jwks(jwks: dict) -> dict:
    """The IdP's key set with each key's public part replaced by another key's (same key id)."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from joserfc.jwk import RSAKey

    keys = []
    for key in jwks["keys"]:
        other = RSAKey.import_key(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        keys.append({**key, "n": other.as_dict(private=False)["n"]})
    return {"keys": keys}


def test_an_id_token_whose_signature_does_not_verify_is_refused(client, orebro):
    from django.core.cache import cache

    back = idp_log_in(begin(client, orebro), "cecilia.orebro")
    found = oidc.metadata(orebro)
    found["jwks"] = other_key_jwks(found["jwks"])
    cache.set(oidc._cache_key(orebro.oidc_issuer), found, 300)
    text = refused(client.get(back))
    assert "could not be verified" in text
    assert not User.objects.filter(username="cecilia.orebro").exists()


def test_keys_the_idp_rotated_are_fetched_again(client, orebro):
    """A cached key set without the token's key id: the JWKS is fetched again and kept."""
    from django.core.cache import cache

    back = idp_log_in(begin(client, orebro), "cecilia.orebro")
    found = oidc.metadata(orebro)
    real = found["jwks"]
    found["jwks"] = {"keys": [{**k, "kid": "retired"} for k in other_key_jwks(real)["keys"]]}
    cache.set(oidc._cache_key(orebro.oidc_issuer), found, 300)
    assert client.get(back).status_code == 302
    assert oidc.metadata(orebro)["jwks"] == real


def test_an_unreachable_idp_is_said_so(client, world, orebro):
    orebro.oidc_issuer = "http://127.0.0.1:1/o"  # nothing listens there
    orebro.save()
    before = failures()
    response = client.get(reverse("identity:sso_begin", args=[orebro.pk]))
    text = refused(response)
    assert "could not be reached" in text
    assert failures() == before + 1


def test_a_token_endpoint_that_does_not_answer_times_out(client, orebro, settings):
    """Discovery worked; then the token endpoint accepts the connection and says nothing."""
    settings.HALLBAR_OIDC_TIMEOUT = 1.0
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    accepted = []
    stop = threading.Event()

    def hold():
        silent.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(silent.accept()[0])

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    try:
        back = idp_log_in(begin(client, orebro), "cecilia.orebro")
        found = oidc.metadata(orebro)
        found["token_endpoint"] = f"http://127.0.0.1:{silent.getsockname()[1]}/token/"
        from django.core.cache import cache

        cache.set(oidc._cache_key(orebro.oidc_issuer), found, 300)
        started = time.monotonic()
        text = refused(client.get(back))
        assert time.monotonic() - started < 5
        assert "could not be reached" in text
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        silent.close()
    assert not User.objects.filter(username="cecilia.orebro").exists()


def test_a_changed_role_claim_changes_the_role_at_the_next_login(client, world, orebro, oidc_idp):
    try:
        assert log_in(client, orebro).status_code == 302
        user = User.objects.get(username="cecilia.orebro")
        assert Membership.objects.get(user=user, organisation=world.region_a).role == "procurer"
        client.logout()
        oidc_idp.set_claims("cecilia.orebro", role="läsare")
        assert log_in(client, orebro).status_code == 302
        assert Membership.objects.get(user=user, organisation=world.region_a).role == "reader"
        edit = reverse("audits:audit_edit", args=[world.audit_a.pk])
        assert client.get(edit).status_code != 200
        # No role at all: refused, and the membership is gone.
        client.logout()
        oidc_idp.set_claims("cecilia.orebro", role="kock")
        text = refused(log_in(client, orebro), status=403)
        assert "given you no role" in text
        assert not Membership.objects.filter(user=user).exists()
    finally:
        oidc_idp.set_claims("cecilia.orebro")


def test_a_deactivated_user_is_refused(client, orebro):
    assert log_in(client, orebro).status_code == 302
    client.logout()
    User.objects.filter(username="cecilia.orebro").update(is_active=False)
    text = refused(log_in(client, orebro), status=403)
    assert "has been deactivated" in text
    assert "_auth_user_id" not in client.session


@override_settings(CACHES=DEAD_CACHE)
def test_the_discovery_cache_works_with_redis_unreachable(client, orebro, monkeypatch, caplog):
    fetched = []
    real_get = requests.get

    def counting_get(url, *args, **kwargs):
        fetched.append(url)
        return real_get(url, *args, **kwargs)

    monkeypatch.setattr(oidc.requests, "get", counting_get)
    assert log_in(client, orebro).status_code == 302
    assert "_auth_user_id" in client.session
    assert len(fetched) == 2  # discovery and JWKS
    client.logout()
    assert log_in(client, orebro).status_code == 302
    assert len(fetched) == 2  # kept in this process's memory meanwhile
    assert "Redis cache unreachable" in caplog.text
