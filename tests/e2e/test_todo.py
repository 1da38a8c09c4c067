"""Att göra in real headless Chromium: the secretariat opens its work queues from the menu,
approves a public summary from the queue (the approve step, back to the queue), the queue's and
the menu's counts go down, and the summary is on the public page. The page passes axe (WCAG 2.1
A/AA) at 1280 and 320 px and does not scroll sideways at 320 px. HALLBAR_SCREENSHOTS=1 saves
the page at both widths as /tmp/i18-queues-todo-<width>.png."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import overflow, violations, with_axe
from tests.e2e.browser import SUBMIT, log_in
from tests.todo.data import fill_queues, reported_audit
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def checked(page, label: str) -> list[str]:
    found = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{label} {width}px {line}" for line in violations(page)]
        if width == 320:
            found += [f"{label} {line}" for line in overflow(page)]
        if os.environ.get("HALLBAR_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/i18-queues-{label}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_the_secretariat_approves_a_summary_from_the_queue(new_page, steps):
    world = World()
    made = fill_queues(world)
    reported_audit(world, supplier=world.other_supplier, day=1, summary="Getinge har en plan.")
    page = new_page()
    with_axe(page.context)
    log_in(page, "secretariat")

    menu = page.locator("a[data-todo-menu]")
    expect(menu).to_have_accessible_name("Att göra, 4 ärenden")
    menu.click()
    expect(page).to_have_url(re.compile(r"/todo/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    queue = page.locator("section[data-queue=approval]")
    expect(queue.get_by_role("heading")).to_have_text(
        "Offentliga sammanfattningar som väntar på godkännande (2)"
    )
    steps.shot(page, "queue")
    assert checked(page, "todo") == []

    queue.get_by_role("link", name=re.compile(r"^Granska och godkänn: .*Abena")).click()
    expect(page).to_have_url(re.compile(rf"/audits/{made.waiting.pk}/approve/\?next="))
    expect(page.locator("blockquote")).to_contain_text("Leverantören har åtgärdat.")
    steps.shot(page, "approve")
    page.click(SUBMIT)

    expect(page).to_have_url(re.compile(r"/todo/$"))
    expect(page.get_by_role("status")).to_have_text("Den offentliga sammanfattningen har godkänts.")
    expect(queue.get_by_role("heading")).to_have_text(
        "Offentliga sammanfattningar som väntar på godkännande (1)"
    )
    expect(queue).not_to_contain_text("Abena")
    expect(menu).to_have_accessible_name("Att göra, 3 ärenden")
    steps.shot(page, "approved")

    page.goto("/audits/public/")
    expect(page.locator("main")).to_contain_text("Leverantören har åtgärdat.")
    expect(page.locator("main")).not_to_contain_text("Getinge har en plan.")
    made.waiting.refresh_from_db()
    assert made.waiting.public_summary_approved_by == world.users["secretariat"]
