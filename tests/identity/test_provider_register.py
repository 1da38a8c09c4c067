"""The secretariat's register of IdPs: SAML by pasted metadata or by URL (a real HTTP server on
loopback), OIDC with a secret never shown back, and the refusals that save nothing."""

import pytest
from django.urls import reverse

from identity.models import ExternalIdentity, IdentityProvider
from tests.helpers import count_queries
from tests.identity.sso_admin_support import free_port, idp_metadata, serving

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

ADD = reverse("identity:provider_add")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def saml_data(world, **changes):
    data = {
        "organisation": world.region_a.pk,
        "protocol": "saml",
        "enabled": "on",
        "email_domains": "RegionOrebroLan.se, @rob.se",
        "saml_metadata_url": "",
        "saml_metadata_xml": "",
        "saml_entity_id": "",
        "oidc_scopes": "openid email profile",
        "attr_email": "mail",
        "attr_first_name": "givenName",
        "attr_last_name": "sn",
        "attr_role": "hsaTitle",
        "role_mapping": "inkopare = procurer\nlasare = reader",
        "default_role": "reader",
        "create_users": "on",
    }
    data.update(changes)
    return data


def secretariat(client, world):
    client.force_login(world.users["secretariat"])
    return client


def errors_of(response) -> str:
    assert response.status_code == 400, response.status_code
    return " ".join(
        message for errors in response.context["form"].errors.values() for message in errors
    )


def test_saml_by_pasted_metadata(client, world):
    xml = idp_metadata("https://idp.regionorebrolan.se/saml")
    response = secretariat(client, world).post(ADD, saml_data(world, saml_metadata_xml=xml))
    assert response.status_code == 302, response.context["form"].errors
    provider = IdentityProvider.objects.get(organisation=world.region_a)
    assert provider.saml_entity_id == "https://idp.regionorebrolan.se/saml"
    assert provider.saml_sso_url == "https://idp.regionorebrolan.se/sso"
    assert provider.saml_slo_url == "https://idp.regionorebrolan.se/slo"
    assert len(provider.saml_x509_certs) == 1
    assert provider.email_domains == ["regionorebrolan.se", "rob.se"]
    assert provider.role_mapping == {"inkopare": "procurer", "lasare": "reader"}
    record = provider.history.latest()
    assert record.history_user == world.users["secretariat"]
    page = client.get(response.url).content.decode()
    assert "SHA-256" in page and "idp.example.se" in page
    assert "inkopare" in page and "regionorebrolan.se" in page
    # What the IdP's administrators register: the SP metadata URL (the entity id) and the ACS.
    assert f"http://testserver/login/saml/{provider.pk}/metadata/" in page
    assert f"http://testserver/login/saml/{provider.pk}/acs/" in page


def test_saml_by_url_fetched_once_at_save(client, world):
    xml = idp_metadata("https://idp.regionstockholm.se/saml").encode()
    with serving({"/metadata": xml}) as base:
        url = f"{base}/metadata"
        response = secretariat(client, world).post(
            ADD, saml_data(world, organisation=world.region_b.pk, saml_metadata_url=url)
        )
    assert response.status_code == 302, response.context["form"].errors
    provider = IdentityProvider.objects.get(organisation=world.region_b)
    assert provider.saml_metadata_url == url
    assert provider.saml_metadata_xml.startswith("<?xml")
    assert provider.saml_entity_id == "https://idp.regionstockholm.se/saml"
    # Saved again with the server gone: the stored XML is used, nothing is fetched.
    edit = reverse("identity:provider_edit", args=[provider.pk])
    form = client.get(edit).context["form"]
    data = {**saml_data(world), **{k: v for k, v in form.initial.items() if v is not None}}
    data.update(
        organisation=world.region_b.pk,
        email_domains="regionstockholm.se",
        role_mapping="",
        attr_role="",
        saml_metadata_xml=provider.saml_metadata_xml,
        enabled="",
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    provider.refresh_from_db()
    assert provider.enabled is False
    # Asked to fetch again, now unreachable: a clear message, nothing changed.
    response = client.post(edit, {**data, "enabled": "on", "refetch_metadata": "on"})
    assert "could not be reached" in errors_of(response)
    provider.refresh_from_db()
    assert provider.enabled is False


def test_unreachable_url_saves_nothing(client, world):
    url = f"http://127.0.0.1:{free_port()}/metadata"
    response = secretariat(client, world).post(ADD, saml_data(world, saml_metadata_url=url))
    assert "could not be reached" in errors_of(response)
    assert not IdentityProvider.objects.exists()


def test_error_status_saves_nothing(client, world):
    with serving({}) as base:
        response = secretariat(client, world).post(
            ADD, saml_data(world, saml_metadata_url=f"{base}/missing")
        )
    assert "HTTP status 404" in errors_of(response)
    assert not IdentityProvider.objects.exists()


def test_huge_response_is_cut_off(client, world, settings):
    settings.HALLBAR_SAML_METADATA_MAX_BYTES = 200_000
    huge = idp_metadata().encode() + b"<!--" + b"x" * 1_000_000 + b"-->"
    with serving({"/huge": huge}) as base:
        response = secretariat(client, world).post(
            ADD, saml_data(world, saml_metadata_url=f"{base}/huge")
        )
    assert "larger than" in errors_of(response)
    assert not IdentityProvider.objects.exists()


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<not-xml", "not valid SAML metadata"),
        ("<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>", "no identity"),
    ],
)
def test_invalid_pasted_xml_saves_nothing(client, world, xml, message):
    response = secretariat(client, world).post(ADD, saml_data(world, saml_metadata_xml=xml))
    text = errors_of(response)
    assert "pasted metadata cannot be used" in text and message in text
    assert not IdentityProvider.objects.exists()


