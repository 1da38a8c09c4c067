"""No lost input, in real headless Chromium (issue 17).

- Before the session ends for inactivity a logged-in page warns, with the focus on "Fortsätt
  vara inloggad"; pressing it keeps the session past the time it would have ended. Without it,
  the session ends and the dialog says so. A short SESSION_COOKIE_AGE stands in for the hour.
- A finding typed while the session ended is sent, the login page says the text is kept, and
  after logging in the form shows it again; saving it stores the finding once.
"""

import datetime
import os
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from playwright.sync_api import expect

from audits import services
from audits.choices import AuditKind
from audits.models import Finding
from tests.e2e.axe import violations, with_axe
from tests.e2e.browser import PASSWORD, SUBMIT, log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)

AGE, WARNING = 8, 5  # seconds: the warning comes 3 s after a page loads
TEXT = "Leverantören saknar en riskanalys för underleverantörerna i Malaysia."


@override_settings(SESSION_COOKIE_AGE=AGE, HALLBAR_SESSION_WARNING_SECONDS=WARNING)
def test_the_session_warning_keeps_the_session_when_asked(new_page, steps):
    world = World()
    page = new_page()
    with_axe(page.context)
    log_in(page, "procurer_a")
    page.goto(f"/audits/{world.audit_a.pk}/")
    loaded = time.monotonic()
    dialog = page.locator("#session-warning")
    expect(dialog).to_have_attribute("data-session-age", str(AGE))

    # The warning: a modal alert dialog with the focus on the button that keeps the session.
    expect(dialog).to_be_visible(timeout=(AGE - WARNING + 2) * 1000)
    expect(dialog).to_have_attribute("role", "alertdialog")
    expect(dialog.get_by_role("heading", name="Du loggas snart ut")).to_be_visible()
    stay = dialog.get_by_role("button", name="Fortsätt vara inloggad")
    expect(stay).to_be_focused()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 700})
        steps.shot(page, f"warning-{width}")
        if os.environ.get("HALLBAR_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/i17-input-session-{width}.png")
        assert violations(page) == []
    expect(stay).to_be_focused()

    # Pressed from the keyboard: the session is renewed and the dialog closes.
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    # Past the time the session would have ended without it, the portal still knows the user.
    time.sleep(max(0.0, loaded + AGE + 1 - time.monotonic()))
    page.goto("/audits/")
    expect(page).to_have_url(re.compile(r"/audits/$"))
    expect(page.locator("main h1")).to_be_visible()

    # Left alone, the session ends: the dialog says so, and the portal asks to log in.
    ended = dialog.get_by_role("heading", name="Din session har gått ut")
    expect(ended).to_be_visible(timeout=(AGE + 3) * 1000)
    expect(dialog).to_have_attribute("aria-labelledby", "session-expired-title")
    expect(dialog.get_by_role("link", name="Logga in igen")).to_be_focused()
    steps.shot(page, "expired")
    if os.environ.get("HALLBAR_SCREENSHOTS"):
        page.screenshot(path="/tmp/i17-input-session-expired.png")
    assert violations(page) == []
    page.reload()
    expect(page).to_have_url(re.compile(r"/login/\?next="))


def test_a_finding_typed_while_the_session_ended_is_kept_through_the_login(new_page, steps):
    world = World()
    procurer = world.users["procurer_a"]
    audit = services.audit_plan(
        user=procurer,
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        planned_date=datetime.date(2024, 5, 3),
    )
    services.audit_conduct(user=procurer, audit=audit, start_date=datetime.date(2024, 5, 3))
    url = f"/audits/{audit.pk}/findings/add/"

    page = new_page()
    log_in(page, "procurer_a")
    page.goto(url)
    page.select_option("#id_kind", "non_compliance")
    page.select_option("#id_severity", "major")
    page.fill("#id_description", TEXT)
    page.fill("#id_deadline", "2024-09-30")

    # The session ends on the server while the user types (as an expiry would).
    Session.objects.all().delete()
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    expect(page.locator("main")).to_contain_text(
        "Din session hade gått ut. Logga in igen så finns det du skrev kvar."
    )
    steps.shot(page, "login")
    assert not Finding.objects.filter(description=TEXT).exists()

    page.fill("#id_username", "procurer_a")
    page.fill("#id_password", PASSWORD)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    expect(page.locator("#id_description")).to_have_value(TEXT)
    expect(page.locator("#id_deadline")).to_have_value("2024-09-30")
    expect(page.locator("#id_severity")).to_have_value("major")
    expect(page.locator("main")).to_contain_text("Inget är sparat ännu")
    steps.shot(page, "given-back")
    assert not Finding.objects.filter(description=TEXT).exists()

    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    assert Finding.objects.filter(audit=audit, description=TEXT).count() == 1
