"""The secretariat's page of users: the list and its filters, and deactivation, which ends the
user's session and their API tokens at once."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from identity.models import ExternalIdentity, IdentityProvider, UserStatusChange
from organisations.models import Membership, User
from organisations.services import api_token_create
from tests.helpers import count_queries
from tests.world import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_deactivation_ends_session_and_tokens_at_once(client, world):
    target = world.users["procurer_a"]
    # The user is logged in (a real password login) and has an API token that works.
    theirs = Client()
    assert (
        theirs.post(reverse("login"), {"username": "procurer_a", "password": PASSWORD}).status_code
        == 302
    )
    audits = reverse("audits:audit_list")
    assert theirs.get(audits).status_code == 200
    _token, raw = api_token_create(user=target, name="BI", days=30)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/audits/").status_code == 200

    client.force_login(world.users["secretariat"])
    deactivate = reverse("identity:user_deactivate", args=[target.pk])
    page = client.get(deactivate).content.decode()
    assert "logs them out at once" in page
    response = client.post(deactivate, {"reason": "Har slutat på regionen."})
    assert response.status_code == 302

    # Their next request: the login page; their token: 401.
    response = theirs.get(audits)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert api.get("/api/v1/audits/").status_code == 401
    # They cannot log in again either.
    again = Client()
    again.post(reverse("login"), {"username": "procurer_a", "password": PASSWORD})
    assert again.get(audits).status_code == 302

    change = UserStatusChange.objects.get(user=target)
    assert (change.active, change.changed_by, change.reason) == (
        False,
        world.users["secretariat"],
        "Har slutat på regionen.",
    )
    detail = client.get(reverse("identity:user_detail", args=[target.pk])).content.decode()
    assert "Har slutat på regionen." in detail and "Deactivated" in detail
    # Nothing else is taken: memberships stay, and a reactivation gives the token back.
    assert Membership.objects.filter(user=target).exists()
    client.post(reverse("identity:user_reactivate", args=[target.pk]))
    assert api.get("/api/v1/audits/").status_code == 200
    assert UserStatusChange.objects.filter(user=target).count() == 2


def test_secretariat_cannot_deactivate_itself(client, world):
    me = world.users["secretariat"]
    client.force_login(me)
    response = client.post(reverse("identity:user_deactivate", args=[me.pk]), follow=True)
    assert "cannot deactivate or reactivate your own account" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_deactivating_twice_says_so(client, world):
    target = world.users["reader"]
    client.force_login(world.users["secretariat"])
    url = reverse("identity:user_deactivate", args=[target.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "is already deactivated" in response.content.decode()
    assert UserStatusChange.objects.filter(user=target).count() == 1


@pytest.mark.parametrize("role", ["procurer_a", "reader", "auditor"])
def test_other_roles_get_403(client, world, role):
    client.force_login(world.users[role])
    target = world.users["procurer_b"]
    assert client.get(reverse("identity:user_list")).status_code == 403
    assert client.get(reverse("identity:user_detail", args=[target.pk])).status_code == 403
    assert client.post(reverse("identity:user_deactivate", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active


def sso_user(world, username, provider, subject):
    user = User.objects.create(username=username, first_name="Anna", last_name="Berg")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, organisation=provider.organisation, role="procurer")
    ExternalIdentity.objects.create(
        provider=provider, user=user, subject=subject, attributes={"hsaTitle": ["inkopare"]}
    )
    return user


def test_list_shows_how_users_log_in_and_filters(client, world):
    provider = IdentityProvider.objects.create(organisation=world.region_b, protocol="saml")
    sso_user(world, "anna.berg", provider, "SE2321000016-1234")
    client.force_login(world.users["secretariat"])
    url = reverse("identity:user_list")
    page = client.get(url).content.decode()
    assert "through Region Stockholm" in page and "Local password" in page

    def names(**query):
        response = client.get(url, query)
        return sorted(row.record.username for row in response.context["table"].rows)

    assert names(login=str(provider.pk)) == ["anna.berg"]
    assert "anna.berg" not in names(login="local")
    assert names(organisation=world.region_b.pk, role="procurer") == ["anna.berg", "procurer_b"]
    assert names(organisation=world.region_a.pk, role="reader") == ["reader"]
    assert names(role="auditor") == ["auditor"]
    User.objects.filter(username="reader").update(is_active=False)
    assert names(is_active="false") == ["reader"]
    detail = client.get(
        reverse("identity:user_detail", args=[User.objects.get(username="anna.berg").pk])
    )
    text = detail.content.decode()
    assert "SE2321000016-1234" in text and "inkopare" in text


def test_user_list_queries_do_not_grow_with_rows(client, world):
    provider = IdentityProvider.objects.create(organisation=world.region_b, protocol="saml")
    client.force_login(world.users["secretariat"])
    url = reverse("identity:user_list")
    sso_user(world, "first", provider, "s0")
    client.get(url)
    one = count_queries(client, url)
    for index in range(15):
        sso_user(world, f"user{index}", provider, f"s{index + 1}")
    assert client.get(url).context["table"].paginator.count == 5 + 16
    assert count_queries(client, url) == one
