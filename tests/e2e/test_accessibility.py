"""WCAG 2.1 A/AA in real headless Chromium with axe-core. Every page of every kind of user is
checked by the sweep (tests/e2e/test_pages_*.py, driven by the permission matrix); here a
deliberately broken page shows that the checks find faults, and the error summary of a form sent
empty takes the focus and leads to its fields."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.axe import overflow, violations, with_axe
from tests.e2e.browser import SUBMIT, log_in
from tests.e2e.sweep import DESKTOP, NARROWEST, check_pages, set_width
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


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
    # The sweep's checks find them too, whichever width the page loads at.
    for start in (NARROWEST, DESKTOP):
        set_width(page, start)
        found = " ".join(check_pages(page, [("broken", "/broken/")], who="sweep"))
        assert "sweep 1280px" in found and "color-contrast" in found, found
        assert "reflow: the page is 6" in found, found


def test_the_error_summary_takes_the_focus_and_its_links_reach_the_fields(new_page):
    """The audit form sent empty: the summary is focused and announced (role=alert), names the
    supplier field, and its link moves the focus to that field, marked invalid."""
    World()
    page = new_page()
    log_in(page, "secretariat")
    page.goto(reverse("audits:audit_add"))
    page.click(SUBMIT)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_have_attribute("tabindex", "-1")
    link = summary.locator("a[href='#id_supplier']")
    expect(link).to_contain_text("Leverantör")
    link.click()
    expect(page.locator("#id_supplier")).to_be_focused()
    expect(page.locator("#id_supplier")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_supplier")).to_have_attribute("aria-describedby", "supplier-errors")
