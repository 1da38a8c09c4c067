"""The API documentation (/api/docs/, Swagger UI) meets WCAG 2.1 A/AA in real headless Chromium
with axe-core, at a desktop width and at 320 px: as it opens (every resource folded), with an
operation opened and "Try it out" pressed, after "Execute" and with the authorisation dialog
open; and the page never scrolls sideways. The page is public (anyone may read the API's
documentation)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import overflow, violations, with_axe

pytestmark = pytest.mark.django_db(transaction=True)

OPERATION = "#operations-audits-audits_list"  # GET /api/v1/audits/


def problems(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return violations(page) + overflow(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_api_docs_have_no_wcag_violation(new_page, steps, width):
    page = new_page()
    with_axe(page.context)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto("/api/docs/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Hållbar API")
    expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible()
    steps.shot(page, "folded")
    found = problems(page)

    # An integrator opens the audits, then the list of audits, and tries it out.
    page.locator("#operations-tag-audits").click()
    page.locator(f"{OPERATION} .opblock-summary-control").click()
    # The address still follows the opened operation (a link one can share), although the
    # operation's button holds no link.
    expect(page).to_have_url(re.compile(r"#/audits/audits_list$"))
    assert page.locator(f"{OPERATION} .opblock-summary-control a[href]").count() == 0
    page.get_by_role("button", name="Try it out").click()
    execute = page.get_by_role("button", name="Execute")
    expect(execute).to_be_visible()
    # The choice lists of the parameters are named by the parameter.
    expect(page.get_by_role("combobox", name="status")).to_be_visible()
    steps.shot(page, "tried-out")
    found += problems(page)

    # Without a token the API answers 401; the answer is shown with the curl command.
    execute.click()
    expect(
        page.locator(f"{OPERATION} .live-responses-table tbody .response-col_status")
    ).to_have_text("401")
    steps.shot(page, "executed")
    found += problems(page)

    # The authorisation dialog: its buttons are named as they read.
    page.locator(".scheme-container .btn.authorize").click()
    dialog = page.locator(".modal-ux")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Close").first).to_be_visible()
    steps.shot(page, "authorize")
    found += problems(page)

    assert found == []


def test_the_keyboard_focus_is_visible_in_the_api_docs(new_page):
    page = new_page()
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible()
    authorize = page.locator(".scheme-container .btn.authorize")
    for _ in range(6):
        page.keyboard.press("Tab")
        if authorize.evaluate("(element) => element === document.activeElement"):
            break
    expect(authorize).to_be_focused()
    assert authorize.evaluate("(element) => getComputedStyle(element).outlineWidth") == "3px"
