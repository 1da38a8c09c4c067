"""Mina påminnelser: how often I get my digest, and what the next one would hold."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from reminders import selectors
from reminders.forms import PreferenceForm
from reminders.services import preference_set


class PreferenceView(LoginRequiredMixin, View):
    template_name = "reminders/preferences.html"

    def render_page(self, request, form, status=200):
        today = timezone.localdate()
        day, lines = selectors.next_digest(request.user, today)
        context = {
            "form": form,
            "next_day": day,
            "entries": lines,
            "digests": selectors.sent_digests(request.user),
            "has_email": bool(request.user.email),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(
            request, PreferenceForm(instance=selectors.preference_of(request.user))
        )

    def post(self, request):
        form = PreferenceForm(data=request.POST, instance=selectors.preference_of(request.user))
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        preference_set(
            user=request.user,
            frequency=form.cleaned_data["frequency"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your reminder settings were saved."))
        return HttpResponseRedirect(reverse("reminders:preferences"))
