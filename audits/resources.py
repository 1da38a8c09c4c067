"""Import and export of audits and their findings: the regions' follow-up logs.

An audit is named by its supplier, year, kind, lead organisation and date (the planned date, else
the start date); a finding by its audit (the same five columns, prefixed ``audit_``) and its
description. The resources here only map columns: they find the record a row names, turn its
cells into values, and hand each row to one service, ``audit_import_row`` or
``finding_import_row`` (audits/services/imports.py), which takes the workflow's steps with the
same rules as the portal: a procurer imports audits their own organisations lead, a finding
needs an audit that was carried out, a status moves only along the workflow, and the timeline
says who did it. The days the file gives are the days of the steps (an audit's start and end,
report, close and cancel; a finding's action plan, close and escalation): a day the file does
not give stays empty for an audit recorded in its state, and is today for a step the import
takes. An empty status, year or raised day keeps the stored record's.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus
from audits.models import Audit, Finding, FindingStatusChange
from audits.services.imports import AUDIT_PLAN_FIELDS, AUDIT_STEP_FIELDS, FINDING_STEP_FIELDS
from core.resources import (
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    LookupWidget,
    PortalResource,
    TextWidget,
    register,
)
from organisations.resources import OrganisationWidget
from requirements_catalog.models import InstrumentVersion
from suppliers.resources import SupplierWidget


class TemplateVersionWidget(LookupWidget):
    """An assessment template's version as ``instrument code / version``."""

    def find(self, key):
        code, _sep, version = key.rpartition("/")
        found = (
            InstrumentVersion.objects.select_related("instrument")
            .filter(instrument__code__iexact=code.strip(), version__iexact=version.strip())
            .first()
        )
        if found is None:
            raise ValueError(
                _(
                    "No instrument version is “%(key)s”; write the instrument's code and the "
                    "version, code / version."
                )
                % {"key": key}
            )
        return found

    def key_of(self, obj):
        return f"{obj.instrument.code} / {obj.version}"


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _text(row, column) -> str:
    """A cell as text, as the import reads it (the export's formula apostrophe taken off)."""
    return TextWidget().clean(row.get(column))


class AuditKey:
    """Finds the audit a row names by supplier, year, kind, lead organisation and date.

    ``prefix`` is "" in the audit register's own file and "audit_" in the findings file. The
    widgets are the ones of the file, so each supplier and organisation is looked up once.
    """

    COLUMNS = ("supplier", "year", "kind", "lead_organisation", "date")

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        self.supplier = SupplierWidget()
        self.year = IntegerWidget(minimum=2000, maximum=2100)
        self.kind = ChoiceWidget(AuditKind)
        self.lead = OrganisationWidget()
        self.date = DateWidget()
        self.cache: dict[tuple, Audit | None] = {}

    def column(self, name: str) -> str:
        return self.prefix + name

    def date_column(self, row) -> str:
        """In the audit file the date is the planned date, else the start date."""
        if self.prefix:
            return self.column("date")
        return "planned_date" if _text(row, "planned_date") else "start_date"

    def natural_key(self, row) -> tuple:
        kind = _text(row, self.column("kind"))
        try:  # "Kontorsrevision", "Office audit" and "office" name the same audits
            kind = self.kind.clean(kind)
        except ValueError:
            kind = kind.lower()  # the column reports it
        return (
            _text(row, self.column("supplier")).lower(),
            _text(row, self.column("year")),
            kind,
            _text(row, self.column("lead_organisation")).upper(),
            _text(row, self.date_column(row)),
        )

    def values(self, row) -> dict | None:
        """The cleaned key, or None when a cell of it is bad (its column reports that). An
        empty year is the year of the date (as the services take it), else this year."""
        try:
            supplier = self.supplier.clean(row.get(self.column("supplier")))
            year = self.year.clean(row.get(self.column("year")))
            kind = self.kind.clean(row.get(self.column("kind")))
            lead = self.lead.clean(row.get(self.column("lead_organisation")))
            date = self.date.clean(row.get(self.date_column(row)))
            start = None if self.prefix else self.date.clean(row.get("start_date"))
        except ValueError:
            return None
        if supplier is None:
            return None
        if year is None:
            year = services.audit_year(year=None, planned_date=date, start_date=start)
        return {"supplier": supplier, "year": year, "kind": kind, "lead": lead, "date": date}

    def find(self, row) -> Audit | None:
        values = self.values(row)
        if values is None:
            return None
        key = tuple(getattr(v, "pk", v) for v in values.values())
        if key not in self.cache:
            candidates = [
                audit
                for audit in Audit.objects.filter(
                    supplier=values["supplier"],
                    year=values["year"],
                    kind=values["kind"],
                    lead_organisation=values["lead"],
                ).order_by("pk")
                if (audit.planned_date or audit.start_date) == values["date"]
            ]
            if len(candidates) > 1:
                raise ValidationError(
                    {
                        self.column("supplier"): _(
                            "%(count)d audits have this supplier, year, kind, lead organisation "
                            "and date; give each its planned date to tell them apart."
                        )
                        % {"count": len(candidates)}
                    }
                )
            self.cache[key] = candidates[0] if candidates else None
        return self.cache[key]

    @staticmethod
    def date_of(audit: Audit):
        return audit.planned_date or audit.start_date


