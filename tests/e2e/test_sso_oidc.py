"""Login through a region's OpenID Connect IdP in real headless Chromium, against a real OpenID
provider (django-oauth-toolkit, its own process: tests/identity/oidc_provider/).

Cecilia picks Region Örebro län on the login page, logs in at the IdP and lands in the portal as
procurer of Örebro: she may edit Örebro's audit, not Stockholm's. David, through Västra
Götalandsregionen's IdP, cannot edit Örebro's. The portal's logout ends the IdP's session too
(logging in again asks for the password), and the browser reports no violation of the CSP."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from organisations.choices import OrganisationKind, Role
from organisations.models import Membership, Organisation
from tests.e2e.test_content_security_policy import watched
from tests.identity.oidc_provider.fixtures import PASSWORD, connect
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)

SSO_SUBMIT = "form[action$='/login/sso/'] button[type=submit]"
LOGOUT = "nav form[action$='/logout/'] button"


def through_idp(page, idp, organisation: str, username: str) -> None:
    """From the portal's login page to the organisation's IdP, and its login form filled in."""
    page.goto("/login/")
    page.select_option("#id_organisation", label=organisation)
    page.click(SSO_SUBMIT)
    expect(page).to_have_url(re.compile(re.escape(idp.base) + r"/accounts/login/"))
    page.fill("#idp-username", username)
    page.fill("#idp-password", PASSWORD)
    page.click("button[type=submit]")


def status(page, url: str) -> int:
    return page.goto(url).status


def test_a_procurer_logs_in_through_her_regions_idp_and_out_of_both(
    new_page, steps, live_server, oidc_idp
):
    world = World()
    vastra = Organisation.objects.create(
        code="SE-O", name="Västra Götalandsregionen", kind=OrganisationKind.REGION
    )
    connect(oidc_idp, world.region_a, live_server.url)
    connect(oidc_idp, vastra, live_server.url)
    edit_a = reverse("audits:audit_edit", args=[world.audit_a.pk])
    edit_b = reverse("audits:audit_edit", args=[world.audit_b.pk])

    page = new_page()
    violations = watched(page)
    through_idp(page, oidc_idp, "Region Örebro län", "cecilia.orebro")
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("nav")).to_contain_text("Cecilia Örebro")
    steps.shot(page, "cecilia-home")
    membership = Membership.objects.get(user__username="cecilia.orebro")
    assert (membership.organisation, membership.role) == (world.region_a, Role.PROCURER)
    assert status(page, edit_a) == 200
    assert status(page, edit_b) in (403, 404)

    page.goto("/")
    page.click(LOGOUT)
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/login/"))
    steps.shot(page, "cecilia-logged-out")
    assert status(page, "/") == 200 and "/login/" in page.url  # the portal's session is gone
    # The IdP's too: going to log in again asks for the password.
    page.goto("/login/")
    page.select_option("#id_organisation", label="Region Örebro län")
    page.click(SSO_SUBMIT)
    expect(page).to_have_url(re.compile(re.escape(oidc_idp.base) + r"/accounts/login/"))
    expect(page.locator("#idp-password")).to_be_visible()

    david = new_page()
    david_violations = watched(david)
    through_idp(david, oidc_idp, "Västra Götalandsregionen", "david.vastra")
    expect(david).to_have_url(live_server.url + "/")
    expect(david.locator("nav")).to_contain_text("David Västra")
    membership = Membership.objects.get(user__username="david.vastra")
    assert (membership.organisation, membership.role) == (vastra, Role.PROCURER)
    assert status(david, edit_a) in (403, 404)

    assert violations == [] and david_violations == [], violations + david_violations
