"""The SAML 2.0 endpoints of the portal's SP for each IdP: the assertion consumer service (ACS),
the single logout service (SLS) and the SP's metadata for the IdP's administrators."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from identity import login as sso
from identity import saml, selectors

RESUBMITTED = "hallbar_resubmitted"


@method_decorator(csrf_exempt, name="dispatch")
class SamlAcsView(View):
    """The IdP's signed answer (HTTP-POST binding): verified, then the login completes; any fault
    is the refused page with why (400), counted by the login lock."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        provider = get_object_or_404(selectors.login_providers(), pk=pk)
        if (
            request.POST.get("SAMLResponse")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.POST.get(RESUBMITTED)
        ):
            # A POST from the IdP's site carries no SameSite=Lax session cookie: post the answer
            # again from the portal's own page, with the cookie (the session is not touched).
            return render(
                request,
                "identity/saml_post.html",
                {
                    "action": request.path,
                    "saml_response": request.POST["SAMLResponse"],
                    "relay_state": request.POST.get("RelayState", ""),
                    "resubmitted": RESUBMITTED,
                },
            )
        try:
            answer = saml.response_read(request, provider)
        except saml.Refusal as refusal:
            return sso.failed(request, provider, refusal.message)
        return sso.complete(request, provider, **answer)


class SamlSlsView(View):
    """The IdP's logout messages (HTTP-Redirect binding): its LogoutResponse to the portal's
    LogoutRequest (on to the login page), or its own LogoutRequest (the portal's session of
    that person ends and the IdP gets its LogoutResponse)."""

    def get(self, request, pk):
        provider = get_object_or_404(selectors.saml_providers(), pk=pk)

        def end_session(name_id):
            data = request.session.get(sso.SESSION_KEY) or {}
            if data.get("provider") == provider.pk and data.get("name_id") == name_id:
                logout(request)

        try:
            kind, url = saml.logout_answer(request, provider, end_session=end_session)
        except saml.Refusal as refusal:
            return sso.refused(request, provider, refusal.message, status=400)
        if kind == "request":
            return HttpResponseRedirect(url)
        messages.success(request, _("You are logged out."))
        return HttpResponseRedirect(reverse("login"))


class SamlMetadataView(View):
    """The SP's metadata (public): what the IdP's administrators enter for the portal."""

    def get(self, request, pk):
        provider = get_object_or_404(selectors.saml_providers(), pk=pk)
        return HttpResponse(
            saml.metadata(request, provider), content_type="application/samlmetadata+xml"
        )
