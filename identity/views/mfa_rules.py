"""The secretariat's page: which roles must use MFA (the secretariat always), with the rules'
history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import get_scope
from identity import services
from identity.choices import Role
from identity.mfa_forms import MfaRequirementForm
from identity.models import MfaRequirement


class MfaRequirementListView(LoginRequiredMixin, View):
    template_name = "identity/mfarequirement_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not get_scope(request.user).is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, form):
        history = MfaRequirement.history.select_related("history_user").order_by("-history_date")[
            :50
        ]
        context = {"form": form, "history": history, "roles": dict(Role.choices)}
        return render(request, self.template_name, context)

    def get(self, request):
        return self.page(request, MfaRequirementForm(required_roles=services.mfa_required_roles()))

    def post(self, request):
        current = services.mfa_required_roles()
        form = MfaRequirementForm(data=request.POST, required_roles=current)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for role in Role.values:
                        wanted = bool(form.cleaned_data.get(role))
                        if role != Role.SECRETARIAT and wanted != (role in current):
                            services.mfa_requirement_set(
                                role=role, required=wanted, user=request.user
                            )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The MFA rules are saved."))
                return HttpResponseRedirect(reverse("identity:mfarequirement_list"))
        return self.page(request, form)
