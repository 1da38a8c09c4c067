"""Issue 17: every page in English (each URL name once, as the secretariat, who sees them all,
and the anonymous pages) at the narrowest width: no WCAG 2.1 A/AA violation at 320 px (the
Swedish pass checks 1280 px for every role), no sideways scroll at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import with_axe
from tests.e2e.browser import log_in
from tests.e2e.sweep import NARROWEST, Timer, Urls, check_pages
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_in_english(new_page):
    urls = Urls(World())
    found = []
    for role in ("anonymous", "secretariat"):
        page = new_page(locale="en-GB")
        with_axe(page.context)
        if role != "anonymous":
            log_in(page, role)
        else:
            page.goto("/login/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        pages = urls.for_role(role)
        with Timer(f"{role} in English: {len(pages)} pages"):
            found += check_pages(page, pages, who=f"{role} (en)", axe_at=(NARROWEST,))
    print("\n".join(found))
    assert found == []
