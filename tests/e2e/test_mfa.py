"""Issue 19, part 2, in real Chromium: a passkey registered with a WebAuthn virtual
authenticator (DevTools: ctap2, internal transport, resident key, user verification) and a
login with it; the secretariat without a method confined to the set-up, which sets up an
authenticator app from the key shown and saves recovery codes. No CSP violation on the way, and
axe finds no WCAG 2.1 A/AA fault on the MFA pages at 1280 and 320 px.

WebAuthn needs a secure context: the live server is http://localhost, which counts as one, and
the relying party id the portal gives is the request's host, "localhost"."""

import base64
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from identity.models import WebAuthnCredential
from tests.e2e.axe import violations, with_axe
from tests.e2e.browser import PASSWORD, SUBMIT, log_in
from tests.e2e.test_content_security_policy import watched
from tests.world import World, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def axe_both_widths(page) -> list[str]:
    found = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{page.url} {width}px {line}" for line in violations(page)]
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def virtual_authenticator(page) -> str:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    answer = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return answer["authenticatorId"]


def test_a_passkey_is_registered_and_logs_in(new_page, steps, live_server):
    world = World()
    reader = world.users["reader"]
    page = new_page()
    csp = watched(page)
    with_axe(page.context)
    virtual_authenticator(page)
    page.on("console", lambda message: print("console:", message.text))
    assert live_server.url.startswith("http://localhost:")

    log_in(page, "reader")  # no method yet, not required: the password only
    page.goto("/account/mfa/")
    found = axe_both_widths(page)
    page.get_by_role("link", name=re.compile("Registrera en nyckel|Register a passkey")).click()
    expect(page).to_have_url(re.compile(r"/account/mfa/passkey/$"))
    found += axe_both_widths(page)
    page.fill("#id_name", "Testnyckel")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/account/mfa/$"))
    expect(page.locator("main")).to_contain_text("Testnyckel")
    steps.shot(page, "passkey-registered")
    credential = WebAuthnCredential.objects.get(user=reader)
    assert credential.name == "Testnyckel" and credential.public_key

    # Log out and in again: after the password, the passkey is the second step.
    page.locator("form[action='/logout/'] button").click()
    page.goto("/login/?next=/suppliers/")
    page.fill("#id_username", "reader")
    page.fill("#id_password", PASSWORD)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/login/mfa/$"))
    found += axe_both_widths(page)
    steps.shot(page, "second-step")
    page.screenshot(path="/tmp/mfa-second-step.png", full_page=True)
    page.locator("form[data-passkey] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/suppliers/$"))
    credential.refresh_from_db()
    assert credential.last_used_at is not None
    assert csp == []
    assert found == []


def test_the_secretariat_sets_up_an_app_before_anything_else(new_page, steps):
    world = World()
    secretariat = world.users["secretariat"]
    world.secretariat_totp.delete()
    page = new_page()
    csp = watched(page)
    with_axe(page.context)

    page.goto("/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", PASSWORD)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/account/mfa/\?next=%2F$"))
    found = axe_both_widths(page)
    # Anywhere else: back here.
    page.goto("/suppliers/")
    expect(page).to_have_url(re.compile(r"/account/mfa/\?next="))

    setup = re.compile("Set up an authenticator app|autentiseringsapp")
    page.get_by_role("link", name=setup).click()
    expect(page.locator("img.qr-code")).to_be_visible()
    found += axe_both_widths(page)
    secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.fill("#id_code", "000000" if totp_code(key) != "000000" else "111111")
    page.click(SUBMIT)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    found += axe_both_widths(page)
    page.fill("#id_name", "Jobbmobil")
    page.fill("#id_code", totp_code(key))
    page.click(SUBMIT)

    # Set up: on to the recovery codes, shown once, then where the login was going.
    expect(page).to_have_url(re.compile(r"/account/mfa/recovery-codes/"))
    page.click(SUBMIT)
    expect(page.locator("[data-recovery-codes] code")).to_have_count(10)
    found += axe_both_widths(page)
    steps.shot(page, "recovery-codes")
    page.screenshot(path="/tmp/mfa-recovery-codes.png", full_page=True)
    page.locator("main a.btn-primary").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/suppliers/")
    expect(page).to_have_url(re.compile(r"/suppliers/$"))
    assert TOTPDevice.objects.get(user=secretariat).name == "Jobbmobil"

    # The secretariat's MFA rules page.
    page.goto("/account/mfa/")
    page.screenshot(path="/tmp/mfa-settings.png", full_page=True)
    page.goto("/mfa/requirements/")
    found += axe_both_widths(page)
    page.screenshot(path="/tmp/mfa-requirements.png", full_page=True)
    expect(page.locator("#id_secretariat")).to_be_disabled()
    assert csp == []
    assert found == []


def test_the_worlds_secretariat_logs_in_twice_with_its_app(new_page):
    World()
    for _ in range(2):
        page = new_page()
        log_in(page, "secretariat")
        expect(page.locator("main")).to_be_visible()
