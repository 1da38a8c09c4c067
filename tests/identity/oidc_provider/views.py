"""The test's remote control of its IdP (loopback only, with the token the fixture chose): add a
client, set a person's claims, make a client's tokens misbehave, stop answering."""

import json
import os

from django.contrib.auth.models import User
from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from tests.identity.oidc_provider.models import ClientQuirk, Person


def _allowed(request) -> bool:
    token = os.environ.get("HALLBAR_IDP_CONTROL_TOKEN", "")
    return bool(token) and request.headers.get("X-Control-Token") == token


@csrf_exempt
@require_POST
def control(request, action):
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    if action == "client":
        Application.objects.update_or_create(
            client_id=data["client_id"],
            defaults={
                "name": data["client_id"],
                "client_secret": data["client_secret"],
                "hash_client_secret": True,
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": " ".join(data["redirect_uris"]),
                "post_logout_redirect_uris": " ".join(data.get("post_logout_redirect_uris", [])),
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,
            },
        )
    elif action == "person":
        user = User.objects.get(username=data["username"])
        Person.objects.update_or_create(user=user, defaults={"claims": data["claims"]})
    elif action == "quirk":
        ClientQuirk.objects.update_or_create(
            client_id=data["client_id"], defaults={"claims": data["claims"]}
        )
    else:
        return JsonResponse({"error": "unknown action"}, status=404)
    return JsonResponse({"ok": True})