@register("audits")
class AuditResource(PortalResource):
    url_base = "audits:audit"

    year = Field(
        attribute="year",
        column_name="year",
        widget=IntegerWidget(minimum=2000, maximum=2100),
        saves_null_values=False,
    )
    status = Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(AuditStatus, blank=True, empty=None),
        saves_null_values=False,
    )
    template_version = Field(
        attribute="template_version", column_name="template", widget=TemplateVersionWidget()
    )

    required_columns = ("supplier", "kind")
    column_help = {
        "year": gettext_lazy(
            "The year the audit belongs to; empty: the year of the start date, else of the "
            "planned date. A year that contradicts those dates is refused."
        ),
        "status": gettext_lazy(
            "Empty means planned. A new audit is recorded in that state. An existing planned "
            "audit may be recorded as conducted (with its start date) or cancelled (with the "
            "reason), a reported one as closed; the other steps are taken in the portal."
        ),
        "lead_organisation": gettext_lazy("A procurer's own organisation."),
        "template": gettext_lazy("The assessment template's version: instrument code / version."),
        "planned_date": gettext_lazy(
            "With supplier, year, kind and lead organisation it names the audit (the start date "
            "where there is no planned date)."
        ),
        "start_date": gettext_lazy("The day the audit started, for an audit that was carried out."),
        "end_date": gettext_lazy("Not before the start date."),
        "reported_on": gettext_lazy(
            "The day a reported or closed audit was reported; not before its end."
        ),
        "closed_on": gettext_lazy("The day a closed audit was closed; not before it was reported."),
        "cancelled_on": gettext_lazy("The day a cancelled audit was cancelled."),
        "cancellation_reason": gettext_lazy("Why a cancelled audit was cancelled; required then."),
    }

    class Meta(PortalResource.Meta):
        model = Audit
        fields = export_order = (
            *AUDIT_PLAN_FIELDS,
            "co_lead_organisations",
            "status",
            *AUDIT_STEP_FIELDS,
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.key = AuditKey()

    def natural_key(self, row):
        return self.key.natural_key(row)

    def natural_key_column(self, row):
        return "supplier"

    def find_existing(self, row):
        return self.key.find(row)

    def before_import_row(self, row, **kwargs):
        if "observer_required" in row and row["observer_required"] is None:
            row["observer_required"] = ""

    def save_m2m(self, instance, row, **kwargs):
        pass  # the co-leads go through the service with the row

    def _co_leads(self, row):
        if "co_lead_organisations" not in row:
            return None
        return self.fields["co_lead_organisations"].widget.clean(row["co_lead_organisations"])

    def save_with_service(self, instance, row):
        values = {
            field: getattr(instance, field)
            for field in ("status", *AUDIT_PLAN_FIELDS, *AUDIT_STEP_FIELDS)
        }
        values["co_lead_organisations"] = self._co_leads(row)
        stored = Audit.objects.get(pk=instance.pk) if instance.pk else None
        audit = services.audit_import_row(user=self.user, audit=stored, values=values)
        instance.pk = audit.pk

    def export_queryset(self, user):
        return (
            Audit.objects.for_user(user, "view")
            .select_related(
                "supplier", "lead_organisation", "category", "template_version__instrument"
            )
            .prefetch_related("co_lead_organisations")
        )


class ClauseWidget(TextWidget):
    """A finding's clause: its number in the assessment template version of the row's audit
    (``audit``, which the resource sets for each row)."""

    audit: Audit | None = None

    def clean(self, value, row=None, **kwargs):
        number = super().clean(value)
        if not number:
            return None
        if self.audit.template_version_id is None:
            raise ValueError(
                _(
                    "The audit has no assessment template, so the finding cannot name a "
                    "clause; leave the column empty or set the audit's template first."
                )
            )
        found = self.audit.template_version.clauses.filter(code=number).first()
        if found is None:
            raise ValueError(
                _("The audit's template %(template)s has no clause “%(number)s”.")
                % {"template": self.audit.template_version, "number": number}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


@register("findings")
class FindingResource(PortalResource):
    url_base = "audits:finding"

    audit_supplier = Field(column_name="audit_supplier", widget=TextWidget())
    audit_year = Field(column_name="audit_year", widget=IntegerWidget())
    audit_kind = Field(column_name="audit_kind", widget=ChoiceWidget(AuditKind))
    audit_lead_organisation = Field(column_name="audit_lead_organisation", widget=TextWidget())
    audit_date = Field(column_name="audit_date", widget=DateWidget())
    clause = Field(attribute="clause", column_name="clause", widget=ClauseWidget())
    raised_on = Field(
        attribute="raised_on", column_name="raised_on", widget=DateWidget(), saves_null_values=False
    )
    status = Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(FindingStatus, blank=True, empty=None),
        saves_null_values=False,
    )
    action_plan_received_on = Field(column_name="action_plan_received_on", widget=DateWidget())
    closed_on = Field(column_name="closed_on", widget=DateWidget())
    escalated_on = Field(column_name="escalated_on", widget=DateWidget())
    verified_by_audit_date = Field(column_name="verified_by_audit_date", widget=DateWidget())

    required_columns = ("audit_supplier", "audit_kind", "kind", "description")
    argument_columns = FINDING_STEP_FIELDS
    column_labels = {
        "audit_supplier": gettext_lazy("Audit's supplier"),
        "audit_year": gettext_lazy("Audit's year"),
        "audit_kind": gettext_lazy("Audit's kind"),
        "audit_lead_organisation": gettext_lazy("Audit's lead organisation"),
        "audit_date": gettext_lazy("Audit's date"),
        "escalated_on": gettext_lazy("Escalated on"),
        "verified_by_audit_date": gettext_lazy("Verified by audit (date)"),
    }
    column_help = {
        "audit_supplier": gettext_lazy(
            "The audit: its supplier (organisation number, name or alias)."
        ),
        "audit_year": gettext_lazy("The audit's year; empty: the year of the audit's date."),
        "audit_lead_organisation": gettext_lazy("The audit's lead organisation (SE-T)."),
        "audit_date": gettext_lazy("The audit's planned date, else its start date."),
        "severity": gettext_lazy("Required for a non-compliance."),
        "clause": gettext_lazy("The clause's number in the audit's assessment template."),
        "description": gettext_lazy("With the audit it names the finding."),
        "raised_on": gettext_lazy("Empty: the audit's last day."),
        "deadline": gettext_lazy("Not before the day it was raised."),
        "status": gettext_lazy("Empty means open. The status moves as in the portal."),
        "action_plan_received_on": gettext_lazy(
            "When the plan came, where the import records that step."
        ),
        "closed_on": gettext_lazy(
            "When the finding was verified closed, where the import closes it."
        ),
        "escalated_on": gettext_lazy(
            "When the finding was escalated, where the import escalates it."
        ),
        "verified_by_audit_date": gettext_lazy(
            "The planned date, else the start date, of the carried-out audit of the same "
            "supplier that verified a closed finding; required to close it (but a good "
            "practice)."
        ),
    }

    class Meta(PortalResource.Meta):
        model = Finding
        fields = export_order = (
            *(f"audit_{column}" for column in AuditKey.COLUMNS),
            *services.FINDING_FIELDS,
            "status",
            *FINDING_STEP_FIELDS,
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.key = AuditKey(prefix="audit_")
        self.date = DateWidget()

    def natural_key(self, row):
        return (*self.key.natural_key(row), _text(row, "description").lower())

    def natural_key_column(self, row):
        return "description"

    def row_label(self, row):
        return " · ".join(
            (_text(row, "audit_supplier"), _text(row, "audit_year"), _text(row, "description"))
        )

    def _audit(self, row) -> Audit:
        values = self.key.values(row)
        if values is None:
            messages = {}
            for name, widget in (
                ("supplier", self.key.supplier),
                ("year", self.key.year),
                ("kind", self.key.kind),
                ("lead_organisation", self.key.lead),
                ("date", self.key.date),
            ):
                try:
                    widget.clean(row.get(self.key.column(name)))
                except ValueError as error:
                    messages[self.key.column(name)] = str(error)
            raise ValidationError(messages or {"audit_supplier": _("Name the audit.")})
        audit = self.key.find(row)
        if audit is None:
            raise ValidationError(
                {
                    "audit_supplier": _(
                        "No audit of %(supplier)s in %(year)s has this kind, lead organisation "
                        "and date; import the audit first."
                    )
                    % {"supplier": values["supplier"], "year": values["year"]}
                }
            )
        return audit

    def find_existing(self, row):
        audit = self._audit(row)
        found = (
            Finding.objects.filter(audit=audit, description=_text(row, "description"))
            .select_related("clause")
            .order_by("pk")
            .first()
        )
        self._row_audit = self.fields["clause"].widget.audit = audit
        return found

    def init_instance(self, row=None):
        return Finding(audit=self._row_audit, status=FindingStatus.OPEN)

    def save_with_service(self, instance, row):
        values = {field: getattr(instance, field) for field in ("status", *services.FINDING_FIELDS)}
        stored = Finding.objects.get(pk=instance.pk) if instance.pk else None
        finding = services.finding_import_row(
            user=self.user, audit=self._row_audit, finding=stored, values=values | self.arguments
        )
        instance.pk = finding.pk

    # -- export ------------------------------------------------------------------------------

    def dehydrate_audit_supplier(self, finding):
        return SupplierWidget().key_of(finding.audit.supplier)

    def dehydrate_audit_year(self, finding):
        return finding.audit.year

    def dehydrate_audit_kind(self, finding):
        return self.fields["audit_kind"].widget.render(finding.audit.kind)

    def dehydrate_audit_lead_organisation(self, finding):
        lead = finding.audit.lead_organisation
        return lead.code if lead else ""

    def dehydrate_audit_date(self, finding):
        return _iso(AuditKey.date_of(finding.audit))

    def dehydrate_action_plan_received_on(self, finding):
        return _iso(finding.action_plan_received_on)

    def dehydrate_closed_on(self, finding):
        return _iso(finding.closed_on)

    def dehydrate_escalated_on(self, finding):
        return _iso(getattr(finding, "escalated_day", None))

    def dehydrate_verified_by_audit_date(self, finding):
        verifier = finding.verified_by_audit
        return _iso(AuditKey.date_of(verifier)) if verifier else ""

    def export_queryset(self, user):
        escalated = (
            FindingStatusChange.objects.filter(
                finding=OuterRef("pk"), status=FindingStatus.ESCALATED
            )
            .order_by("-on", "-pk")
            .values("on")[:1]
        )
        return (
            Finding.objects.for_user(user, "view")
            .select_related(
                "audit__supplier", "audit__lead_organisation", "clause", "verified_by_audit"
            )
            .annotate(escalated_day=Subquery(escalated))
        )
