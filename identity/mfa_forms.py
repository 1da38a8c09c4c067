"""The forms of the second login step, the MFA set-up pages and the MFA rule per role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm
from identity.choices import Role


def _code_field(label, help_text="", numeric=True) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.CharField(
        label=label,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


class TotpCodeForm(PortalForm):
    code = _code_field(
        _("Code from your authenticator app"), _("Six digits; a new code comes every 30 seconds.")
    )


class RecoveryCodeForm(PortalForm):
    code = _code_field(
        _("Recovery code"), _("One of the codes you saved, e.g. abcd-efgh-jkmn."), numeric=False
    )


class TotpAddForm(PortalForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        required=False,
        help_text=_("So you can tell your apps apart, e.g. “Work phone”."),
    )
    code = _code_field(
        _("Code from your authenticator app"), _("The six digits the app shows now.")
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)


class PasskeyAddForm(PortalForm):
    name = forms.CharField(
        label=_("Name of the passkey"),
        max_length=100,
        help_text=_("So you can tell your keys apart, e.g. “YubiKey” or “Laptop”."),
    )
    credential = forms.CharField(widget=forms.HiddenInput, required=False)


class MethodDeleteForm(PortalForm):
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = _code_field(_("or a code from your authenticator app"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("password") and not cleaned.get("code"):
            raise forms.ValidationError(
                _("Type your password or a code from your authenticator app.")
            )
        return cleaned


class MfaRequirementForm(PortalForm):
    """One box per role; the secretariat's is always ticked and cannot be changed."""

    def __init__(self, *args, required_roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Role.choices:
            field = forms.BooleanField(label=label, required=False, initial=value in required_roles)
            if value == Role.SECRETARIAT:
                field.disabled = True
                field.initial = True
                field.help_text = _("Always required for the secretariat.")
            self.fields[value] = field
        # PortalForm set the widget classes before these fields existed.
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-check-input")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-help"
