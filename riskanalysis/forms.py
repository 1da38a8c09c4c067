"""Forms of the risk analyses, their identified risks and the studies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CountryListField, PortalModelForm
from organisations.models import Organisation
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.selectors import category_paths
from riskanalysis.services import (
    CATEGORY_FIELDS,
    CATEGORY_PRIORITY_FIELDS,
    IDENTIFIED_RISK_FIELDS,
    RISK_ANALYSIS_FIELDS,
    STUDY_FIELDS,
)


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories labelled by their full path, read in one query."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Category.objects.order_by("name"))
        super().__init__(*args, **kwargs)
        self._paths = None

    def label_from_instance(self, obj):
        if self._paths is None:
            self._paths = category_paths()
        return self._paths.get(obj.pk, obj.name)


class CategoryForm(PortalModelForm):
    parent = CategoryChoiceField(
        label=_("Parent category"),
        required=False,
        help_text=_("Empty for a top-level category."),
    )

    class Meta:
        model = Category
        fields = CATEGORY_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CategoryPriorityForm(PortalModelForm):
    class Meta:
        model = CategoryPriority
        fields = CATEGORY_PRIORITY_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})


class RiskAnalysisForm(PortalModelForm):
    category = CategoryChoiceField(label=_("Category"))

    class Meta:
        model = RiskAnalysis
        # The identified risks have pages of their own under the analysis; the document is
        # uploaded in the administration.
        fields = RISK_ANALYSIS_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "responsible_organisations": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})


class IdentifiedRiskForm(PortalModelForm):
    countries = CountryListField(
        label=_("Countries"),
        required=False,
        help_text=_("ISO 3166-1 alpha-2 codes separated by commas, e.g. MY, TH."),
    )

    class Meta:
        model = IdentifiedRisk
        fields = IDENTIFIED_RISK_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's constraints give the message (from 1 to 5) on the field.
        for name in ("likelihood", "severity"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 5})


class StudyForm(PortalModelForm):
    class Meta:
        model = Study
        fields = STUDY_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "responsible_organisations": forms.SelectMultiple(attrs={"size": 8}),
            "counterparts": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.for_user(self.user).order_by("name")
        self.fields["responsible_organisations"].queryset = organisations
        self.fields["counterparts"].queryset = organisations
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
