"""The portal under its Content-Security-Policy in real headless Chromium: a logged-in user goes
through the main pages (home, the audit list and its HTMX filter, an audit, the findings form,
the supplier suggestions, a report job's polled progress, the language switch), Swagger UI at
/api/docs/ and the admin, and the browser reports no violation of the policy: no "Refused to …"
message in the console and no securitypolicyviolation event."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from reporting.models import ReportJob
from tests.e2e.browser import PASSWORD, log_in, second_step
from tests.world import SECRETARIAT_TOTP_KEY, World

pytestmark = pytest.mark.django_db(transaction=True)

# Registered before any script of the page runs (through DevTools, so the policy does not
# apply to it): every violation of every document the page loads is handed to the test.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:` +
                      `${event.lineNumber} ${(event.sample || "").slice(0, 80)}`);
});
"""


def watched(page) -> list[str]:
    """The page's violations: console messages about the policy and violation events."""
    violations = []
    page.expose_function("cspViolation", lambda text: violations.append(f"event: {text}"))
    page.add_init_script(LISTEN)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            violations.append(f"console: {page.url}: {text}")

    page.on("console", on_console)
    return violations


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "Content-Security-Policy" in {name.title() for name in response.headers} or (
        "content-security-policy" in response.headers
    )
    page.wait_for_load_state("networkidle")


def test_the_main_pages_break_no_rule_of_the_policy(new_page, steps):
    world = World()
    job = ReportJob.objects.create(
        year=2024, status="running", progress=40, requested_by=world.users["secretariat"]
    )

    page = new_page()
    violations = watched(page)
    log_in(page, "secretariat")
    page.wait_for_load_state("networkidle")
    steps.shot(page, "home")

    # The audit list, filtered through HTMX (the table is swapped in).
    visit(page, "/audits/")
    with page.expect_response(lambda response: "/audits/?" in response.url):
        page.locator("main input[type=search]").press_sequentially("Abena")
    expect(page.locator("#object-table")).to_contain_text("Abena")
    page.wait_for_load_state("networkidle")
    steps.shot(page, "audit-list")

    visit(page, f"/audits/{world.audit_a.pk}/")
    steps.shot(page, "audit")
    visit(page, f"/audits/{world.audit_a.pk}/findings/add/")
    expect(page.locator("main form[method=post]")).to_be_visible()
    steps.shot(page, "finding-form")

    # The supplier box: HTMX fills its suggestions as one types.
    visit(page, "/audits/add/")
    page.type("#id_supplier", "Geti")
    page.wait_for_selector("#id_supplier-options option", state="attached")
    steps.shot(page, "supplier-suggestions")

    # A running report job: HTMX polls its progress and swaps the bar in; the width comes from
    # static JS (a style attribute would be refused).
    visit(page, f"/reporting/reports/{job.pk}/")
    with page.expect_response(lambda response: response.url.endswith(f"/{job.pk}/progress/")):
        pass
    page.wait_for_load_state("networkidle")
    expect(page.locator("#job-progress .progress-bar")).to_have_attribute(
        "style", re.compile(r"width: 40%")
    )
    steps.shot(page, "report-progress")

    # The language switch submits on change (static JS, not an onchange attribute).
    visit(page, "/")
    with page.expect_navigation():
        page.select_option("#language", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Swagger UI draws the API's operations.
    visit(page, "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Hållbar API")
    page.locator(".swagger-ui .opblock-tag").first.click()
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    steps.shot(page, "api-docs")

    # The admin: log in, the index, a changelist and a change form with its widgets.
    superuser = get_user_model().objects.create_superuser(
        "csp-admin", "admin@example.org", PASSWORD
    )
    # MFA is required for a superuser: the admin's login goes through the second step too.
    TOTPDevice.objects.create(user=superuser, name="App", key=SECRETARIAT_TOTP_KEY, confirmed=True)
    admin = new_page()
    admin_violations = watched(admin)
    admin.goto("/admin/login/")
    admin.fill("#id_username", "csp-admin")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    expect(admin).to_have_url(re.compile(r"/login/mfa/$"))
    second_step(admin, "csp-admin")
    expect(admin).to_have_url(re.compile(r"/admin/$"))
    visit(admin, "/admin/audits/audit/")
    visit(admin, f"/admin/audits/audit/{world.audit_a.pk}/change/")
    expect(admin.locator("#audit_form")).to_be_visible()
    steps.shot(admin, "admin")

    assert violations + admin_violations == []
