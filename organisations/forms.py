"""Forms of the organisations app."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from organisations.choices import OrganisationKind
from organisations.models import Organisation, Partnership, PartnershipYear
from organisations.services import (
    ORGANISATION_FIELDS,
    PARTNERSHIP_FIELDS,
    PARTNERSHIP_YEAR_FIELDS,
)


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


class PartnershipForm(PortalModelForm):
    class Meta:
        model = Partnership
        fields = PARTNERSHIP_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.for_user(self.user).order_by("name")
        for name in ("since_year", "until_year"):
            self.fields[name].widget.attrs.update({"min": 1990, "max": 2100})


class PartnershipYearForm(PortalModelForm):
    """The text of one year. The year is fixed once written (delete and write another)."""

    class Meta:
        model = PartnershipYear
        fields = PARTNERSHIP_YEAR_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        year.widget.attrs.update({"min": 1990, "max": 2100})
        if self.instance.pk:
            year.disabled = True
        elif self.initial.get("year") is None:
            self.initial["year"] = timezone.localdate().year


class OrganisationForm(PortalModelForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].help_text = _(
            "ISO 3166-1 alpha-2 code, e.g. SE; empty for international organisations."
        )

    def clean_country(self):
        return (self.cleaned_data.get("country") or "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        # A region's code as ISO 3166-2 writes it (se-t → SE-T), as the service stores it.
        if cleaned.get("kind") == OrganisationKind.REGION and cleaned.get("code"):
            cleaned["code"] = cleaned["code"].strip().upper()
        return cleaned
