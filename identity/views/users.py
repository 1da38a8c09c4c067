"""The secretariat's page of users: every account, how it logs in, its memberships, and the
deactivation and reactivation of an account. Only the secretariat sees these pages (403 for
anyone else).

They live in identity, not organisations: they show the IdPs a user logs in through and their
passkeys, which organisations (below identity) may not read. The change of ``is_active`` itself
goes through organisations' service (``user_active_set``), called by identity's
``user_status_set``, which records who did it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from core.views.accessibility import SecretariatOnlyMixin
from core.views.generic import ObjectListView
from identity import selectors, services
from identity.filtersets import UserFilterSet
from identity.forms import UserStatusForm
from identity.tables import UserTable, login_ways


class UserViewMixin(SecretariatOnlyMixin):
    """The users are the secretariat's alone: SecretariatOnlyMixin refuses anyone else, so the
    queryset is every account (the user model has no gate of its own). Their URL names are
    identity's (identity:user_list), though the model is organisations'."""

    queryset = selectors.user_list_queryset()

    def get_queryset(self):
        return self.queryset.all()

    def url_name(self, suffix: str) -> str:
        return f"identity:user_{suffix}"

    def existing_url_name(self, suffix: str) -> str | None:
        name = self.url_name(suffix)
        try:
            reverse(name, kwargs={"pk": 0} if suffix in ("detail", "edit", "delete") else None)
        except NoReverseMatch:
            return None
        return name


class UserListView(UserViewMixin, ObjectListView):
    filterset_class = UserFilterSet
    table_class = UserTable


class UserDetailView(UserViewMixin, LoginRequiredMixin, View):
    """One account: its fields, memberships, identities, tokens, second factors, and the
    deactivation or reactivation (the change this page offers; nothing is edited here). Not
    ObjectDetailView: the user model has no gate to ask what else may be done with it."""

    template_name = "identity/user_detail.html"

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        context = {
            "object": obj,
            "model_meta": obj._meta,
            "list_url_name": self.url_name("list"),
            "login_ways": login_ways(obj),
            "is_self": obj.pk == request.user.pk,
            **selectors.user_overview(obj),
        }
        return render(request, self.template_name, context)


class UserStatusView(UserViewMixin, LoginRequiredMixin, View):
    """Ask, then deactivate (``active = False``) or reactivate an account."""

    active = False
    template_name = "identity/user_status.html"

    def get_user(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def render_page(self, request, target, form, status=200):
        context = {
            "object": target,
            "form": form,
            "active": self.active,
            "is_self": target.pk == request.user.pk,
            "cancel_url": reverse("identity:user_detail", args=[target.pk]),
            **selectors.user_overview(target),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        target = self.get_user(pk)
        if target.is_active == self.active:
            return HttpResponseRedirect(reverse("identity:user_detail", args=[target.pk]))
        return self.render_page(request, target, UserStatusForm(user=request.user))

    def post(self, request, pk):
        target = self.get_user(pk)
        form = UserStatusForm(data=request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(request, target, form, status=400)
        try:
            services.user_status_set(
                target=target,
                active=self.active,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.active:
                text = _("%(user)s was reactivated and may log in again.")
            else:
                text = _("%(user)s was deactivated: logged out, and their API tokens refused.")
            messages.success(request, text % {"user": target})
        return HttpResponseRedirect(reverse("identity:user_detail", args=[target.pk]))


class UserDeactivateView(UserStatusView):
    active = False


class UserReactivateView(UserStatusView):
    active = True
