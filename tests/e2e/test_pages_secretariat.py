"""Issue 17: every page the secretariat sees (the matrix's GET rows: every URL name), in Swedish,
has no WCAG 2.1 A/AA violation at 1280 px and does not scroll sideways at 320 px; each of
its forms (but those that cannot be undone) is sent with its required fields emptied and the page
with the errors passes the same checks, its error summary taking the focus (tests/e2e/forms.py)."""

import pytest

from tests.e2e.axe import with_axe
from tests.e2e.browser import log_in
from tests.e2e.forms import FormsWithErrors
from tests.e2e.sweep import Timer, Urls, check_pages
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_and_form_of_the_secretariat(new_page):
    urls = Urls(World())
    page = new_page()
    with_axe(page.context)
    log_in(page, "secretariat")
    pages = urls.for_role("secretariat")
    forms = FormsWithErrors()
    with Timer(f"secretariat: {len(pages)} pages") as timer:
        found = check_pages(page, pages, who="secretariat", then=forms)
        timer.name += f", {len(forms.sent)} forms sent empty"
    print("\n".join(["Forms sent empty: " + ", ".join(forms.sent), *found]))
    # Most forms have a required field (add, edit, the audit's steps, imports).
    assert len(forms.sent) > 50, forms.sent
    assert found == []
