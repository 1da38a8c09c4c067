"""WCAG 2.1 A/AA in real headless Chromium with axe-core: the main pages of each kind of user,
at a desktop width and at 320 px, report no violation. A deliberately broken page shows that the
check finds one."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import AccessibilityReport
from tests.e2e.axe import violations, with_axe
from tests.e2e.browser import SUBMIT, log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def pages_of(world: World) -> dict[str, list[str]]:
    """The pages checked for each role (the URL names of the portal's main registers)."""
    audit, supplier = world.audit_a, world.supplier
    # A fault someone reported on the accessibility statement, for the secretariat's pages.
    report, _made = AccessibilityReport.objects.get_or_create(
        page="/audits/", defaults={"description": "Filtret går inte att nå med tangentbordet."}
    )
    common = [
        reverse("home"),
        reverse("audits:audit_list"),
        reverse("audits:audit_detail", kwargs={"pk": audit.pk}),
        reverse("audits:finding_list"),
        reverse("suppliers:supplier_list"),
        reverse("suppliers:supplier_detail", kwargs={"pk": supplier.pk}),
        reverse("suppliers:agreement_list"),
        reverse("requirements_catalog:instrument_list"),
        reverse("requirements_catalog:instrument_detail", kwargs={"pk": world.instrument.pk}),
        reverse("incidents:incident_list"),
        reverse("riskanalysis:riskanalysis_list"),
    ]
    return {
        "secretariat": [
            *common,
            reverse("audits:audit_add"),
            reverse("audits:audit_results", kwargs={"pk": audit.pk}),
            reverse("audits:finding_add", kwargs={"pk": audit.pk}),
            reverse("reporting:reportjob_list"),
            reverse("reporting:event_list"),
            reverse("reporting:financialyear_list"),
            reverse("suppliers:supplier_import"),
            reverse("api_help"),
            reverse("core:accessibility_statement"),
            reverse("core:accessibilityreport_list"),
            reverse("core:accessibilityreport_detail", kwargs={"pk": report.pk}),
            reverse("core:accessibilityreport_edit", kwargs={"pk": report.pk}),
        ],
        # A procurer sees the same pages with their own region's buttons and forms.
        "procurer_a": [
            reverse("home"),
            reverse("audits:audit_list"),
            reverse("audits:audit_detail", kwargs={"pk": audit.pk}),
            reverse("audits:audit_edit", kwargs={"pk": audit.pk}),
            reverse("suppliers:supplier_detail", kwargs={"pk": supplier.pk}),
        ],
    }


def overflow(page) -> list[str]:
    """WCAG 1.4.10 (reflow): the page itself never scrolls sideways; a wide table scrolls in
    its own box."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    if width <= viewport:
        return []
    wide = page.evaluate(
        """(viewport) => [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > viewport + 1)
          .filter((e) => !(e.parentElement && e.parentElement.closest(".table-responsive")))
          .slice(0, 4).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
             (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "")
             + " " + Math.round(e.getBoundingClientRect().right))""",
        viewport,
    )
    return [f"{page.url} reflow: the page is {width} px wide at {viewport} px: {wide}"]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_main_pages_have_no_wcag_violation(new_page, steps, width):
    world = World()
    found = []
    anonymous = new_page()
    with_axe(anonymous.context)
    anonymous.set_viewport_size({"width": width, "height": 900})
    # Logged out: the login page, the public summaries and the accessibility statement.
    for url in (
        "/login/",
        reverse("audits:public_summaries"),
        reverse("core:accessibility_statement"),
    ):
        response = anonymous.goto(url)
        assert response.status == 200, ("anonymous", url, response.status)
        found += [f"anonymous {line}" for line in violations(anonymous)]
        found += [f"anonymous {line}" for line in overflow(anonymous)]
    for role, urls in pages_of(world).items():
        page = new_page()
        with_axe(page.context)
        page.set_viewport_size({"width": width, "height": 900})
        log_in(page, role)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (role, url, response.status)
            found += [f"{role} {line}" for line in violations(page)]
            found += [f"{role} {line}" for line in overflow(page)]
    print("\n".join(found))
    assert found == []


def test_forms_with_their_errors_and_the_english_pages_have_no_wcag_violation(new_page, steps):
    """The audit and finding forms and the accessibility statement's report form sent empty
    (their errors shown), and the main pages in English, at the desktop width."""
    world = World()
    page = new_page()
    with_axe(page.context)
    log_in(page, "secretariat")
    found = []
    for url in (
        reverse("audits:audit_add"),
        reverse("audits:finding_add", kwargs={"pk": world.audit_a.pk}),
    ):
        page.goto(url)
        page.click(SUBMIT)
        expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
        steps.shot(page, "errors")
        found += violations(page)
    # The accessibility statement's report form sent empty, logged out.
    anonymous = new_page()
    with_axe(anonymous.context)
    anonymous.goto(reverse("core:accessibility_statement"))
    anonymous.click(SUBMIT)
    expect(anonymous.locator("#description-errors")).to_be_visible()
    steps.shot(anonymous, "statement-errors")
    found += violations(anonymous)
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for url in pages_of(world)["secretariat"]:
        page.goto(url)
        found += violations(page)
    print("\n".join(found))
    assert found == []


BROKEN = """<!doctype html><html lang="sv"><head><title>Trasig</title></head><body><main>
<h1>Trasig sida</h1>
<p style="color:#99b5b0;background:#1d5b4f">Svag kontrast</p>
<input type="text">
<div style="width:600px">Bred</div>
</main></body></html>"""


def test_the_checks_find_a_broken_page(new_page):
    """A page with too little contrast, a field without a label and a block wider than the
    screen: axe names the first two, the reflow check the third."""
    page = new_page()
    with_axe(page.context)
    page.set_viewport_size({"width": 320, "height": 900})
    page.route("**/broken/", lambda route: route.fulfill(body=BROKEN, content_type="text/html"))
    page.goto("/broken/")
    rules = " ".join(violations(page))
    assert "color-contrast" in rules
    assert " label:" in rules
    assert "reflow: the page is 6" in " ".join(overflow(page))
