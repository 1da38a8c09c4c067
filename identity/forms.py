from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from identity import selectors
from identity.models import IdentityProvider
from identity.provider_services import PROVIDER_FIELDS
from organisations.models import Organisation


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


# The secretariat's register of IdPs and its page of users ------------------------------------


class DomainListField(forms.CharField):
    """E-mail domains typed as 'regionorebrolan.se, rob.se'; cleaned to a list (the service
    lower-cases and checks them)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [domain for domain in re.split(r"[\s,;]+", text) if domain]


class RoleMappingField(forms.CharField):
    """The role mapping as lines 'value = role' (``inkopare = procurer``); cleaned to a dict. The
    roles are checked by the service, against the organisation."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key} = {role}" for key, role in value.items())
        return value

    def to_python(self, value):
        text = super().to_python(value)
        mapping = {}
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, equals, role = (part.strip() for part in line.rpartition("="))
            if not equals or not key or not role:
                raise ValidationError(
                    _("Line %(number)d: write 'value = role', e.g. 'inkopare = procurer'.")
                    % {"number": number},
                    code="mapping_syntax",
                )
            if key in mapping:
                raise ValidationError(
                    _("Line %(number)d: the value %(value)s is mapped twice.")
                    % {"number": number, "value": key},
                    code="mapping_duplicate",
                )
            mapping[key] = role.lower()
        return mapping


class IdentityProviderForm(PortalModelForm):
    """One form for both protocols: the fields of the other protocol are kept as they are (the
    page hides them, identity-provider.js). The OIDC client secret is never shown back; left
    empty it stays as stored."""

    email_domains = DomainListField(
        label=_("E-mail domains"),
        required=False,
        help_text=_(
            "Separated by commas, e.g. regionorebrolan.se. A user who types an address at one "
            "of them on the login page is sent to this IdP; a domain belongs to one IdP."
        ),
    )
    role_mapping = RoleMappingField(
        label=_("Role mapping"),
        required=False,
        help_text=_(
            "One line per value of the role attribute: 'value = role', e.g. 'inkopare = "
            "procurer'. Roles: reader, procurer, auditor (secretariat only for the "
            "secretariat). The strongest matching role is given."
        ),
    )
    refetch_metadata = forms.BooleanField(
        label=_("Fetch the metadata again from the URL when saving"),
        required=False,
        help_text=_("E.g. after the IdP changed its certificate."),
    )
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    # The order of the form's sections; the protocol sections are shown for their protocol.
    SECTIONS = [
        ("general", _("The IdP"), ["organisation", "protocol", "enabled", "email_domains"], ""),
        (
            "saml",
            _("SAML 2.0"),
            ["saml_metadata_url", "saml_metadata_xml", "refetch_metadata", "saml_entity_id"],
            "saml",
        ),
        (
            "oidc",
            _("OpenID Connect"),
            ["oidc_issuer", "oidc_client_id", "client_secret", "oidc_scopes"],
            "oidc",
        ),
        (
            "attributes",
            _("Attributes (SAML) or claims (OIDC)"),
            ["attr_username", "attr_email", "attr_first_name", "attr_last_name"],
            "",
        ),
        (
            "roles",
            _("Roles and accounts"),
            ["attr_role", "role_mapping", "default_role", "create_users"],
            "",
        ),
    ]
    service_error_fields = {"oidc_client_secret": "client_secret"}

    class Meta:
        model = IdentityProvider
        fields = PROVIDER_FIELDS
        widgets = {"saml_metadata_xml": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.for_user(self.user).order_by("name")
        if self.instance.pk:
            organisation.disabled = True
            organisation.help_text = _("An IdP stays with its organisation.")
        self.fields["protocol"].widget.attrs["data-protocol-choice"] = "1"
        default_role = self.fields["default_role"]
        default_role.choices = [("", _("None: such users may not log in"))] + [
            choice for choice in default_role.choices if choice[0]
        ]
        self.fields["saml_metadata_url"].help_text = _(
            "Where the IdP publishes its metadata: fetched once when you save, never at login. "
            "Or paste the metadata below instead."
        )
        self.fields["saml_metadata_xml"].help_text = _(
            "Pasted metadata is used as it is. Leave it empty to fetch it from the URL."
        )
        self.fields["saml_entity_id"].help_text = _(
            "Read from the metadata. Name it only when the metadata describes several IdPs "
            "(a federation's)."
        )
        secret = self.fields["client_secret"]
        if self.instance.pk and self.instance.oidc_client_secret:
            secret.help_text = _("A secret is stored and is not shown. Leave empty to keep it.")
        else:
            secret.help_text = _("The secret the IdP gave the portal for this client id.")
        # The help texts set here need the aria-describedby PortalFormMixin gives the others.
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-help"

    def sections(self):
        """(id, legend, bound fields, protocol or '') in the page's order."""
        return [
            (key, legend, [self[name] for name in names], protocol)
            for key, legend, names, protocol in self.SECTIONS
        ]


class UserStatusForm(PortalForm):
    """The confirmation of a deactivation or reactivation, with why."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: kept with the change, e.g. 'Has left the region'."),
    )
