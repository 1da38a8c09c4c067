"""A form sent after the session ended keeps what was typed, for the same user only, once
(core/kept_input.py); the session warning's "stay logged in" endpoint."""

from __future__ import annotations

import html

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from audits import services
from audits.models import Finding
from core import kept_input
from tests.world import PASSWORD, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

TEXT = "Leverantören saknar en riskanalys för underleverantörerna i Malaysia."
ENDED_KEPT = "Din session hade gått ut. Logga in igen så finns det du skrev kvar."
ENDED = "Din session hade gått ut. Logga in igen."
FILLED_IN = "Det du skrev innan sessionen gick ut är ifyllt igen."


@pytest.fixture
def audit(conducted_audit):
    return conducted_audit


def finding_data(**extra):
    return {
        "kind": "non_compliance",
        "severity": "major",
        "description": TEXT,
        "raised_on": "2024-05-03",
        "deadline": "2024-09-30",
        **extra,
    }


def log_in(client, username, next_url=""):
    return client.post("/login/", {"username": username, "password": PASSWORD, "next": next_url})


def open_then_expire(client, url, username="procurer_a"):
    """Open the form logged in, then the session ends on the server (as an expiry would)."""
    assert log_in(client, username).status_code == 302
    assert client.get(url).status_code == 200
    Session.objects.all().delete()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_same_user_gets_the_typed_text_back_once_and_saves_it_once(client, world, audit):
    url = reverse("audits:finding_add", kwargs={"pk": audit.pk})
    open_then_expire(client, url)

    response = client.post(url, finding_data())
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=")
    login_page = page_text(client.get(response.url))
    assert ENDED_KEPT in login_page
    assert not Finding.objects.filter(description=TEXT).exists()

    response = log_in(client, "procurer_a", next_url=url)
    assert response.url == url
    form = page_text(client.get(url))
    assert TEXT in form
    assert FILLED_IN in form
    assert 'value="2024-09-30"' in form
    # Given once: the next visit shows an empty form.
    assert TEXT not in page_text(client.get(url))

    # Saved only when sent.
    assert not Finding.objects.filter(description=TEXT).exists()
    client.post(url, finding_data())
    assert Finding.objects.filter(description=TEXT).count() == 1


def test_another_user_logging_in_in_the_same_browser_does_not_get_the_text(client, world, audit):
    url = reverse("audits:finding_add", kwargs={"pk": audit.pk})
    open_then_expire(client, url, username="procurer_a")
    client.post(url, finding_data())

    # The secretariat may open the same form; it must not see procurer A's text.
    response = log_in(client, "secretariat", next_url=url)
    assert response.url == reverse("identity:mfa_login")  # the secretariat's second step
    response = client.post(response.url, {"method": "totp", "totp-code": totp_code()})
    assert response.url == url
    form = page_text(client.get(url))
    assert TEXT not in form
    assert FILLED_IN not in form
    # Nor is it kept for later: procurer A logging in afterwards finds nothing either.
    assert kept_input.SESSION_KEY not in client.session


def test_nothing_is_kept_without_knowing_whose_it_was(world, audit):
    client = Client()
    url = reverse("audits:finding_add", kwargs={"pk": audit.pk})
    # A browser that never showed a logged-in page has no owner cookie.
    response = client.post(url, finding_data())
    assert ENDED in page_text(client.get(response.url))
    assert ENDED_KEPT not in page_text(client.get(response.url))
    log_in(client, "procurer_a", next_url=url)
    assert TEXT not in page_text(client.get(url))


def test_passwords_csrf_tokens_and_files_are_not_kept(client, world, audit):
    url = reverse("audits:evidence_add", kwargs={"pk": audit.pk})
    open_then_expire(client, url)
    client.post(
        url,
        {
            "description": "Handlingsplan",
            "password": "hemligt-1",
            "new_password1": "hemligt-2",
            "csrfmiddlewaretoken": "x" * 32,
            "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        },
    )
    kept = client.session[kept_input.SESSION_KEY]
    assert kept["fields"] == {"description": ["Handlingsplan"]}
    assert kept["had_files"] is True
    log_in(client, "procurer_a", next_url=url)
    form = page_text(client.get(url))
    assert 'value="Handlingsplan"' in form
    assert "Välj filerna igen" in form
    assert "hemligt" not in form


def test_what_is_kept_is_bounded(client, world, audit):
    url = reverse("audits:finding_add", kwargs={"pk": audit.pk})
    open_then_expire(client, url)
    response = client.post(url, finding_data(description="x" * (kept_input.MAX_CHARS + 1)))
    assert client.session[kept_input.SESSION_KEY]["fields"] is None
    login_page = page_text(client.get(response.url))
    assert ENDED in login_page and ENDED_KEPT not in login_page

    many = {f"field_{i}": "x" for i in range(kept_input.MAX_FIELDS + 1)}
    client.post(url, many)
    assert client.session[kept_input.SESSION_KEY]["fields"] is None


def test_kept_input_is_dropped_after_a_while(client, world, audit, monkeypatch):
    url = reverse("audits:finding_add", kwargs={"pk": audit.pk})
    open_then_expire(client, url)
    client.post(url, finding_data())
    monkeypatch.setattr(kept_input, "KEEP", -1)
    log_in(client, "procurer_a", next_url=url)
    assert TEXT not in page_text(client.get(url))


def test_an_edit_form_given_back_keeps_the_version_it_was_opened_on(client, world):
    finding = world.finding_a
    url = reverse("audits:finding_edit", kwargs={"pk": finding.pk})
    log_in(client, "procurer_a")
    page = client.get(url).content.decode()
    version = page.split('name="record_version" value="')[1].split('"')[0]
    Session.objects.all().delete()
    data = {
        "kind": "non_compliance",
        "severity": "major",
        "description": "Ändrad text",
        "record_version": version,
    }
    client.post(url, data)
    # Meanwhile another user changes the finding.
    services.finding_update(
        user=world.users["secretariat"], finding=finding, root_cause="Ändrad av kansliet"
    )
    log_in(client, "procurer_a", next_url=url)
    page = page_text(client.get(url))
    assert "Ändrad text" in page
    # The form still carries the version it was opened on: saving it reports the change.
    assert f'name="record_version" value="{version}"' in page


# ---- the session warning ------------------------------------------------------------------------


def test_stay_logged_in_renews_the_session_and_says_until_when(client, world):
    log_in(client, "procurer_a")
    page = client.get("/").content.decode()
    assert 'id="session-warning"' in page
    assert 'data-session-age="3600"' in page
    assert 'data-session-warning="300"' in page
    response = client.post(reverse("session_extend"))
    assert response.status_code == 200
    assert response.json()["expires_in"] == 3600
    assert response.json()["expires_at"]


def test_stay_logged_in_after_the_session_ended_is_401_json_not_a_redirect(client, world):
    response = client.post(reverse("session_extend"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "logga in igen" in response.json()["detail"].lower()
    assert client.get(reverse("session_extend")).status_code == 405


def test_stay_logged_in_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["procurer_a"])
    assert client.post(reverse("session_extend")).status_code == 403


@override_settings(SESSION_COOKIE_AGE=120, HALLBAR_SESSION_WARNING_SECONDS=300)
def test_the_warning_never_comes_before_half_the_session(client, world):
    log_in(client, "procurer_a")
    assert 'data-session-warning="60"' in client.get("/").content.decode()


def test_logged_out_pages_have_no_session_warning(client, world):
    assert "session-warning" not in client.get("/login/").content.decode()
