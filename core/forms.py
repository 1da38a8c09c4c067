"""The base of every portal form: it knows its user, and renders accessibly with Bootstrap."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core import kept_input, submissions
from core.models import AccessibilityReport
from core.validators import validate_country_list


def widget_class(widget, small: bool = False) -> str:
    """Bootstrap's class for a widget; ``small`` for the filter panels."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return "form-select form-select-sm" if small else "form-select"
    return "form-control form-control-sm" if small else "form-control"


class PortalFormMixin:
    """Takes ``user`` (for scoping choices); marks invalid fields for screen readers.

    A form for a new object carries a token to be sent once (``form_token``, a hidden input of
    generic/_form.html, kept from the data when the form comes back; core.submissions): not a
    field, so ``cleaned_data`` stays the service's arguments.
    """

    form_token = None

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance._state.adding:
            token = submissions.token_from(self.data) if self.is_bound else None
            self.form_token = str(token or submissions.new_token())
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", widget_class(field.widget))
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-help"

    def get_initial_for_field(self, field, field_name):
        # What the user typed before their session ended, given back once (core/kept_input.py).
        value = kept_input.initial_for(self, field, field_name)
        if value is not kept_input.NOTHING:
            return value
        return super().get_initial_for_field(field, field_name)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                # The error first, then the hint it refers to (generic/_form.html's ids).
                described_by = [f"{self.add_prefix(name)}-errors"]
                if self.fields[name].help_text:
                    described_by.append(f"{self.add_prefix(name)}-help")
                attrs["aria-describedby"] = " ".join(described_by)


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


class PortalForm(PortalFormMixin, forms.Form):
    pass


class CountryListField(forms.CharField):
    """ISO country codes typed as 'MY, TW'; cleaned to ['MY', 'TW']."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [code.upper() for code in re.split(r"[\s,;]+", text) if code]

    def validate(self, value):
        super().validate(value)
        validate_country_list(value)


class AccessibilityReportForm(PortalModelForm):
    """The accessibility statement's form: anyone tells the secretariat what does not work."""

    class Meta:
        model = AccessibilityReport
        fields = ["page", "description", "name", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "description": _(
                "What did you try to do, what happened, and which aids you use if any "
                "(a screen reader, magnification, the keyboard only). At most 4000 characters."
            ),
            "name": _("Optional: so that we know whom to answer."),
            "email": _("Optional: we answer to it if you want an answer."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sent by anyone, logged in or not: not a form of the send-once tokens (core.submissions
        # keeps them per user); the rate limit bounds repeats.
        self.form_token = None
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class AccessibilityReportHandleForm(PortalModelForm):
    """The secretariat's handling of a report: its status and note."""

    class Meta:
        model = AccessibilityReport
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}