def test_invalid_xml_at_url_saves_nothing(client, world):
    with serving({"/bad": b"<html>Not here</html>"}) as base:
        response = secretariat(client, world).post(
            ADD, saml_data(world, saml_metadata_url=f"{base}/bad")
        )
    assert "fetched from the URL cannot be used" in errors_of(response)
    assert not IdentityProvider.objects.exists()


def test_duplicate_email_domain_refused(client, world):
    IdentityProvider.objects.create(
        organisation=world.region_b,
        protocol="oidc",
        oidc_issuer="https://login.regionstockholm.se",
        oidc_client_id="x",
        oidc_client_secret="y",
        email_domains=["regionstockholm.se"],
    )
    data = saml_data(
        world, saml_metadata_xml=idp_metadata(), email_domains="rob.se, RegionStockholm.se"
    )
    text = errors_of(secretariat(client, world).post(ADD, data))
    assert "regionstockholm.se is already a domain of Region Stockholm" in text
    assert IdentityProvider.objects.count() == 1


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("inkopare = chef", "Unknown role chef"),
        ("kansli = secretariat", "secretariat role belongs to the secretariat"),
        ("inkopare procurer", "Line 1: write 'value = role'"),
    ],
)
def test_bad_role_mapping_refused(client, world, mapping, message):
    data = saml_data(world, saml_metadata_xml=idp_metadata(), role_mapping=mapping)
    assert message in errors_of(secretariat(client, world).post(ADD, data))
    assert not IdentityProvider.objects.exists()


def test_secretariat_role_mapping_allowed_for_the_secretariat(client, world):
    data = saml_data(
        world,
        organisation=world.secretariat_org.pk,
        saml_metadata_xml=idp_metadata(),
        role_mapping="kansli = secretariat",
        email_domains="kansliet.example.se",
    )
    assert secretariat(client, world).post(ADD, data).status_code == 302
    assert IdentityProvider.objects.get().role_mapping == {"kansli": "secretariat"}


def oidc_data(world, **changes):
    data = {
        "organisation": world.region_b.pk,
        "protocol": "oidc",
        "enabled": "on",
        "email_domains": "regionstockholm.se",
        "oidc_issuer": "https://login.regionstockholm.se/",
        "oidc_client_id": "hallbar-portal",
        "client_secret": "top-secret-value",
        "oidc_scopes": "openid email  profile",
        "attr_email": "email",
        "attr_first_name": "given_name",
        "attr_last_name": "family_name",
        "default_role": "",
    }
    data.update(changes)
    return data


