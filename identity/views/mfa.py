"""MFA of the local accounts: the second step of a login, and the "Two-step verification" page
where a user sets up an authenticator app (TOTP), passkeys and recovery codes."""

from __future__ import annotations

import base64
import math
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.permissions import get_scope
from identity import mfa, mfa_login, passkeys, selectors
from identity.mfa_forms import (
    MethodDeleteForm,
    PasskeyAddForm,
    RecoveryCodeForm,
    TotpAddForm,
    TotpCodeForm,
)
from identity.services import mfa_required

TOTP_SESSION_KEY = "hallbar_totp_setup"


def _lock_message(request, user) -> tuple[str, int]:
    handler = AxesProxyHandler.get_implementation()
    seconds = handler.seconds_locked(request, mfa_login.credentials(user))
    message = _("Too many failed logins. Wait %(minutes)d minutes and try again.") % {
        "minutes": max(1, math.ceil(seconds / 60))
    }
    return message, seconds


class MfaLoginView(View):
    """The second step: a code from the app, a passkey or a recovery code. Without a pending
    login (none, or expired) it is back to the login page."""

    template_name = "identity/mfa_login.html"

    def dispatch(self, request, *args, **kwargs):
        self.data = mfa_login.pending(request)
        if self.data is None:
            messages.warning(request, _("Your login has expired. Log in again."))
            return HttpResponseRedirect(reverse("login"))
        self.user = self.data["user_obj"]
        if mfa_login.locked(request, self.user):
            mfa_login.drop(request)
            message, seconds = _lock_message(request, self.user)
            response = render(
                request, self.template_name, {"lock_message": message, "locked": True}, status=429
            )
            response["Retry-After"] = str(seconds)
            return response
        return super().dispatch(request, *args, **kwargs)

    def context(self, **forms):
        methods = selectors.mfa_methods(self.user)
        context = {
            "methods": methods,
            "totp_form": forms.get("totp_form") or TotpCodeForm(prefix="totp"),
            "recovery_form": forms.get("recovery_form") or RecoveryCodeForm(prefix="recovery"),
            "error": forms.get("error"),
            "show_recovery": forms.get("show_recovery") or methods == ["recovery"],
        }
        if "passkey" in methods:
            context["passkey_options"] = passkeys.authentication_options(self.request, self.user)
        return context

    def get(self, request):
        return render(request, self.template_name, self.context())

    @staticmethod
    def wrong_code_message(method: str) -> str:
        if method == "totp":
            return _("The code is not right, or it has been used.")
        return _("The recovery code is not right or has been used.")

    def post(self, request):
        method = request.POST.get("method")
        forms = {}
        ok, attempted = False, True
        try:
            if method in ("totp", "recovery"):
                form_class = TotpCodeForm if method == "totp" else RecoveryCodeForm
                form = form_class(data=request.POST, prefix=method)
                forms[f"{method}_form"] = form
                forms["show_recovery"] = method == "recovery"
                if form.is_valid():
                    verify = mfa.totp_verify if method == "totp" else mfa.recovery_code_verify
                    ok = verify(user=self.user, code=form.cleaned_data["code"])
                    if not ok:
                        form.add_error("code", self.wrong_code_message(method))
                else:
                    attempted = False  # nothing typed: not a guess
            elif method == "passkey":
                try:
                    credential, count = passkeys.authentication_verify(
                        request, self.user, request.POST.get("credential", "")
                    )
                except passkeys.PasskeyRefused:
                    forms["error"] = _("The passkey was not accepted. Try again or use a code.")
                else:
                    mfa.passkey_used(credential=credential, sign_count=count)
                    ok = True
            else:
                return render(request, self.template_name, self.context(), status=400)
        except mfa.Throttled:
            forms["error"] = _("Too many wrong codes in a row. Wait a minute and try again.")
            return render(request, self.template_name, self.context(**forms), status=429)
        if ok:
            return mfa_login.complete(request, self.data)
        if attempted:
            mfa_login.count_failure(request, self.user)
        # Locked by this failure: the lock's page (axes.middleware answers 429).
        if getattr(request, "axes_locked_out", False):
            mfa_login.drop(request)
        return render(request, self.template_name, self.context(**forms))


def _next(request) -> str:
    url = request.GET.get("next") or request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return ""


