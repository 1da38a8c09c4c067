"""SAML 2.0 login against a real IdP (SimpleSAMLphp, tests/identity/saml_idp.py), without a
browser: the IdP's login form is driven with ``requests``, its signed answer posted to the ACS
with Django's test client."""

from __future__ import annotations

import base64
import re
import time

import pytest
import requests
from axes.models import AccessAttempt
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from identity import saml
from identity.choices import Role
from identity.models import ExternalIdentity
from organisations.choices import OrganisationKind
from organisations.models import Membership, Organisation, User
from tests.identity.saml_idp import saml_provider as make_provider
from tests.identity.saml_idp import trust

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def orebro():
    return Organisation.objects.create(
        code="SE-T", name="Region Örebro län", kind=OrganisationKind.REGION, country="SE"
    )


@pytest.fixture
def signing_sp(settings, sp_key_cert):
    settings.HALLBAR_SAML_SP_KEY, settings.HALLBAR_SAML_SP_CERT = sp_key_cert
    return sp_key_cert


@pytest.fixture
def provider(saml_idp, orebro, signing_sp):
    provider = make_provider(saml_idp, orebro)
    trust(saml_idp, BASE, [provider], cert=signing_sp[1])
    return provider


def start(client: Client, provider) -> str:
    """The login page's step to the IdP: the URL of the AuthnRequest."""
    response = client.get(reverse("identity:sso_begin", args=[provider.pk]))
    assert response.status_code == 200, response.content[:500]
    return response.context["url"]


def idp_answer(idp, client, provider, username="anna.orebro", browser=None):
    """Start a login, log in at the IdP and return (ACS path, the fields the IdP posts)."""
    acs, fields = idp.login(browser or requests.Session(), start(client, provider), username)
    assert acs.startswith(BASE)
    return acs.removeprefix(BASE), fields


def failures() -> int:
    return AccessAttempt.objects.aggregate(n=Sum("failures_since_start"))["n"] or 0


def refused(response, status=400) -> str:
    assert response.status_code == status, response.content[:800]
    return response.content.decode()


def test_a_procurer_logs_in_and_gets_her_role(saml_idp, provider, orebro):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = start(client, provider)
    # The AuthnRequest is signed (the IdP is set to refuse unsigned ones) and goes to the IdP.
    assert url.startswith(provider.saml_sso_url) and "Signature=" in url
    acs, fields = saml_idp.login(requests.Session(), url, "anna.orebro")
    assert acs == f"{BASE}/login/saml/{provider.pk}/acs/"
    response = client.post(acs.removeprefix(BASE), fields)
    assert response.status_code == 302
    user = User.objects.get(username="anna.orebro")
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Örnberg",
        "anna.orebro@regionorebrolan.se",
    )
    assert Membership.objects.get(user=user).role == Role.PROCURER
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.provider == provider and identity.subject  # the persistent NameID
    sso = client.session["hallbar_sso"]
    assert sso["name_id"] == identity.subject and sso["session_index"]
    assert sso["name_id_format"].endswith(":persistent")
    assert client.get(reverse("home")).status_code == 200


def test_an_unmapped_role_value_gives_the_default_role(saml_idp, provider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider, "bo.orebro")
    assert client.post(acs, fields).status_code == 302
    assert Membership.objects.get(user__username="bo.orebro").role == Role.READER


def test_a_replayed_answer_is_refused(saml_idp, provider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider)
    assert client.post(acs, fields).status_code == 302
    client.post(reverse("logout"))
    before = failures()
    # The same answer again, in the same browser and in another one.
    for other in (client, Client(HTTP_ACCEPT_LANGUAGE="en")):
        text = refused(other.post(acs, {**fields, "hallbar_resubmitted": "1"}))
        assert "has already been used" in text
    assert failures() == before + 2
    assert "_auth_user_id" not in client.session
    # Even with its request waiting again (a browser that saved the request's session), the
    # assertion is accepted once only.
    session = client.session
    request_id = re.search(
        r'InResponseTo="([^"]+)"', base64.b64decode(fields["SAMLResponse"]).decode()
    )[1]
    session[saml.REQUEST_KEY] = {"id": request_id, "provider": provider.pk, "at": int(time.time())}
    session.save()
    text = refused(client.post(acs, fields))
    assert "This answer has already been used" in text
    assert "_auth_user_id" not in client.session


