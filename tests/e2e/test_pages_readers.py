"""Issue 17: every page a reader, an auditor and an anonymous visitor see (the matrix's GET rows
that answer them 200), in Swedish: no WCAG 2.1 A/AA violation at 1280 px, no sideways scroll at
320 px."""

import pytest

from tests.e2e.axe import with_axe
from tests.e2e.browser import log_in
from tests.e2e.sweep import Timer, Urls, check_pages
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_of_a_reader_an_auditor_and_an_anonymous_visitor(new_page):
    urls = Urls(World())
    found = []
    for role in ("anonymous", "reader", "auditor"):
        page = new_page()
        with_axe(page.context)
        if role != "anonymous":
            log_in(page, role)
        pages = urls.for_role(role)
        with Timer(f"{role}: {len(pages)} pages"):
            found += check_pages(page, pages, who=role)
    print("\n".join(found))
    assert found == []