class MfaPageMixin(LoginRequiredMixin):
    """The MFA pages of a logged-in local account; an SSO user's organisation handles MFA."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_usable_password():
            raise PermissionDenied(_("Your organisation's login asks for the second step."))
        return super().dispatch(request, *args, **kwargs)

    def done(self, request, message: str) -> HttpResponseRedirect:
        """After a method was set up: back to the MFA page (or, for a user confined until they
        set one up, on to where they were going)."""
        messages.success(request, message)
        next_url = _next(request)
        if mfa_login.confined(request) and mfa.primary_method_count(request.user):
            mfa_login.enrolment_done(request)
            if not selectors.mfa_methods(request.user).count("recovery"):
                query = "?" + urlencode({"next": next_url}) if next_url else ""
                return HttpResponseRedirect(reverse("identity:mfa_recovery") + query)
            if next_url:
                return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(reverse("identity:mfa_settings"))


class MfaSettingsView(MfaPageMixin, View):
    def get(self, request):
        user = request.user
        context = {
            **selectors.mfa_overview(user),
            "history": selectors.mfa_history(user),
            "required": mfa_required(user),
            "confined": mfa_login.confined(request),
            "is_secretariat": get_scope(user).is_secretariat,
            "next": _next(request),
        }
        return render(request, "identity/mfa_settings.html", context)


def _qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as an SVG data URI (an <img>: no inline markup for the CSP)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, title=_("QR code for your app"))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


class TotpAddView(MfaPageMixin, View):
    """An authenticator app: the secret (a QR code and as text) is kept in the session until a
    code from the app confirms it; only then is the device saved."""

    template_name = "identity/mfa_totp_add.html"

    def key(self, request, new=False) -> str:
        key = request.session.get(TOTP_SESSION_KEY)
        if new or not key:
            key = mfa.totp_key_new()
            request.session[TOTP_SESSION_KEY] = key
        return key

    def page(self, request, form, key, status=200):
        device = TOTPDevice(user=request.user, key=key, name="Hållbar")
        secret = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
        context = {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.page(request, TotpAddForm(), self.key(request, new=True))

    def post(self, request):
        form = TotpAddForm(data=request.POST)
        key = self.key(request)
        if form.is_valid():
            try:
                mfa.totp_confirm(
                    user=request.user,
                    key_hex=key,
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                request.session.pop(TOTP_SESSION_KEY, None)
                return self.done(request, _("Your authenticator app is set up."))
        return self.page(request, form, key)


class PasskeyAddView(MfaPageMixin, View):
    template_name = "identity/mfa_passkey_add.html"

    def page(self, request, form, status=200):
        context = {
            "form": form,
            "options": passkeys.registration_options(request, request.user),
            "next": _next(request),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.page(request, PasskeyAddForm())

    def post(self, request):
        form = PasskeyAddForm(data=request.POST)
        if form.is_valid():
            try:
                data = passkeys.registration_verify(request, form.cleaned_data["credential"])
                mfa.passkey_add(
                    user=request.user, name=form.cleaned_data["name"], actor=request.user, **data
                )
            except passkeys.PasskeyRefused:
                form.add_error(None, _("Your browser or key did not create a passkey. Try again."))
            except ValidationError as error:
                form.add_error("name", error)
            else:
                return self.done(request, _("Your passkey is registered."))
        return self.page(request, form)


class RecoveryCodesView(MfaPageMixin, View):
    """How many recovery codes are left; new ones are shown once, in the answer to the POST."""

    template_name = "identity/mfa_recovery.html"

    def get(self, request):
        context = {**selectors.mfa_overview(request.user), "next": _next(request)}
        return render(request, self.template_name, context)

    def post(self, request):
        codes = mfa.recovery_codes_generate(user=request.user, actor=request.user)
        context = {
            **selectors.mfa_overview(request.user),
            "codes": codes,
            "next": _next(request),
        }
        return render(request, self.template_name, context)


class MethodDeleteView(MfaPageMixin, View):
    """Remove a method of one's own, with one's password or a current code."""

    template_name = "identity/mfa_method_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.obj = mfa.method_object(request.user, kwargs["kind"], kwargs["pk"])
            if self.obj is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, form, status=200):
        context = {"form": form, "object": self.obj, "kind": self.kwargs["kind"]}
        return render(request, self.template_name, context, status=status)

    def get(self, request, kind, pk):
        return self.page(request, MethodDeleteForm())

    def post(self, request, kind, pk):
        form = MethodDeleteForm(data=request.POST)
        if form.is_valid():
            password = form.cleaned_data["password"]
            code = form.cleaned_data["code"]
            try:
                proven = (password and request.user.check_password(password)) or (
                    code and mfa.totp_verify(user=request.user, code=code)
                )
            except mfa.Throttled:
                proven = False
            if not proven:
                mfa_login.count_failure(request, request.user)
                form.add_error(None, _("The password or the code is not right."))
            else:
                try:
                    mfa.method_delete(user=request.user, kind=kind, pk=pk, actor=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The method is removed."))
                    return HttpResponseRedirect(reverse("identity:mfa_settings"))
        return self.page(request, form)
