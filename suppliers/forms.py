"""Forms of the supplier register (with aliases), sites and framework agreements."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import PortalModelForm
from core.permissions import get_scope
from core.validators import normalise_organisation_number, validate_organisation_number
from organisations.models import Organisation
from riskanalysis.forms import CategoryChoiceField
from riskanalysis.models import Category
from suppliers.choices import AliasKind
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite
from suppliers.services import (
    AGREEMENT_FIELDS,
    SITE_FIELDS,
    SUPPLIER_ALIAS_FIELDS,
    SUPPLIER_FIELDS,
    SUPPLIER_SITE_FIELDS,
)
from suppliers.tables import format_organisation_number


class SupplierInput(forms.TextInput):
    """A text box that suggests suppliers as the user types (HTMX fills a datalist from
    suppliers:supplier_options): a select of every supplier would list 50 000 of them."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.setdefault("autocomplete", "off")
        if widget_attrs.get("id"):
            widget_attrs["list"] = f"{widget_attrs['id']}-options"
            widget_attrs["hx-get"] = reverse("suppliers:supplier_options")
            widget_attrs["hx-trigger"] = "input changed delay:250ms"
            widget_attrs["hx-target"] = f"#{widget_attrs['id']}-options"
            widget_attrs["hx-swap"] = "innerHTML"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        widget_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not widget_id:
            return html
        return html + format_html('<datalist id="{}-options"></datalist>', widget_id)


class SupplierChoiceField(forms.ModelChoiceField):
    """A supplier by its id (links, the API), by "Name (organisation number)" as the
    suggestions write it, by organisation number, or by exact name or alias."""

    widget = SupplierInput

    def to_python(self, value):
        text = str(value or "").strip()
        if text in self.empty_values:
            return None
        ProhibitNullCharactersValidator()(text)  # before the text reaches a query
        queryset = self.queryset
        if text.isdigit() and len(text) < 10:
            found = queryset.filter(pk=int(text)).first()
        else:
            match = SUGGESTION.fullmatch(text)
            name, number = (match["name"], match["number"]) if match else (text, text)
            number = normalise_organisation_number(number)
            found = None
            if number.isdigit() and len(number) == 10:
                found = queryset.filter(organisation_number=number).first()
            if found is None:
                found = (
                    queryset.filter(name__iexact=name.strip()).first()
                    or queryset.filter(aliases__name__iexact=name.strip()).distinct().first()
                )
        if found is None:
            raise ValidationError(
                _("No supplier is named “%(value)s”; choose one of the suggestions."),
                code="invalid_choice",
                params={"value": text},
            )
        return found

    def prepare_value(self, value):
        if isinstance(value, str) and value.isdigit() and len(value) < 10:
            value = self.queryset.filter(pk=int(value)).first() or value
        if isinstance(value, Supplier):
            return supplier_suggestion(value)
        return value


def supplier_suggestion(supplier) -> str:
    """How the suggestions and the filter box write a supplier."""
    if supplier.organisation_number:
        number = supplier.organisation_number
        return f"{supplier.name} ({number[:6]}-{number[6:]})"
    return supplier.name


SUGGESTION = re.compile(r"(?P<name>.*\S)\s*\((?P<number>\d{6}-?\d{4})\)")


class OrganisationNumberField(forms.CharField):
    """Accepts NNNNNN-NNNN (or ten digits) and cleans to the ten digits that are stored."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_organisation_number(value) if isinstance(value, str) else value

    def to_python(self, value):
        return normalise_organisation_number(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_organisation_number(value)


class SupplierForm(PortalModelForm):
    organisation_number = OrganisationNumberField(
        label=_("Organisation number"),
        help_text=_("Swedish organisation number, written NNNNNN-NNNN. Empty if there is none."),
    )

    class Meta:
        model = Supplier
        fields = SUPPLIER_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"parent": SupplierChoiceField}

    # A new supplier like others of the register is saved only when this is ticked; the box
    # shows once the form has come back with the similar suppliers (``show_duplicates``).
    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: it is another company"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        parents = Supplier.objects.order_by("name")
        if self.instance.pk:
            del self.fields["confirm_duplicate"]
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["country"].help_text = _("ISO 3166-1 alpha-2 code, e.g. SE or MY.")

    def clean_country(self):
        return (self.cleaned_data.get("country") or "").strip().upper()

    def show_duplicates(self, matches) -> None:
        """The second step of adding: the similar suppliers listed, the box to tick."""
        self.duplicates = matches
        field = self.fields["confirm_duplicate"]
        field.widget = forms.CheckboxInput()
        field.help_text = _("Tick only if none of the suppliers above is the same company.")


class SupplierAliasForm(PortalModelForm):
    class Meta:
        model = SupplierAlias
        fields = SUPPLIER_ALIAS_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _("E.g. until when the name was used.")
        if not self.instance.pk and not self.initial.get("kind"):
            self.initial["kind"] = AliasKind.SPELLING


class SiteForm(PortalModelForm):
    class Meta:
        model = Site
        fields = SITE_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"operator": SupplierChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Supplier.objects.order_by("name")
        self.fields["country"].help_text = _("ISO 3166-1 alpha-2 code, e.g. SE or MY.")

    def clean_country(self):
        return (self.cleaned_data.get("country") or "").strip().upper()


class SupplierSiteForm(PortalModelForm):
    """A supplier that sources from the site (the site is the page's)."""

    class Meta:
        model = SupplierSite
        fields = SUPPLIER_SITE_FIELDS
        field_classes = {"supplier": SupplierChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.order_by("name")
        self.fields["tier"].widget.attrs.update({"min": 1, "max": 10})
        self.fields["tier"].help_text = _("1 = a direct sub-supplier of the supplier; up to 10.")
        if self.instance.pk:
            self.fields["supplier"].disabled = True


class FrameworkAgreementForm(PortalModelForm):
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("name"), required=False
    )

    class Meta:
        model = FrameworkAgreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "terminated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "termination_reason": forms.Textarea(attrs={"rows": 3}),
            "co_lead_organisations": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"supplier": SupplierChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = get_scope(self.user)
        self.fields["supplier"].queryset = Supplier.objects.order_by("name")
        self.fields["co_lead_organisations"].queryset = Organisation.objects.order_by("name")
        lead = self.fields["lead_organisation"]
        if scope.is_secretariat:
            lead.queryset = Organisation.objects.order_by("name")
        else:
            own = Organisation.objects.filter(pk__in=scope.procurer_organisation_ids)
            current = self.instance.lead_organisation_id
            if current and current not in scope.procurer_organisation_ids:
                # A co-lead changes the agreement but not who leads it.
                lead.queryset = Organisation.objects.filter(pk=current)
                lead.disabled = True
            else:
                lead.queryset = own.order_by("name")
                lead.help_text = _("You can add agreements led by your own organisation.")
                if not current and len(scope.procurer_organisation_ids) == 1:
                    self.initial["lead_organisation"] = next(iter(scope.procurer_organisation_ids))
