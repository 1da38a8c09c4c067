"""The results form in real headless Chromium: one criterion saved as a draft, the progress
shown, at 1280 and 320 px with no WCAG violation, no sideways page scroll, and every select
wide enough to show the chosen outcome whole."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import violations, with_axe
from tests.e2e.browser import SUBMIT, log_in
from tests.e2e.test_accessibility import overflow
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)

# The chosen outcome's text against the room its select gives it (padding and arrow excluded).
CUT_OFF = """() => [...document.querySelectorAll("main select")].filter((select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(text).width > room;
}).map((select) => select.name)"""


def test_results_are_saved_a_criterion_at_a_time(new_page, steps):
    world = World()
    second = world.add_second_criterion()
    page = new_page()
    with_axe(page.context)
    log_in(page, "procurer_a")
    url = f"/audits/{world.audit_a.pk}/results/"
    page.goto(url)
    expect(page.locator("#results-progress")).to_have_text("0 av 2 kriterier ifyllda")

    page.select_option(f"#id_outcome_{world.criterion.pk}", "not_applicable")
    page.fill(f"#id_comment_{world.criterion.pk}", "Leverantören har inga egna fabriker.")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    expect(page.locator("#results-progress")).to_have_text("1 av 2 kriterier ifyllda")
    expect(page.locator(f"#id_outcome_{world.criterion.pk}")).to_have_value("not_applicable")
    expect(page.locator(f"#id_outcome_{second.pk}")).to_have_value("")
    assert world.audit_a.results.count() == 1
    page.select_option(f"#id_outcome_{second.pk}", "partly")

    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        steps.shot(page, f"results-{width}")
        if os.environ.get("HALLBAR_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/i17-input-results-{width}.png", full_page=True)
        assert violations(page) == []
        assert overflow(page) == []
        assert page.evaluate(CUT_OFF) == []

    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{world.audit_a.pk}/(#.*)?$"))
    expect(page.locator("#results-progress")).to_have_text("2 av 2 kriterier ifyllda")
    assert world.audit_a.results.count() == 2
