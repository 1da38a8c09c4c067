from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from identity import selectors


class SsoStartForm(forms.Form):
    """Log in through one's organisation: pick it, or type one's e-mail address."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("Choose your organisation"),
    )
    email = forms.EmailField(
        label=_("or your work e-mail address"),
        required=False,
        help_text=_("Its domain picks your organisation."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = selectors.login_providers()
        field.label_from_instance = lambda provider: provider.organisation.name

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("organisation")
        email = cleaned.get("email")
        if provider is None and email:
            provider = selectors.provider_for_email(email)
            if provider is None:
                self.add_error(
                    "email",
                    _("No organisation logs in with addresses at that domain. Choose yours."),
                )
        elif provider is None and not self.errors:
            self.add_error("organisation", _("Choose your organisation or type your address."))
        cleaned["provider"] = provider
        return cleaned
