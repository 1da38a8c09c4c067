"""Forms of the requirements catalogue: they collect input, the services decide."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from organisations.models import Organisation
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import (
    CLAUSE_FIELDS,
    INSTRUMENT_FIELDS,
    INSTRUMENT_RELATIONS,
    VERSION_FIELDS,
)
from riskanalysis.forms import CategoryChoiceField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstrumentForm(PortalModelForm):
    category = CategoryChoiceField(label=_("Category"), required=False)

    class Meta:
        model = Instrument
        fields = [*INSTRUMENT_FIELDS, *INSTRUMENT_RELATIONS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "responsible_organisations": forms.SelectMultiple(attrs={"size": 8}),
            "related_instruments": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = self.fields["category"].queryset.for_user(self.user)
        self.fields["category"].help_text = _(
            "Leave empty for an instrument of every category, or tick the box below when it "
            "applies to all prioritised categories."
        )
        self.fields["responsible_organisations"].queryset = Organisation.objects.for_user(
            self.user
        ).order_by("name")
        related = Instrument.objects.for_user(self.user).order_by("title")
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
        self.fields["related_instruments"].queryset = related

    def service_fields(self) -> dict:
        """The cleaned data as the keyword arguments of instrument_create/instrument_update."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class _GatedLink:
    """The current document as the file input shows it: its name, linked through the gate."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]


class GatedDocumentInput(forms.ClearableFileInput):
    """A file input whose "currently" link is the gated download, not a bare media address."""

    download_url = None

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.download_url:
            return _GatedLink(str(value), self.download_url)
        return value


class InstrumentVersionForm(PortalModelForm):
    """A draft's name, year, notes and document (a new draft, or a draft changed)."""

    class Meta:
        model = InstrumentVersion
        fields = [*VERSION_FIELDS, "document"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "document": GatedDocumentInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        year.widget.attrs.update({"min": 2000, "max": 2100})
        year.help_text = _(
            "The year the version is prepared for. When it is published, its year becomes the "
            "year of the publication date."
        )
        self.fields["document"].help_text = _(
            "The published text as a PDF or an office document (optional)."
        )
        if not self.instance.pk:
            # A new draft is prepared for this year unless the user says otherwise.
            self.initial["year"] = self.initial.get("year") or timezone.localdate().year
        elif self.instance.document:
            self.fields["document"].widget.download_url = reverse(
                "requirements_catalog:instrumentversion_document", args=[self.instance.pk]
            )

    def service_fields(self) -> dict:
        values = {name: self.cleaned_data[name] for name in VERSION_FIELDS}
        document = self.cleaned_data.get("document")
        # An upload replaces the file, a cleared box removes it, nothing keeps it.
        if isinstance(document, UploadedFile):
            values["document"] = document
        elif document is False:
            values["document"] = False
        return values


class InstrumentVersionPublishForm(PortalForm):
    on = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Today if empty; never in the future."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_(
            "The version's year is the year it is published: leave empty to take the year of "
            "the date above. A year that contradicts the date is refused."
        ),
    )

    def __init__(self, *args, version: InstrumentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.initial.setdefault("on", timezone.localdate())
        # The draft's year, so that publishing a draft of another year is a decision.
        self.initial.setdefault("year", version.year)

    def service_fields(self) -> dict:
        return {"on": self.cleaned_data["on"], "year": self.cleaned_data["year"]}


class ClauseForm(PortalModelForm):
    class Meta:
        model = Clause
        fields = list(CLAUSE_FIELDS)
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "verification": forms.Textarea(attrs={"rows": 3}),
        }

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLAUSE_FIELDS}
