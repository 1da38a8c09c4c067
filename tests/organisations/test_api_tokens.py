"""API tokens: stored as a digest only, shown once, refused when expired or revoked."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from organisations.models import ApiToken
from organisations.services import api_token_create, api_token_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class WhoAmI(APIView):
    def get(self, request):
        return Response({"user": request.user.username})


def call(raw=None, header=None):
    request = APIRequestFactory().get(
        "/api/v1/whoami/", HTTP_AUTHORIZATION=header or f"Bearer {raw}"
    )
    return WhoAmI.as_view()(request)


@pytest.fixture
def user():
    return UserFactory(username="bi-region-t")


def test_the_stored_value_is_not_the_token(user):
    token, raw = api_token_create(user=user, name="BI", days=30)
    assert raw.startswith("hb_") and len(raw) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(value) for value in stored.values()}
    assert stored["digest"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(stored["prefix"])


def test_a_valid_token_authenticates_and_notes_its_use(user):
    token, raw = api_token_create(user=user, name="BI", days=30)
    response = call(raw)
    assert response.status_code == 200
    assert response.data == {"user": "bi-region-t"}
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: ApiToken.objects.filter(pk=t.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        ),
        lambda t: api_token_revoke(token=t, user=t.user),
        lambda t: type(t.user).objects.filter(pk=t.user_id).update(is_active=False),
    ],
    ids=["expired", "revoked", "inactive-user"],
)
def test_expired_revoked_and_inactive_are_refused(user, spoil):
    token, raw = api_token_create(user=user, name="BI", days=30)
    spoil(token)
    response = call(raw)
    assert response.status_code == 401
    assert "har gått ut eller har återkallats" in str(response.data["detail"])
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Bearer hb_nonsense", "Bearer", "Bearer a b", "Bearer not-ours"]
)
def test_unknown_and_malformed_tokens_are_refused(user, header):
    api_token_create(user=user, name="BI", days=30)
    assert call(header=header).status_code == 401


def test_refusals_when_making_a_token(user):
    api_token_create(user=user, name="BI", days=30)
    for kwargs in ({"name": "BI", "days": 30}, {"name": "", "days": 30}, {"name": "x", "days": 0}):
        with pytest.raises(ValidationError):
            api_token_create(user=user, **kwargs)
    assert ApiToken.objects.count() == 1


def test_only_the_owner_or_the_secretariat_revokes(user):
    token, _raw = api_token_create(user=user, name="BI", days=30)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, user=UserFactory())
    token.refresh_from_db()
    assert token.revoked_at is None


def test_create_api_token_prints_the_token_once(user):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "bi-region-t", name="BI", days=10, stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("hb_")
    assert raw not in err.getvalue()
    token = ApiToken.objects.get()
    assert (token.expires_at - timezone.now()).days in (9, 10)
    assert call(raw).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "Unknown user"),
        (["bi-region-t", "--days", "0"], "1 to 3650 days"),
    ],
)
def test_create_api_token_refusals_exit_2(user, args, message):
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert not ApiToken.objects.exists()
