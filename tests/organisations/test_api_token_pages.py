"""Users make and revoke their own API tokens in the portal; the text is shown once."""

import pytest
from django.urls import reverse

from organisations.models import ApiToken
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/organisations/api-tokens/"


@pytest.fixture
def member(client):
    user = MembershipFactory().user
    client.force_login(user)
    return user


def test_a_token_is_shown_once_and_then_only_by_its_prefix(client, member):
    response = client.post(URL, {"name": "BI Örebro", "days": "30"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("hb_")
    assert raw in response.content.decode()
    assert "visas bara den här gången" in response.content.decode()
    page = client.get(URL).content.decode()
    assert raw not in page
    assert ApiToken.objects.get(user=member).prefix in page


def test_bad_input_says_why_and_saves_nothing(client, member):
    response = client.post(URL, {"name": "", "days": "0"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"name", "days"}
    assert not ApiToken.objects.exists()


def test_revoke_own_token_but_not_anothers(client, member):
    client.post(URL, {"name": "BI", "days": "30"})
    token = ApiToken.objects.get(user=member)
    other = MembershipFactory().user
    client.force_login(other)
    assert client.post(reverse("organisations:apitoken_revoke", args=[token.pk])).status_code == 404
    client.force_login(member)
    response = client.post(reverse("organisations:apitoken_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_tokens_are_not_listed(client, member):
    client.post(URL, {"name": "Mitt", "days": "30"})
    client.force_login(MembershipFactory().user)
    assert "Mitt" not in client.get(URL).content.decode()
