"""Forms of reporting: ordering a year's activity report."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from reporting.models import Narrative
from reporting.services import FIRST_YEAR, LAST_YEAR


class ReportOrderForm(PortalForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("The year the report covers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class NarrativeForm(PortalModelForm):
    class Meta:
        model = Narrative
        fields = ["heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
