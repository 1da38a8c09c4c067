"""Forms of incident cases and their timeline."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CountryListField, PortalForm, PortalModelForm
from core.permissions import Action
from incidents.choices import DatePrecision, IncidentRiskArea, TimelineKind
from incidents.models import Incident
from incidents.services import INCIDENT_EDIT_FIELDS
from organisations.models import Organisation
from riskanalysis.models import Category
from suppliers.models import Site, Supplier


class IncidentForm(PortalModelForm):
    risk_areas = forms.MultipleChoiceField(
        label=_("Risk areas"),
        choices=IncidentRiskArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = CountryListField(
        label=_("Countries"),
        required=False,
        help_text=_("ISO country codes separated by commas, e.g. MY, TW."),
    )

    class Meta:
        model = Incident
        fields = INCIDENT_EDIT_FIELDS
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The risk-area checkboxes are styled by Bootstrap's form-check, not form-control.
        self.fields["risk_areas"].widget.attrs.pop("class", None)
        organisations = Organisation.objects.for_user(self.user, Action.VIEW)
        for name in ("lead_organisation", "involved_organisations", "partners"):
            self.fields[name].queryset = organisations
        self.fields["suppliers"].queryset = Supplier.objects.for_user(self.user, Action.VIEW)
        self.fields["sites"].queryset = Site.objects.for_user(self.user, Action.VIEW)
        self.fields["category"].queryset = Category.objects.for_user(
            self.user, Action.VIEW
        ).select_related("parent__parent__parent")
        if self.instance.pk:
            self.initial["risk_areas"] = list(self.instance.risks.values_list("area", flat=True))
        # Left empty, the year follows the day the case was opened (else this year).
        self.fields["year_opened"].required = False
        self.fields["year_opened"].help_text = _(
            "Left empty, the year of the day the case was opened (else this year)."
        )

    def service_fields(self) -> dict:
        """The cleaned data as the keyword arguments of incident_create/incident_update."""
        return dict(self.cleaned_data)


PRECISE_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


class PreciseDateField(forms.CharField):
    """A date as precise as the source: '2023', '2025-01' or '2025-01-15'.

    Cleans to (date, precision).
    """

    default_error_messages = {
        "invalid": _("Enter a year (2023), a month (2025-01) or a day (2025-01-15)."),
    }

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        match = PRECISE_DATE_RE.match(text)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = match["year"], match["month"], match["day"]
        try:
            date = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if day:
            return date, DatePrecision.DAY
        if month:
            return date, DatePrecision.MONTH
        return date, DatePrecision.YEAR


class IncidentEventForm(PortalForm):
    # The service's refusals of the day are shown at the one date field.
    service_error_fields = {"occurred_on": "when", "precision": "when"}

    when = PreciseDateField(
        label=_("Date"),
        max_length=10,
        help_text=_("As precise as the source: 2023, 2025-01 or 2025-01-15."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TimelineKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The organisation that acted or decided, if any."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(self.user, Action.VIEW)

    def service_fields(self) -> dict:
        occurred_on, precision = self.cleaned_data["when"]
        return {
            "occurred_on": occurred_on,
            "precision": precision,
            "kind": self.cleaned_data["kind"],
            "description": self.cleaned_data["description"],
            "organisation": self.cleaned_data["organisation"],
        }
