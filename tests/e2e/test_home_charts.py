"""Issue 18, item 3: the start page's charts in real Chromium, with invented data in 2025–2027:
no WCAG 2.1 A/AA violation at 1280 and 320 px (the tables opened too), no sideways scroll at
320 px, and each chart scaled to its box. Screenshots go to /tmp/i18-charts-home-*.png."""

import pytest

from tests.audits.test_home_charts import make_chart_data
from tests.e2e.axe import overflow, violations, with_axe
from tests.e2e.browser import log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", ["secretariat", "procurer_a"])
def test_the_start_page_charts_read_at_1280_and_320_px(new_page, role):
    make_chart_data(World())
    page = new_page()
    with_axe(page.context)
    log_in(page, role)
    found = []
    for width, query in ((1280, ""), (320, ""), (1280, "?year=2026"), (320, "?year=2026")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/" + query)
        assert page.locator("svg[role=img]").count() >= 3
        page.screenshot(path=f"/tmp/i18-charts-home-{role}-{width}{query[6:]}.png", full_page=True)
        for details in page.locator("figure.chart details").all():
            details.evaluate("(d) => d.open = true")
        found += [f"{width}px {line}" for line in violations(page)]
        if width == 320:
            found += overflow(page)
            # Every chart fits its box: none wider than the page.
            widths = page.locator("svg.chart-svg").evaluate_all(
                "(svgs) => svgs.map((s) => s.getBoundingClientRect().right)"
            )
            assert max(widths) <= 320
    assert found == []
