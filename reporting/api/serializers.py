"""The reporting resources of the API: events, yearly figures, financial years, the report's
texts (narratives), report jobs; and what the secretariat writes to them."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import (
    GatedPrimaryKeyRelatedField,
    PortalModelSerializer,
    ResourceUrlField,
)
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.choices import CostKind, EventFormat, ReportJobStatus
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)
from reporting.selectors import financial_year_summary
from reporting.services import (
    EVENT_EDIT_FIELDS,
    FINANCIAL_YEAR_FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    NARRATIVE_FIELDS,
    YEARLY_FIGURE_FIELDS,
)

# At most this many contributions or cost lines in one request (a year has 21 and about 6).
MAX_ACCOUNT_ROWS = 200
YEAR = {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}


class EventSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:event-detail")
    # Declared: a read-only model field would lose allow_blank, and the schema its "" value.
    format = serializers.ChoiceField(choices=EventFormat.choices, allow_blank=True, read_only=True)
    organiser_codes = serializers.SerializerMethodField(
        help_text="The organisers' codes, e.g. SE-T (sv: arrangörer)."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "title",
            "kind",
            "format",
            "year",
            "date",
            "location",
            "occurrences",
            "organisers",
            "organiser_codes",
            "audience",
            "topics",
            "participants",
            "participants_is_lower_bound",
            "description",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_organiser_codes(self, event) -> list[str]:
        return [organisation.code for organisation in event.organisers.all()]


class YearlyFigureSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:yearlyfigure-detail")

    class Meta:
        model = YearlyFigure
        fields = [
            "id",
            "url",
            "year",
            "key",
            "value",
            "is_lower_bound",
            "source",
            "note",
            "created",
            "modified",
        ]
        read_only_fields = fields


class ContributionSerializer(PortalModelSerializer):
    organisation_code = serializers.CharField(
        source="organisation.code",
        read_only=True,
        help_text="The contributing organisation's code, e.g. SE-T (sv: organisation).",
    )

    class Meta:
        model = Contribution
        fields = ["id", "organisation", "organisation_code", "amount", "modified"]
        read_only_fields = fields


class CostLineSerializer(PortalModelSerializer):
    class Meta:
        model = CostLine
        fields = ["id", "kind", "label", "amount", "note", "order", "modified"]
        read_only_fields = fields


def _tkr(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=1, read_only=True, help_text=help_text
    )


class FinancialYearSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:financialyear-detail")
    contributions = ContributionSerializer(
        many=True, read_only=True, help_text="Contributions per organisation, tkr (sv: bidrag)."
    )
    cost_lines = CostLineSerializer(
        many=True, read_only=True, help_text="The cost lines of the year, tkr (sv: kostnader)."
    )
    contributions_total = _tkr("The sum of the contributions, tkr (sv: summa bidrag).")
    costs_total = _tkr("The sum of the cost lines, tkr (sv: summa kostnader).")
    income = _tkr(
        "Income of the year: opening balance + contributions − closing balance, tkr (sv: intäkter)."
    )
    balances = serializers.BooleanField(
        read_only=True,
        help_text="Whether the income equals the costs (sv: balanserar).",
    )

    class Meta:
        model = FinancialYear
        fields = [
            "id",
            "url",
            "year",
            "opening_balance",
            "closing_balance",
            "note",
            "contributions",
            "cost_lines",
            "contributions_total",
            "costs_total",
            "income",
            "balances",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The same sums as the report's accounts (reporting.selectors), from the prefetched rows.
        summary = financial_year_summary(instance)
        data["contributions_total"] = self.fields["contributions_total"].to_representation(
            summary.contributions
        )
        data["costs_total"] = self.fields["costs_total"].to_representation(summary.costs)
        data["income"] = self.fields["income"].to_representation(summary.income)
        data["balances"] = summary.balances
        return data


class ReportRemarkSerializer(serializers.Serializer):
    """One remark of the consistency check: where, what, a message and the details."""

    section = serializers.CharField(help_text="The report section (sv: avsnitt).")
    code = serializers.CharField(help_text="A stable code, e.g. narrative_number_mismatch.")
    message = serializers.CharField(help_text="The remark, in Swedish (sv: anmärkning).")
    details = serializers.DictField(required=False, help_text="What is needed to find and fix it.")


class ReportJobSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:reportjob-detail")
    warnings = ReportRemarkSerializer(
        many=True,
        read_only=True,
        help_text="The consistency check's remarks, kept with the job (sv: anmärkningar).",
    )
    pdf_url = serializers.SerializerMethodField(
        help_text="Where to download the finished report; null until the job is done (sv: PDF)."
    )

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "url",
            "year",
            "status",
            "progress",
            "warnings",
            "error",
            "requested_by",
            "pdf_url",
            "started_at",
            "finished_at",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_pdf_url(self, job) -> str | None:
        if job.status != ReportJobStatus.DONE or not job.pdf:
            return None
        # Through the gate, with the caller's token: never a public /media/ address.
        request = self.context.get("request")
        url = reverse("api:reportjob-pdf", args=[job.pk])
        return request.build_absolute_uri(url) if request is not None else url


class ReportRequestSerializer(serializers.Serializer):
    """An order for the report of a year."""

    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="The report's year (sv: verksamhetsår)."
    )


class NarrativeSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:narrative-detail")

    class Meta:
        model = Narrative
        fields = [
            "id",
            "url",
            "year",
            "section",
            "order",
            "heading",
            "body",
            "updated_by",
            "created",
            "modified",
        ]
        read_only_fields = fields


# Writes (the secretariat's) ----------------------------------------------------------------------
# The services check who may and every rule; a refusal comes back under the field it concerns.
# ``validators = []``: a repeated year and title (say) is refused by the service, on its field,
# with the register's own message, rather than by DRF's generic unique-together check.


class EventWriteSerializer(PortalModelSerializer):
    """A new event (POST) or a change of one (PATCH)."""

    class Meta:
        model = Event
        fields = EVENT_EDIT_FIELDS
        validators = []
        extra_kwargs = {
            "year": {
                **YEAR,
                "required": False,
                "help_text": "The year it took place (sv: år); without it, the year of the date.",
            },
            "organisers": {
                "required": False,
                "help_text": "Ids of the organising organisations (sv: arrangörer); on PATCH the "
                "list replaces the event's.",
            },
        }


class YearlyFigureWriteSerializer(PortalModelSerializer):
    """A new figure of a year (POST; one per year and figure) or a change of one (PATCH)."""

    class Meta:
        model = YearlyFigure
        fields = list(YEARLY_FIGURE_FIELDS)
        validators = []
        extra_kwargs = {"year": YEAR, "value": {"min_value": 0}}


class ContributionInputSerializer(serializers.Serializer):
    organisation = GatedPrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.REGION),
        help_text="Id of the contributing region (sv: region).",
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        min_value=0,
        help_text="The contribution, tkr (sv: bidrag).",
    )


class CostLineInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=CostKind.choices, help_text="The kind of cost (sv: typ)."
    )
    label = serializers.CharField(
        max_length=200, help_text="The line as the report prints it (sv: benämning)."
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        min_value=0,
        help_text="A positive amount, tkr (sv: belopp).",
    )
    note = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Printed as a footnote (sv: anmärkning).",
    )
    order = serializers.IntegerField(
        min_value=0,
        max_value=32767,
        required=False,
        help_text="The place among the cost lines; without it, the place in this list.",
    )


class FinancialYearWriteSerializer(PortalModelSerializer):
    """A year's accounts (POST) or a change of them (PATCH). ``contributions`` and
    ``cost_lines``, when given, become the year's rows: a region's contribution and a cost line
    of the same label are changed in place, the rows not given deleted."""

    opening_balance = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        required=False,
        help_text="Opening balance (IB), tkr (sv: ingående balans). Without it on POST: the "
        "closing balance of the year before.",
    )
    contributions = ContributionInputSerializer(
        many=True,
        required=False,
        max_length=MAX_ACCOUNT_ROWS,
        help_text="The year's contributions per region, tkr (sv: bidrag); replaces them.",
    )
    cost_lines = CostLineInputSerializer(
        many=True,
        required=False,
        max_length=MAX_ACCOUNT_ROWS,
        help_text="The year's cost lines, tkr (sv: kostnader); replaces them.",
    )

    class Meta:
        model = FinancialYear
        fields = [*FINANCIAL_YEAR_FIELDS, "contributions", "cost_lines"]
        validators = []
        extra_kwargs = {"year": {**YEAR, "validators": []}}


class NarrativeWriteSerializer(PortalModelSerializer):
    """A new text of a year's report (POST) or a change of one (PATCH)."""

    class Meta:
        model = Narrative
        fields = list(NARRATIVE_FIELDS)
        validators = []
        extra_kwargs = {
            "year": YEAR,
            "order": {
                "required": False,
                "help_text": "Its place in the section (sv: ordning); without it, after the last.",
            },
            "body": {
                "required": False,
                "help_text": "The text (sv: text); an empty text is not printed.",
            },
        }


class NarrativeStartInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        **YEAR, help_text="The year whose texts to make, empty (sv: verksamhetsår)."
    )


class NarrativeStartedSerializer(serializers.Serializer):
    """What "start the year" made."""

    year = serializers.IntegerField(help_text="The year started.")
    from_year = serializers.IntegerField(
        allow_null=True,
        help_text="The year whose sections and headings were taken; null: one text per section "
        "of the report.",
    )
    already_there = serializers.IntegerField(
        help_text="Texts of the structure the year had already (kept as they were)."
    )
    created = NarrativeSerializer(many=True, help_text="The texts made, empty.")
