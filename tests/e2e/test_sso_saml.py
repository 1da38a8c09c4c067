"""SAML 2.0 login through one's organisation, in real Chromium against a real IdP
(SimpleSAMLphp on 127.0.0.1, another site than the portal's live server on localhost): a
procurer of Region Örebro län picks her organisation, logs in at the IdP and may edit Örebro's
audit and not another region's; a procurer of another region's IdP may not edit Örebro's; the
logout ends the IdP's session too; no Content-Security-Policy violation on the way; axe on the
page that refuses a login."""

import re

import pytest
from playwright.sync_api import expect

from audits.models import Audit
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from suppliers.models import Supplier
from tests.e2e.axe import violations as axe_violations
from tests.e2e.axe import with_axe
from tests.e2e.test_content_security_policy import watched
from tests.identity.saml_idp import PASSWORD, saml_provider, trust

pytestmark = pytest.mark.django_db(transaction=True)

SSO_BUTTON = "form[action$='/login/sso/'] button[type=submit]"


@pytest.fixture
def regions(saml_idp, live_server, settings, sp_key_cert):
    settings.HALLBAR_SAML_SP_KEY, settings.HALLBAR_SAML_SP_CERT = sp_key_cert
    orebro = Organisation.objects.create(
        code="SE-T", name="Region Örebro län", kind=OrganisationKind.REGION, country="SE"
    )
    vastmanland = Organisation.objects.create(
        code="SE-U", name="Region Västmanland", kind=OrganisationKind.REGION, country="SE"
    )
    orebro_idp = saml_provider(saml_idp, orebro)
    vastmanland_idp = saml_provider(
        saml_idp, vastmanland, email_domains=["regionvastmanland.se"], default_role=""
    )
    trust(saml_idp, live_server.url, [orebro_idp, vastmanland_idp], cert=sp_key_cert[1])
    saml_idp.set_user(
        "cecilia.vastmanland",
        uid="cecilia.vastmanland",
        mail="cecilia@regionvastmanland.se",
        givenName="Cecilia",
        sn="Västgård",
        hallbarRole="upphandlare",
    )
    saml_idp.set_user(
        "dan.vastmanland",
        uid="dan.vastmanland",
        mail="dan@regionvastmanland.se",
        givenName="Dan",
        sn="Dahl",
        hallbarRole="praktikant",
    )
    supplier = Supplier.objects.create(name="Mediq Sverige")
    audits = {
        org.code: Audit.objects.create(
            supplier=supplier, kind="office", year=2025, lead_organisation=org
        )
        for org in (orebro, vastmanland)
    }
    return {"orebro": orebro_idp, "vastmanland": vastmanland_idp, "audits": audits}


def idp_login(page, idp, username: str) -> None:
    expect(page).to_have_url(re.compile(rf"^http://127\.0\.0\.1:{idp.port}/"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#submit_button")


def status(page, url: str) -> int:
    return page.goto(url).status


def test_a_procurer_logs_in_through_her_region_and_out_of_both(
    new_page,
    live_server,
    saml_idp,
    regions,
    steps,
):
    page = new_page()
    csp = watched(page)
    posts = []
    page.on("request", lambda r: r.method == "POST" and "/acs/" in r.url and posts.append(r.url))
    page.goto("/login/")
    page.select_option("#id_organisation", label="Region Örebro län")
    steps.shot(page, "login-page")
    page.click(SSO_BUTTON)
    idp_login(page, saml_idp, "anna.orebro")
    expect(page).to_have_url(f"{live_server.url}/")
    steps.shot(page, "logged-in")
    expect(page.locator("nav")).to_contain_text("Anna Örnberg")
    # The IdP's cross-site POST lacked the session cookie; the portal's own page posted it again.
    assert len(posts) == 2
    audits = regions["audits"]
    assert status(page, f"/audits/{audits['SE-T'].pk}/edit/") == 200
    assert status(page, f"/audits/{audits['SE-U'].pk}/edit/") == 404

    # The logout ends the portal's session and the IdP's (single logout).
    page.goto("/")
    page.locator("nav form[action$='/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.locator("main")).to_contain_text(re.compile("Du är utloggad|You are logged out"))
    steps.shot(page, "logged-out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.goto(f"/login/sso/{regions['orebro'].pk}/")
    expect(page.locator("#password")).to_be_visible()  # the IdP asks for the password again
    assert csp == []


def test_another_regions_procurer_types_her_address_and_may_not_edit_orebros(
    new_page,
    live_server,
    saml_idp,
    regions,
    steps,
):
    page = new_page()
    csp = watched(page)
    page.goto("/login/")
    page.fill("#id_email", "cecilia@regionvastmanland.se")
    page.click(SSO_BUTTON)
    idp_login(page, saml_idp, "cecilia.vastmanland")
    expect(page).to_have_url(f"{live_server.url}/")
    audits = regions["audits"]
    assert status(page, f"/audits/{audits['SE-U'].pk}/edit/") == 200
    assert status(page, f"/audits/{audits['SE-T'].pk}/edit/") == 404
    assert csp == []


def test_a_login_without_a_role_is_refused_on_an_accessible_page(
    new_page,
    saml_idp,
    regions,
    steps,
):
    page = new_page()
    with_axe(page.context)
    csp = watched(page)
    page.goto("/login/")
    page.select_option("#id_organisation", label="Region Västmanland")
    page.click(SSO_BUTTON)
    idp_login(page, saml_idp, "dan.vastmanland")
    expect(page.locator("h1")).to_have_text(
        re.compile("Login not accepted|Inloggningen godtogs inte")
    )
    expect(page.locator("[role=alert]")).to_contain_text(re.compile("no role|någon roll"))
    steps.shot(page, "refused")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 900})
    assert axe_violations(page) == []
    assert csp == []
