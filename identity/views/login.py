"""The login page (local accounts and the choice of an organisation's IdP), the start of an SSO
login, and the logout that ends the IdP's session too where it offers single logout."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core import kept_input
from identity import login as sso
from identity import mfa_login, oidc, saml, selectors
from identity.choices import Protocol
from identity.forms import SsoStartForm
from identity.models import IdentityProvider

PROTOCOLS = {Protocol.SAML: saml, Protocol.OIDC: oidc}


class PortalLoginView(LoginView):
    """The login page; sent here by a form posted after the session ended, it says so, and
    whether what was typed is kept for after the login (core/kept_input.py)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        next_url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        kept = kept_input.pending(self.request, next_url) if next_url else None
        if kept is not None:
            context["session_ended_message"] = (
                _("Your session had ended. Log in again and what you typed will still be there.")
                if kept.get("fields")
                else _("Your session had ended. Log in again.")
            )
        context.setdefault("sso_form", SsoStartForm(initial={"next": next_url}))
        return context

    def form_valid(self, form):
        # A user with a second factor goes on to the second step (identity/mfa_login.py).
        response = mfa_login.after_password(self.request, form.get_user(), self.get_success_url())
        return response or super().form_valid(form)


class AdminLoginView(LoginView):
    """The admin's login page, with the same second step as the portal's: the admin is no way
    around MFA. Installed as ``admin.site.login`` by ``admin_login``."""

    def form_valid(self, form):
        response = mfa_login.after_password(self.request, form.get_user(), self.get_success_url())
        return response or super().form_valid(form)


def admin_login(request, extra_context=None):
    """``AdminSite.login`` with ``AdminLoginView`` (the same context as Django's)."""
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return HttpResponseRedirect(reverse("admin:index", current_app=site.name))
    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    context.update(extra_context or {})
    request.current_app = site.name
    return AdminLoginView.as_view(
        extra_context=context,
        authentication_form=site.login_form or AdminAuthenticationForm,
        template_name=site.login_template or "admin/login.html",
    )(request)


class SsoStartView(View):
    """The login page's second form: an organisation, or an e-mail address whose domain picks
    one; on to that organisation's IdP."""

    def post(self, request):
        form = SsoStartForm(data=request.POST)
        if not form.is_valid():
            view = PortalLoginView.as_view(extra_context={"sso_form": form})
            response = view(request._request if hasattr(request, "_request") else request)
            response.status_code = 400
            return response
        provider = form.cleaned_data["provider"]
        url = reverse("identity:sso_begin", args=[provider.pk])
        next_url = form.cleaned_data.get("next")
        if next_url:
            from urllib.parse import urlencode

            url = f"{url}?{urlencode({'next': next_url})}"
        return HttpResponseRedirect(url)


class SsoBeginView(View):
    """Off to the organisation's IdP (a SAML AuthnRequest or an OIDC authorisation request)."""

    def get(self, request, pk):
        provider = get_object_or_404(selectors.login_providers(), pk=pk)
        sso.remember_next(request, request.GET.get("next"))
        module = PROTOCOLS.get(provider.protocol)
        if module is None:
            raise Http404
        return module.begin(request, provider)


class PortalLogoutView(View):
    """POST only: ends the portal's session, then the IdP's where it offers single logout."""

    http_method_names = ["post", "options"]

    def post(self, request):
        data = request.session.get(sso.SESSION_KEY) or {}
        provider = IdentityProvider.objects.filter(pk=data.get("provider")).first()
        logout(request)
        module = PROTOCOLS.get(provider.protocol) if provider is not None else None
        url = module.logout_redirect(request, provider, data) if module is not None else None
        if url:  # the IdP's single logout
            return sso.onward(request, url, heading=_("Logging you out of your organisation"))
        return HttpResponseRedirect(reverse("login"))
