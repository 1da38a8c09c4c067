"""The reporting resources of the API: events, yearly figures, financial years, report jobs."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from reporting.choices import EventFormat, ReportJobStatus
from reporting.models import Contribution, CostLine, Event, FinancialYear, ReportJob, YearlyFigure
from reporting.selectors import financial_year_summary


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
