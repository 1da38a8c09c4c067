"""The secretariat's IdP and user pages in the browser: the IdP form shows the chosen protocol's
fields only (identity-provider.js) under the CSP, an OIDC IdP is registered, and a user the
secretariat deactivates is logged out of their own browser at their next click."""

import re

import pytest
from playwright.sync_api import expect

from identity.models import IdentityProvider
from tests.e2e.browser import SUBMIT, log_in
from tests.e2e.test_content_security_policy import watched
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_an_idp_and_deactivate_a_user(new_page):
    world = World()
    theirs = new_page("en-GB")
    log_in(theirs, "procurer_a")
    page = new_page("en-GB")
    violations = watched(page)
    log_in(page, "secretariat")

    page.goto("/identity/providers/")
    page.get_by_role("link", name="Add").click()
    page.select_option("#id_protocol", "saml")
    expect(page.locator("#section-saml")).to_be_visible()
    expect(page.locator("#section-oidc")).to_be_hidden()
    page.select_option("#id_protocol", "oidc")
    expect(page.locator("#section-saml")).to_be_hidden()
    page.select_option("#id_organisation", label="Region Stockholm")
    page.fill("#id_email_domains", "RegionStockholm.se")
    page.fill("#id_oidc_issuer", "https://login.regionstockholm.se")
    page.fill("#id_oidc_client_id", "hallbar")
    page.fill("#id_client_secret", "hemligt-värde")
    page.fill("#id_role_mapping", "inkopare = procurer")
    page.fill("#id_attr_role", "roles")
    page.click(SUBMIT)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Region Stockholm")
    expect(page.locator("main")).to_contain_text("Stored (never shown)")
    expect(page.locator("main")).not_to_contain_text("hemligt-värde")
    provider = IdentityProvider.objects.get(organisation=world.region_b)
    assert provider.email_domains == ["regionstockholm.se"]

    page.goto("/identity/users/")
    page.get_by_role("link", name="procurer_a").click()
    page.get_by_role("link", name="Deactivate").click()
    page.fill("#id_reason", "Har slutat.")
    page.click(SUBMIT)
    expect(page.locator("main")).to_contain_text("Har slutat.")

    theirs.goto("/audits/")
    expect(theirs).to_have_url(re.compile(r"/login/"))
    assert violations == []