def test_oidc_secret_never_shown_and_kept_when_empty(client, world):
    response = secretariat(client, world).post(ADD, oidc_data(world))
    assert response.status_code == 302, response.context["form"].errors
    provider = IdentityProvider.objects.get()
    assert provider.oidc_client_secret == "top-secret-value"
    assert provider.oidc_issuer == "https://login.regionstockholm.se"
    assert provider.oidc_scopes == "openid email profile"
    assert provider.default_role == ""
    edit = reverse("identity:provider_edit", args=[provider.pk])
    for url in (provider.get_absolute_url(), edit):
        page = client.get(url).content.decode()
        assert "top-secret-value" not in page
    detail = client.get(provider.get_absolute_url()).content.decode()
    assert "never shown" in detail
    assert f"http://testserver/login/sso/{provider.pk}/oidc/callback/" in detail  # redirect URI
    response = client.post(edit, oidc_data(world, client_secret="", oidc_client_id="ny-klient"))
    assert response.status_code == 302, response.context["form"].errors
    provider.refresh_from_db()
    assert (provider.oidc_client_id, provider.oidc_client_secret) == (
        "ny-klient",
        "top-secret-value",
    )
    assert not any(
        "oidc_client_secret" in vars(record) for record in provider.history.all()
    )  # the history keeps no secret
    response = client.post(edit, oidc_data(world, client_secret="rotated"))
    provider.refresh_from_db()
    assert provider.oidc_client_secret == "rotated"


def test_oidc_needs_a_secret_and_openid(client, world):
    data = oidc_data(world, client_secret="", oidc_scopes="email")
    text = errors_of(secretariat(client, world).post(ADD, data))
    assert "client secret" in text and "openid" in text
    assert not IdentityProvider.objects.exists()


def test_stale_edit_is_refused(client, world):
    secretariat(client, world).post(ADD, oidc_data(world))
    provider = IdentityProvider.objects.get()
    edit = reverse("identity:provider_edit", args=[provider.pk])
    version = client.get(edit).context["record_version"]
    assert client.post(edit, {**oidc_data(world), "record_version": version}).status_code == 302
    response = client.post(
        edit, {**oidc_data(world, oidc_client_id="late"), "record_version": version}
    )
    assert "was changed after you opened it" in str(response.context["form"].non_field_errors())
    provider.refresh_from_db()
    assert provider.oidc_client_id == "hallbar-portal"


def test_delete_refused_while_users_are_linked(client, world):
    secretariat(client, world).post(ADD, oidc_data(world))
    provider = IdentityProvider.objects.get()
    ExternalIdentity.objects.create(provider=provider, user=world.users["procurer_b"], subject="s1")
    delete = reverse("identity:provider_delete", args=[provider.pk])
    response = client.post(delete, follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert IdentityProvider.objects.filter(pk=provider.pk).exists()
    ExternalIdentity.objects.all().delete()
    assert client.post(delete).status_code == 302
    assert not IdentityProvider.objects.exists()


@pytest.mark.parametrize("role", ["procurer_a", "reader", "auditor"])
def test_other_roles_get_403(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("identity:provider_list")).status_code == 403
    assert client.post(ADD, oidc_data(world)).status_code == 403
    assert not IdentityProvider.objects.exists()


def test_provider_list_queries_do_not_grow_with_rows(client, world):
    from organisations.models import Organisation

    secretariat(client, world)
    url = reverse("identity:provider_list")
    provider = IdentityProvider.objects.create(
        organisation=world.region_a, protocol="oidc", email_domains=["a.se"]
    )
    ExternalIdentity.objects.create(provider=provider, user=world.users["reader"], subject="r")
    client.get(url)
    one = count_queries(client, url)
    for index in range(12):
        organisation = Organisation.objects.create(code=f"ORG{index}", name=f"Org {index}")
        provider = IdentityProvider.objects.create(
            organisation=organisation, protocol="saml", email_domains=[f"org{index}.se"]
        )
        ExternalIdentity.objects.create(
            provider=provider, user=world.users["procurer_b"], subject=f"s{index}"
        )
    assert client.get(url).context["table"].paginator.count == 13
    IdentityProvider.objects.filter(organisation__code="ORG3").update(enabled=False)
    response = client.get(url, {"enabled": "false"})
    assert [row.record.organisation.code for row in response.context["table"].rows] == ["ORG3"]
    response = client.get(url, {"q": "org7.se"})
    assert [row.record.organisation.code for row in response.context["table"].rows] == ["ORG7"]
    assert count_queries(client, url) == one
