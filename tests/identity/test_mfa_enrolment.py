"""Issue 19, part 2: the "Two-step verification" page (an authenticator app, recovery codes,
removing a method) and the secretariat's MFA rule per role."""

import base64
import json

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity import mfa, selectors
from identity.models import MfaRequirement, WebAuthnCredential
from tests.world import PASSWORD, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def reader(client, world):
    client.force_login(world.users["reader"])
    return world.users["reader"]


def test_an_app_counts_only_after_a_right_code(client, reader):
    page = client.get("/account/mfa/app/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    key = client.session["hallbar_totp_setup"]
    assert len(key) == 40
    response = client.post("/account/mfa/app/", {"name": "Telefon", "code": "12345"})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=reader).exists()
    # The same secret is kept while the user retries.
    assert client.session["hallbar_totp_setup"] == key

    response = client.post("/account/mfa/app/", {"name": "Telefon", "code": totp_code(key)})
    assert response.status_code == 302 and response.url == "/account/mfa/"
    assert selectors.mfa_methods(reader) == ["totp"]
    page = client.get("/account/mfa/").content.decode()
    assert "Telefon" in page and "added" in page


def test_the_secret_is_shown_as_text_that_matches_the_qr_code(client, reader):
    page = client.get("/account/mfa/app/").content.decode()
    key = client.session["hallbar_totp_setup"]
    secret = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
    shown = page.split("data-totp-secret>")[1].split("<")[0].replace(" ", "")
    assert shown == secret
    qr = page.split('src="data:image/svg+xml;base64,')[1].split('"')[0]
    assert base64.b64decode(qr).decode().lstrip().startswith(("<svg", "<?xml"))


def test_recovery_codes_are_shown_once_and_regenerating_replaces_them(client, reader):
    response = client.post("/account/mfa/recovery-codes/")
    page = response.content.decode()
    first = page.split("data-recovery-codes>")[1].split("</ul>")[0].count("<code>")
    assert first == 10
    assert "data-recovery-codes" not in client.get("/account/mfa/recovery-codes/").content.decode()
    device = StaticDevice.objects.get(user=reader)
    old = set(device.token_set.values_list("token", flat=True))
    client.post("/account/mfa/recovery-codes/")
    assert not old & set(device.token_set.values_list("token", flat=True))
    assert device.token_set.count() == 10
    history = client.get("/account/mfa/").content.decode()
    assert "new codes" in history and "reader" in history


def test_removing_a_method_needs_the_password(client, reader):
    device = TOTPDevice.objects.create(user=reader, name="App", key="ab" * 20, confirmed=True)
    url = f"/account/mfa/totp/{device.pk}/delete/"
    response = client.post(url, {})
    assert "Type your password or a code" in response.content.decode()
    response = client.post(url, {"password": "fel"})
    assert "The password or the code is not right." in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert selectors.mfa_history(reader)[0]["change"] == "-"


def test_the_last_method_stays_while_mfa_is_required(client, world):
    secretariat = world.users["secretariat"]
    client.force_login(secretariat)
    url = f"/account/mfa/totp/{world.secretariat_totp.pk}/delete/"
    response = client.post(url, {"code": totp_code()})
    assert "set up another method first" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretariat).exists()
    # With a passkey besides, the app may go.
    WebAuthnCredential.objects.create(
        user=secretariat, name="Nyckel", credential_id="abc", public_key="x"
    )
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    assert selectors.mfa_methods(secretariat) == ["passkey"]


def test_another_users_method_is_not_found(client, world, reader):
    url = f"/account/mfa/totp/{world.secretariat_totp.pk}/delete/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"password": PASSWORD}).status_code == 404
    assert client.get("/account/mfa/sms/1/delete/").status_code == 404


def test_the_passkey_page_hands_the_browser_options_for_this_site(client, reader):
    page = client.get("/account/mfa/passkey/").content.decode()
    raw = page.split('data-options="')[1].split('"')[0]
    options = json.loads(raw.replace("&quot;", '"'))
    assert options["rp"]["id"] == "testserver"
    assert options["user"]["name"] == "reader"
    response = client.post("/account/mfa/passkey/", {"name": "Nyckel", "credential": "{}"})
    assert "did not create a passkey" in response.content.decode()
    assert not WebAuthnCredential.objects.filter(user=reader).exists()


def test_the_secretariat_requires_mfa_per_role_with_history(client, world):
    client.force_login(world.users["secretariat"])
    page = client.get("/mfa/requirements/").content.decode()
    assert 'name="secretariat"' in page and "disabled" in page
    response = client.post("/mfa/requirements/", {"auditor": "on", "reader": "on"})
    assert response.status_code == 302
    rows = dict(MfaRequirement.objects.values_list("role", "required"))
    assert rows == {"auditor": True, "reader": True}
    # The secretariat's box cannot be switched off (a forged POST without it changes nothing).
    client.post("/mfa/requirements/", {"reader": "on"})
    rows = dict(MfaRequirement.objects.values_list("role", "required"))
    assert rows == {"auditor": False, "reader": True}
    assert "secretariat" in selectors.mfa_methods.__doc__  # documented for the user pages
    history = MfaRequirement.history.filter(role="auditor").order_by("history_date")
    assert [h.required for h in history] == [True, False]
    assert {h.history_user for h in history} == {world.users["secretariat"]}
    page = client.get("/mfa/requirements/").content.decode()
    assert page.count("<tr>") >= 4


@pytest.mark.parametrize("role", ["procurer_a", "reader", "auditor"])
def test_only_the_secretariat_opens_the_rules_page(client, world, role):
    client.force_login(world.users[role])
    assert client.get("/mfa/requirements/").status_code == 403
    assert client.post("/mfa/requirements/", {"auditor": "on"}).status_code == 403
    assert not MfaRequirement.objects.exists()


def test_the_secretariat_removes_a_lost_devices_methods_with_history(client, world):
    reader = world.users["reader"]
    TOTPDevice.objects.create(user=reader, name="App", key="ab" * 20, confirmed=True)
    mfa.recovery_codes_generate(user=reader, actor=reader)
    assert mfa.methods_delete_all(user=reader, actor=world.users["secretariat"]) == 2
    assert selectors.mfa_methods(reader) == []
    removed = [row for row in selectors.mfa_history(reader) if row["change"] == "-"]
    assert {row["by"] for row in removed} == {world.users["secretariat"]}
