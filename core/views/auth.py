"""Login with a limit on failed attempts; logout (Django's, POST only) ends the session."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.utils.translation import gettext as _

FAILURE_WINDOW_SECONDS = 15 * 60


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(request) -> list[str]:
    username = (request.POST.get("username") or "").strip().lower()
    ip = _client_ip(request)
    return [f"login-fail:user-ip:{username}:{ip}", f"login-fail:ip:{ip}"]


def _limits() -> list[int]:
    per_user = settings.HALLBAR_LOGIN_FAILURES_PER_USER
    return [per_user, per_user * 4]


def login_locked(request) -> bool:
    return any(
        cache.get(key, 0) >= limit for key, limit in zip(_keys(request), _limits(), strict=True)
    )


def login_failed(request) -> None:
    for key in _keys(request):
        cache.add(key, 0, FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, FAILURE_WINDOW_SECONDS)


def login_succeeded(request) -> None:
    cache.delete(_keys(request)[0])


class RateLimitedLoginView(LoginView):
    """After too many failed attempts from one address the login is refused for a while."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if login_locked(request):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _("Too many failed logins. Wait %(minutes)d minutes and try again.")
                % {"minutes": FAILURE_WINDOW_SECONDS // 60},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        login_succeeded(self.request)
        return super().form_valid(form)

    def form_invalid(self, form):
        login_failed(self.request)
        return super().form_invalid(form)
