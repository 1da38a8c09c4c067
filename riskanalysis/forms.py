"""Forms of the risk analyses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalModelForm
from organisations.models import Organisation
from riskanalysis.models import Category, RiskAnalysis
from riskanalysis.selectors import category_paths


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


class RiskAnalysisForm(PortalModelForm):
    category = CategoryChoiceField(label=_("Category"))

    class Meta:
        model = RiskAnalysis
        # The document is uploaded in the administration; identified risks too.
        fields = [
            "title",
            "kind",
            "category",
            "products_areas",
            "year",
            "responsible_organisations",
            "summary",
            "measures",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "responsible_organisations": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
