"""Forms of the organisations app."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm


class ApiTokenForm(PortalForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'BI Region Örebro län'."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=3650,
        initial=settings.HALLBAR_API_TOKEN_DEFAULT_DAYS,
    )
