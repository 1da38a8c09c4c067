"""Issue 18: the search box in the menu leads to the results, which pass axe at 1280 px and do
not scroll sideways at 320 px; so does the message for a text that is too long."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import with_axe
from tests.e2e.browser import log_in
from tests.e2e.sweep import check_pages
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_from_the_menu_and_the_results_page(new_page):
    World()
    page = new_page()
    with_axe(page.context)
    log_in(page, "procurer_b")
    page.get_by_role("search", name="Sök i portalen").get_by_label("Sök i portalen").fill(
        "mutbrott"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=mutbrott$"))
    expect(page.get_by_role("heading", name="Incidentärenden 1")).to_be_visible()
    expect(page.get_by_role("link", name="Misstänkt mutbrott")).to_be_visible()
    found = check_pages(
        page,
        [
            ("results", "/search/?q=Abena"),
            ("too long", "/search/?q=" + "x" * 201),
        ],
        who="procurer_b",
    )
    assert found == []
