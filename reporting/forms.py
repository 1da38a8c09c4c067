"""Forms of reporting: the year's registers (events, yearly figures, the accounts, the report's
texts) and ordering a year's activity report. Forms collect the input; the services decide."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.models import Contribution, CostLine, Event, FinancialYear, Narrative, YearlyFigure
from reporting.selectors import format_tkr, previous_closing_balance
from reporting.services import (
    CONTRIBUTION_FIELDS,
    COST_LINE_FIELDS,
    EVENT_EDIT_FIELDS,
    FINANCIAL_YEAR_FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    NARRATIVE_FIELDS,
    YEARLY_FIGURE_FIELDS,
)

# Spaces a number may be grouped with: space, no-break space, narrow no-break space, thin space.
GROUPING_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def parse_number(text: str, *, language: str) -> str:
    """A number as people type it, as Python reads it: "1 938" → "1938", "4 120,5" → "4120.5",
    "−1 938" → "-1938"; "4,120.5" and "4.120,5" too (the last separator is the decimal one).
    A lone comma is the decimal comma in Swedish; in English "1,938" is a thousand and more."""
    text = GROUPING_SPACES.sub("", text.strip()).translate(MINUS_SIGNS)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        return text.replace(grouping, "").replace(decimal, ".")
    for separator in (",", "."):
        if text.count(separator) > 1:
            return text.replace(separator, "")  # 1.938.000: grouping only
    if "," in text:
        if language != "sv" and re.fullmatch(r"-?\d{1,3},\d{3}", text):
            return text.replace(",", "")
        return text.replace(",", ".")
    return text


class LocalDecimalField(forms.DecimalField):
    """A decimal as the users write it (Swedish first: "1 938", "4 120,5"), shown the same way."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_number(value, language=translation.get_language() or "sv")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return format_tkr(value) if self.decimal_places == 1 else _plain(value)
        return value


def _plain(value) -> str:
    """A figure without grouping or trailing zeros, with the language's decimal separator."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",") if translation.get_language() == "sv" else text


def tkr_field(label, **kwargs) -> LocalDecimalField:
    return LocalDecimalField(
        label=label, max_digits=12, decimal_places=1, help_text=_("In tkr, e.g. 4 120,5."), **kwargs
    )


def _default(form, name: str, value) -> None:
    """A starting value for a new row's field (a model form's initial holds None for it)."""
    if form.initial.get(name) in (None, ""):
        form.initial[name] = value


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Events ---------------------------------------------------------------------------------------


class EventForm(PortalModelForm):
    class Meta:
        model = Event
        fields = EVENT_EDIT_FIELDS
        widgets = {
            "date": DATE_INPUT,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "organisers": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"year": _("The year it took place; empty: the year of the date.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False
        self.fields["organisers"].queryset = Organisation.objects.order_by("name")
        # Not filled in on adding: an event of last year entered in January takes the year of
        # its date, where this year would contradict it.


# Yearly figures -------------------------------------------------------------------------------


class YearlyFigureForm(PortalModelForm):
    value = LocalDecimalField(label=_("Value"), max_digits=12, decimal_places=2)

    class Meta:
        model = YearlyFigure
        fields = list(YEARLY_FIGURE_FIELDS)
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "source": _("Where the figure comes from, e.g. “Mailchimp, 31 December”."),
            "is_lower_bound": _("The figure is “at least” (över)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            _default(self, "year", timezone.localdate().year)


# The accounts ---------------------------------------------------------------------------------


class FinancialYearForm(PortalModelForm):
    """A year's balances and note; on adding, the opening balance is last year's closing one."""

    opening_balance = tkr_field(_("Opening balance (IB), tkr"), required=False)
    closing_balance = tkr_field(_("Closing balance (UB), tkr"))

    class Meta:
        model = FinancialYear
        fields = FINANCIAL_YEAR_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]
            self.fields["opening_balance"].required = True
            return
        if year is None:
            latest = FinancialYear.objects.order_by("-year").values_list("year", flat=True).first()
            year = latest + 1 if latest else timezone.localdate().year
        _default(self, "year", year)
        previous = previous_closing_balance(year=year)
        field = self.fields["opening_balance"]
        if previous is not None:
            _default(self, "opening_balance", previous)
            field.help_text = _(
                "%(year)d's closing balance, %(amount)s tkr, carried over. Leave it empty to "
                "take the closing balance of the year before the year given."
            ) % {"year": year - 1, "amount": format_tkr(previous)}
        else:
            field.help_text = _(
                "In tkr. Leave it empty to take the closing balance of the year before."
            )


class ContributionForm(PortalModelForm):
    amount = tkr_field(_("Amount, tkr"))

    class Meta:
        model = Contribution
        fields = CONTRIBUTION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("name")
        if self.instance.financial_year_id:
            # A region contributes once a year: the others are offered.
            given = Contribution.objects.filter(
                financial_year_id=self.instance.financial_year_id
            ).exclude(pk=self.instance.pk)
            regions = regions.exclude(pk__in=given.values("organisation_id"))
        self.fields["organisation"].queryset = regions
        self.fields["organisation"].label = _("Region")


class CostLineForm(PortalModelForm):
    amount = tkr_field(_("Amount, tkr"))

    class Meta:
        model = CostLine
        fields = list(COST_LINE_FIELDS)
        help_texts = {
            "label": _("As the report prints it, e.g. “Personalkostnader”."),
            "note": _("Printed as a footnote under the costs."),
            "order": _("The cost lines are printed in this order."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _(
            "A positive amount in tkr, e.g. 6 921; the report prints costs with a minus."
        )
        if not self.instance.pk and self.instance.financial_year_id:
            last = (
                CostLine.objects.filter(financial_year_id=self.instance.financial_year_id)
                .order_by("-order")
                .values_list("order", flat=True)
                .first()
            )
            self.initial["order"] = (last or 0) + 1  # after the last (the model says 0)


# The report's texts ---------------------------------------------------------------------------


class NarrativeForm(PortalModelForm):
    class Meta:
        model = Narrative
        fields = list(NARRATIVE_FIELDS)
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "order": _("Its place in the section; the first text's heading is the chapter's."),
            "body": _(
                "Figures and lists come from the data; a number typed here is checked against "
                "it. An empty text is not printed."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _(
            "Its place in the section (empty: after the last); the first text's heading is the "
            "chapter's title."
        )
        if self.instance.pk:
            del self.fields["year"]
        else:
            _default(self, "year", timezone.localdate().year)


class NarrativeStartForm(PortalForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


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
