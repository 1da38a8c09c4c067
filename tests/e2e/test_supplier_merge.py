"""A merge in the portal, in real Chromium: the secretariat opens Leverantörer → Möjliga
dubbletter, sees the 2024 report's "Navamedivc AB" beside Navamedic AB with the reason, marks
another pair as not duplicates (it goes), opens "Slå ihop", reads what moves with counts,
confirms, and lands on the kept supplier with the audit moved and the old spelling as an alias.
Both pages pass axe (WCAG 2.1 A/AA) and do not scroll sideways at 1280 and 320 px; with
HALLBAR_SCREENSHOTS=1 each is saved as /tmp/i18-duplicates-<page>-<width>.png.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from audits.models import Audit
from suppliers.models import Supplier, SupplierAlias
from tests.e2e.axe import overflow, violations, with_axe
from tests.e2e.browser import log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def check_widths(page, name: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == []
        assert overflow(page) == []
        if os.environ.get("HALLBAR_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/i18-duplicates-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_secretariat_merges_a_misspelt_supplier(new_page, steps):
    world = World()
    kept = Supplier.objects.create(name="Navamedic AB", organisation_number="5566778899")
    misspelt = Supplier.objects.create(name="Navamedivc AB")
    Audit.objects.filter(pk=world.audit_a.pk).update(supplier=misspelt)
    Supplier.objects.create(name="Mölnlycke AB")
    Supplier.objects.create(name="Mölnlycke Aktiebolag")

    page = new_page()
    with_axe(page.context)
    log_in(page, "secretariat")
    page.goto("/suppliers/")
    page.get_by_role("link", name="Möjliga dubbletter").click()
    expect(page).to_have_url(re.compile(r"/suppliers/duplicates/$"))
    pairs = page.locator("#duplicate-pairs")
    expect(pairs).to_contain_text("Navamedivc AB")
    expect(pairs).to_contain_text("liknande namn (95 %)")
    expect(pairs).to_contain_text("samma namn (bortsett från bolagsform och skiljetecken)")
    check_widths(page, "duplicates")
    steps.shot(page, "duplicates")

    row = pairs.locator("li", has_text="Mölnlycke Aktiebolag")
    row.get_by_role("button", name=re.compile("Inte dubbletter")).click()
    expect(page.locator("main")).to_contain_text("är markerade som inte dubbletter")
    expect(page.locator("#duplicate-pairs")).not_to_contain_text("Mölnlycke Aktiebolag")

    row = page.locator("#duplicate-pairs li", has_text="Navamedivc AB")
    row.get_by_role("link", name=re.compile("Slå ihop")).click()
    expect(page.locator("h1")).to_have_text("Slå ihop Navamedivc AB med Navamedic AB")
    expect(page.locator("#merge-moves")).to_contain_text("Revisioner: 1")
    check_widths(page, "merge")
    steps.shot(page, "merge")
    page.click("#merge-confirm")

    expect(page).to_have_url(re.compile(rf"/suppliers/{kept.pk}/$"))
    expect(page.locator("main")).to_contain_text("Navamedivc AB slogs ihop med Navamedic AB")
    expect(page.locator("#aliases")).to_contain_text("Navamedivc AB")
    assert not Supplier.objects.filter(pk=misspelt.pk).exists()
    assert Audit.objects.get(pk=world.audit_a.pk).supplier_id == kept.pk
    assert SupplierAlias.objects.filter(supplier=kept, name="Navamedivc AB").exists()

    # Adding a supplier like one of the register: the form comes back with it and asks first.
    page.goto("/suppliers/add/")
    page.fill("#id_name", "Navamedic Aktiebolag")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#possible-duplicates")).to_contain_text("Navamedic AB")
    expect(page.locator("#possible-duplicates")).to_contain_text("samma namn")
    expect(page.locator("main")).to_contain_text("Det finns liknande leverantörer: Navamedic AB.")
    check_widths(page, "add-second-step")
    assert not Supplier.objects.filter(name="Navamedic Aktiebolag").exists()
    page.get_by_label("Spara ändå: det är en annan leverantör").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("h1")).to_contain_text("Navamedic Aktiebolag")
    assert Supplier.objects.filter(name="Navamedic Aktiebolag").exists()