def test_an_answer_for_another_sp_is_refused(saml_idp, orebro, signing_sp):
    other_region = Organisation.objects.create(
        code="SE-U", name="Region Västmanland", kind=OrganisationKind.REGION, country="SE"
    )
    orebro_idp = make_provider(saml_idp, orebro)
    other_idp = make_provider(saml_idp, other_region, email_domains=["regionvastmanland.se"])
    trust(saml_idp, BASE, [orebro_idp, other_idp], cert=signing_sp[1])
    # An answer made for Örebro's SP, posted to Västmanland's ACS in a browser whose own login
    # (at Västmanland) carries the same request id: the audience and destination differ.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _acs, fields = idp_answer(saml_idp, client, orebro_idp)
    request_id = re.search(
        r'InResponseTo="([^"]+)"', base64.b64decode(fields["SAMLResponse"]).decode()
    )[1]
    start(client, other_idp)
    session = client.session
    session[saml.REQUEST_KEY] = {"id": request_id, "provider": other_idp.pk, "at": int(time.time())}
    session.save()
    before = failures()
    text = refused(client.post(reverse("identity:saml_acs", args=[other_idp.pk]), fields))
    assert "meant for another service" in text
    assert failures() == before + 1
    assert not User.objects.exists()


def test_an_altered_or_unsigned_answer_is_refused(saml_idp, provider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider)
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    altered = xml.replace(">anställd<", ">admin<").replace(">upphandlare<", ">kansli<")
    assert altered != xml
    unsigned = re.sub(r"<ds:Signature.*?</ds:Signature>", "", xml, flags=re.S)
    assert unsigned != xml
    for bad in (altered, unsigned):
        start(client, provider)  # a fresh request, so only the signature is wrong
        session = client.session
        request_id = re.search(r'InResponseTo="([^"]+)"', xml)[1]
        session[saml.REQUEST_KEY] = {**session[saml.REQUEST_KEY], "id": request_id}
        session.save()
        text = refused(client.post(acs, {"SAMLResponse": base64.b64encode(bad.encode()).decode()}))
        assert "not signed correctly or not valid" in text
    refused(client.post(acs, {"SAMLResponse": "not base64 at all <xml>"}))
    assert not User.objects.exists() and not ExternalIdentity.objects.exists()


def test_a_late_answer_or_one_for_an_older_request_is_refused(saml_idp, provider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider)
    start(client, provider)  # the login started again: the first answer is for an older request
    text = refused(client.post(acs, fields))
    assert "does not belong to the login started from this browser" in text

    acs, fields = idp_answer(saml_idp, client, provider)
    session = client.session
    session[saml.REQUEST_KEY] = {**session[saml.REQUEST_KEY], "at": int(time.time()) - 3600}
    session.save()
    text = refused(client.post(acs, fields))
    assert "took too long" in text
    assert not User.objects.exists()


def test_a_changed_role_attribute_changes_the_role_and_staff(saml_idp, signing_sp):
    secretariat = Organisation.objects.create(
        code="KANS", name="Kansliet", kind=OrganisationKind.SECRETARIAT, country="SE"
    )
    provider = make_provider(
        saml_idp,
        secretariat,
        email_domains=["kansliet.test"],
        role_mapping={"kansli": Role.SECRETARIAT, "upphandlare": Role.PROCURER},
    )
    trust(saml_idp, BASE, [provider], cert=signing_sp[1])
    saml_idp.set_user(
        "cia.kansli",
        uid="cia.kansli",
        mail="cia@kansliet.test",
        givenName="Cia",
        sn="Kansli",
        hallbarRole="kansli",
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider, "cia.kansli")
    assert client.post(acs, fields).status_code == 302
    user = User.objects.get(username="cia.kansli")
    assert user.is_staff and Membership.objects.get(user=user).role == Role.SECRETARIAT
    client.post(reverse("logout"))

    saml_idp.set_user("cia.kansli", hallbarRole="anställd")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider, "cia.kansli")
    assert client.post(acs, fields).status_code == 302
    user.refresh_from_db()
    assert not user.is_staff and Membership.objects.get(user=user).role == Role.READER


def test_a_deactivated_user_is_refused(saml_idp, provider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider)
    assert client.post(acs, fields).status_code == 302
    User.objects.filter(username="anna.orebro").update(is_active=False)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acs, fields = idp_answer(saml_idp, client, provider)
    text = refused(client.post(acs, fields), status=403)
    assert "deactivated" in text
    assert "_auth_user_id" not in client.session


def test_the_acs_without_an_answer_and_a_cross_site_post(saml_idp, provider):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    refused(client.post(reverse("identity:saml_acs", args=[provider.pk])))
    # The IdP's cross-site POST comes without the SameSite=Lax session cookie: the portal posts
    # it again from its own page (which sets no cookie), and then it counts.
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    start(browser, provider)
    cookie = browser.cookies["sessionid"].value
    acs, fields = saml_idp.login(requests.Session(), start(browser, provider), "anna.orebro")
    bare = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = bare.post(acs.removeprefix(BASE), fields)
    assert response.status_code == 200 and b"data-auto-submit" in response.content
    assert "sessionid" not in response.cookies
    browser.cookies["sessionid"] = cookie
    response = browser.post(acs.removeprefix(BASE), {**fields, "hallbar_resubmitted": "1"})
    assert response.status_code == 302


def test_sp_metadata_with_and_without_a_key(client, saml_idp, orebro, settings, sp_key_cert):
    provider = make_provider(saml_idp, orebro)
    url = reverse("identity:saml_metadata", args=[provider.pk])
    settings.HALLBAR_SAML_SP_KEY = settings.HALLBAR_SAML_SP_CERT = ""
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert f'entityID="{BASE}{url}"' in text
    assert f'Location="{BASE}/login/saml/{provider.pk}/acs/"' in text
    assert "no signing key" in text and "X509Certificate" not in text
    assert "validUntil" not in text  # an IdP that imports it once keeps trusting the portal
    settings.HALLBAR_SAML_SP_KEY, settings.HALLBAR_SAML_SP_CERT = sp_key_cert
    text = client.get(url).content.decode()
    assert "X509Certificate" in text and 'AuthnRequestsSigned="true"' in text
    # Behind a TLS proxy the URLs are https.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"x-forwarded-proto": "https", "host": "testserver"}
    text = client.get(url, headers=proxied).content.decode()
    assert f'entityID="https://testserver{url}"' in text


def test_single_logout_ends_both_sessions(saml_idp, provider):
    client, browser = Client(HTTP_ACCEPT_LANGUAGE="en"), requests.Session()
    acs, fields = idp_answer(saml_idp, client, provider, browser=browser)
    assert client.post(acs, fields).status_code == 302
    response = client.post(reverse("logout"))
    assert response.status_code == 200  # the page that sends the browser on to the IdP
    url = response.context["url"]
    assert url.startswith(provider.saml_slo_url) and "Signature=" in url
    sls = url
    while not sls.startswith(BASE):  # the IdP's own redirects, then back to the SLS
        answer = browser.get(sls, allow_redirects=False)
        assert answer.status_code in (302, 303), answer.text[:1000]
        sls = answer.headers["Location"]
    assert sls.startswith(f"{BASE}/login/saml/{provider.pk}/sls/")
    response = client.get(sls.removeprefix(BASE))
    assert response.status_code == 302 and response.url == reverse("login")
    # "Du är utloggad" once the lead has merged the translations (po-sso-saml.json).
    page = client.get(response.url).content.decode()
    assert "Du är utloggad" in page or "You are logged out." in page
    # The IdP asks for the password again.
    again = browser.get(start(Client(HTTP_ACCEPT_LANGUAGE="en"), provider))
    assert 'name="password"' in again.text
    # The same LogoutResponse again: no logout is waiting.
    refused(client.get(sls.removeprefix(BASE)))


def test_an_idp_initiated_logout_ends_the_portal_session(saml_idp, provider):
    client, browser = Client(HTTP_ACCEPT_LANGUAGE="en"), requests.Session()
    acs, fields = idp_answer(saml_idp, client, provider, browser=browser)
    assert client.post(acs, fields).status_code == 302
    # The IdP's own logout: it sends the browser to the portal's SLS with a signed LogoutRequest.
    url = f"{saml_idp.base}saml2/idp/initSLO.php?RelayState={saml_idp.base}"
    while not url.startswith(BASE):
        answer = browser.get(url, allow_redirects=False)
        assert answer.status_code in (302, 303), answer.text[:1000]
        url = answer.headers["Location"]
    assert "SAMLRequest=" in url and "Signature=" in url
    # Unsigned, it is refused and the session stays.
    unsigned = re.sub(r"&(Signature|SigAlg)=[^&]*", "", url)
    refused(client.get(unsigned.removeprefix(BASE)))
    assert "_auth_user_id" in client.session
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 302 and response.url.startswith(provider.saml_slo_url)
    assert "SAMLResponse=" in response.url
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
    # The IdP takes the portal's answer and finishes its logout.
    answer = browser.get(response.url)
    assert answer.status_code == 200, answer.text[:1000]


def test_an_idp_not_set_up_completely_says_so(client, orebro):
    from identity.choices import Protocol
    from identity.models import IdentityProvider

    provider = IdentityProvider.objects.create(
        organisation=orebro, protocol=Protocol.SAML, saml_sso_url="https://idp.orebro.test/sso"
    )
    response = client.get(
        reverse("identity:sso_begin", args=[provider.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 503
    assert "has not been set up completely" in response.content.decode()
    assert saml.REQUEST_KEY not in client.session
