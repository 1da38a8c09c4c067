"""Forms of the audit workflow. They collect input; the services decide."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from audits.choices import CARRIED_OUT_STATUSES, FindingStatus, ResultOutcome
from audits.models import Audit, Finding
from audits.services import AUDIT_FIELDS, FINDING_FIELDS
from core.forms import PortalForm, PortalModelForm
from core.permissions import Role, get_scope
from core.versions import version_of
from organisations.models import Organisation, User
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Clause, InstrumentVersion
from riskanalysis.models import Category
from suppliers.forms import SupplierChoiceField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def step_date_field(label=None, help_text=None) -> forms.DateField:
    """The day a step happened: prefilled with today (or the step's natural day); the service
    refuses a day in the future or before the step it follows, on this field."""
    return forms.DateField(
        label=label or _("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text or _("The day it happened; today if left empty."),
    )


class AuditForm(PortalModelForm):
    class Meta:
        model = Audit
        # The plan's fields as the services take them, the co-leads beside the lead.
        fields = list(AUDIT_FIELDS)
        fields.insert(fields.index("lead_organisation") + 1, "co_lead_organisations")
        widgets = {
            "planned_date": DATE_INPUT,
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "internal_note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"supplier": SupplierChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = get_scope(self.user)
        organisations = Organisation.objects.order_by("code")
        if not scope.is_secretariat:
            current = self.instance.lead_organisation_id
            allowed = set(scope.procurer_organisation_ids) | ({current} if current else set())
            organisations = organisations.filter(pk__in=allowed)
            self.fields["lead_organisation"].required = True
        self.fields["lead_organisation"].queryset = organisations
        self.fields["co_lead_organisations"].queryset = Organisation.objects.order_by("code")
        self.fields["auditor"].queryset = User.objects.filter(
            Q(memberships__role=Role.AUDITOR) | Q(pk=self.instance.auditor_id or 0)
        ).distinct()
        self.fields["category"].queryset = Category.objects.select_related(
            "parent", "parent__parent"
        )
        # Drafts may still change: they are offered only where the audit already uses one.
        self.fields["template_version"].queryset = (
            InstrumentVersion.objects.filter(instrument__kind=InstrumentKind.ASSESSMENT_TEMPLATE)
            .filter(~Q(status=VersionStatus.DRAFT) | Q(pk=self.instance.template_version_id or 0))
            .select_related("instrument")
        )
        follows_up = Audit.objects.for_user(self.user).select_related("supplier")
        if self.instance.pk:
            follows_up = follows_up.exclude(pk=self.instance.pk)
        self.fields["follows_up"].queryset = follows_up
        # The choices shown are the chosen supplier's audits only (a select of every audit would
        # list 20 000 at Nordic scale); any audit the user sees is still accepted, so the service
        # explains a follow-up of another supplier.
        supplier = self._chosen_supplier()
        shown = follows_up.filter(supplier=supplier) if supplier else follows_up.none()
        self.fields["follows_up"].widget.choices = [("", "---------")] + [
            (audit.pk, str(audit)) for audit in shown.order_by("-year", "pk")
        ]
        if supplier is None:
            self.fields["follows_up"].help_text = _(
                "The audits of the chosen supplier are offered once it is saved, or through the "
                "follow-up button on an audit."
            )
        self.fields["co_lead_organisations"].widget.attrs["size"] = 6
        # The year follows the audit's date unless stated (a plan for 2027-04-15 is a 2027
        # audit); the service checks a stated year against the dates.
        self.fields["year"].required = False
        self.fields["year"].help_text = _(
            "Left empty: the year of the start date, else of the planned date, else this year."
        )
        # The days it was carried out are the "Carried out" step's; here they are corrected.
        if self.instance.status not in CARRIED_OUT_STATUSES:
            del self.fields["start_date"]
            del self.fields["end_date"]
        if not self.instance.pk:
            self._set_plan_defaults(scope)

    def _chosen_supplier(self):
        field = self.fields["supplier"]
        if self.is_bound:
            value = self.data.get(self.add_prefix("supplier"))
        elif self.instance.supplier_id:
            return self.instance.supplier
        else:
            value = self.initial.get("supplier")
        try:
            return field.to_python(value.pk if hasattr(value, "pk") else value)
        except ValidationError:
            return None

    def _set_plan_defaults(self, scope):
        """A new plan is led by my organisation, on the newest template."""
        if (
            len(scope.procurer_organisation_ids) == 1
            and not scope.is_secretariat
            and not self.initial.get("lead_organisation")
        ):
            self.initial["lead_organisation"] = next(iter(scope.procurer_organisation_ids))
        newest = (
            self.fields["template_version"]
            .queryset.filter(status=VersionStatus.PUBLISHED)
            .order_by("-year", "-pk")
            .first()
        )
        if newest is not None and not self.initial.get("template_version"):
            self.initial["template_version"] = newest.pk

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("co_lead_organisations", None)
        return data


class FindingForm(PortalModelForm):
    class Meta:
        model = Finding
        fields = FINDING_FIELDS
        widgets = {
            "raised_on": DATE_INPUT,
            "deadline": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "root_cause": forms.Textarea(attrs={"rows": 2}),
            "required_action": forms.Textarea(attrs={"rows": 2}),
            "action_plan": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit or self.instance.audit
        version_id = self.audit.template_version_id
        self.fields["clause"].queryset = (
            Clause.objects.filter(version_id=version_id).order_by("order", "code")
            if version_id
            else Clause.objects.none()
        )
        # Left empty, the service takes the audit's day.
        self.fields["raised_on"].required = False
        self.fields["raised_on"].help_text = _(
            "The day of the audit it was found in; not before the audit's start."
        )
        if not self.instance.pk and not self.initial.get("raised_on"):
            self.initial["raised_on"] = self.audit.end_date or self.audit.start_date

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("raised_on") is None:
            data.pop("raised_on", None)
        return data

    def _post_clean(self):
        # The finding's audit is set by the view; the model checks run in the service.
        pass


class FindingStatusForm(PortalForm):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (FindingStatus.ACTION_PLAN_RECEIVED, FindingStatus.ACTION_PLAN_RECEIVED.label),
            (FindingStatus.VERIFIED_CLOSED, FindingStatus.VERIFIED_CLOSED.label),
            (FindingStatus.ESCALATED, FindingStatus.ESCALATED.label),
            (FindingStatus.OPEN, FindingStatus.OPEN.label),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an action plan: what the supplier will do, and by when."),
    )
    verified_by_audit = forms.ModelChoiceField(
        label=_("Verified by audit"),
        queryset=Audit.objects.none(),
        required=False,
        help_text=_(
            "For verified closed: the carried-out audit of the same supplier that verified the "
            "correction."
        ),
    )
    on = step_date_field()

    def __init__(self, *args, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_by_audit"].queryset = (
            Audit.objects.for_user(self.user)
            .filter(supplier_id=finding.audit.supplier_id, status__in=CARRIED_OUT_STATUSES)
            .exclude(pk=finding.audit_id)
            .select_related("supplier")
            .order_by("-year", "-start_date", "pk")
        )
        self.initial.setdefault("on", timezone.localdate())


class ResultsForm(PortalForm):
    """One outcome select and one comment per criterion of the audit's template version, saved
    as a draft: what is filled in is saved, the rest stays empty until it is. A saved result
    keeps an outcome (its select offers no empty choice). Each row carries the version of its
    result as the page showed it (``version_<id>``, not a field): a result someone else saved
    since is not overwritten (audits.services.results)."""

    def __init__(self, *args, audit=None, criteria=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.criteria = list(criteria)
        self.rows = []
        for criterion in self.criteria:
            outcome_name, comment_name = f"outcome_{criterion.pk}", f"comment_{criterion.pk}"
            result = existing.get(criterion.pk)
            # The labels name the criterion by its number (unique in the version); the row's
            # legend gives its title and text.
            code = {"code": criterion.code}
            self.fields[outcome_name] = forms.ChoiceField(
                label=_("Outcome for criterion %(code)s") % code,
                choices=[*([] if result else [("", "—")]), *ResultOutcome.choices],
                required=result is not None,
                initial=result.outcome if result else "",
            )
            self.fields[comment_name] = forms.CharField(
                label=_("Comment on criterion %(code)s") % code,
                required=False,
                initial=result.comment if result else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[outcome_name].widget.attrs["class"] = "form-select result-outcome"
            self.fields[comment_name].widget.attrs["class"] = "form-control"
            self.rows.append(
                ResultRow(
                    criterion,
                    self[outcome_name],
                    self[comment_name],
                    version_of(result) if result else "",
                    result is not None,
                )
            )
        self.filled = sum(1 for row in self.rows if row.saved)
        self.total = len(self.rows)
        self.percent = round(100 * self.filled / self.total) if self.total else 0
        self.fields["on"] = step_date_field(
            help_text=_("The day the results were recorded; not before the audit's start.")
        )
        self.fields["on"].widget.attrs["class"] = "form-control"
        self.initial.setdefault("on", timezone.localdate())

    def results(self) -> dict:
        """{criterion id: (outcome, comment)} for the service; an empty outcome is not saved."""
        return {
            c.pk: (
                self.cleaned_data.get(f"outcome_{c.pk}") or "",
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }

    def opened_versions(self) -> dict:
        """{criterion id: version of its result when the page was opened} for the rows that
        carry one (a page of before this field carries none and is not checked)."""
        return {
            c.pk: self.data[f"version_{c.pk}"]
            for c in self.criteria
            if f"version_{c.pk}" in self.data
        }


@dataclass
class ResultRow:
    criterion: object
    outcome: object
    comment: object
    version: str
    saved: bool


class ReportForm(PortalForm):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    public_summary = forms.CharField(
        label=_("Public summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown to the public once the secretariat has approved it. Changing it needs a new "
            "approval."
        ),
    )
    on = step_date_field(
        help_text=_("The day the audit was reported; not before it ended. Today if left empty.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class ConductForm(PortalForm):
    """The audit was carried out: its first and last day."""

    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("The day the audit started; today if left empty. Never in the future."),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("The last day of the audit; the start date if left empty."),
    )

    def __init__(self, *args, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        planned = audit.planned_date if audit is not None else None
        self.initial.setdefault("start_date", planned if planned and planned <= today else today)


class CancelForm(PortalForm):
    """Cancel a planned audit: why, and on which day."""

    cancellation_reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the audit will not be carried out (shown on the audit's page)."),
    )
    on = step_date_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class StepDateForm(PortalForm):
    """A step whose only input is the day it happened (approve, close)."""

    on = step_date_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


FOLLOW_UP_CHOICES = [
    ("keep", _("Keep open")),
    ("close", _("Verified closed")),
    ("escalate", _("Escalate")),
]


class FollowUpForm(PortalForm):
    """One decision per open finding of the followed-up audit."""

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = list(findings)
        self.rows = []
        for finding in self.findings:
            name = f"decision_{finding.pk}"
            # The label names the finding: a screen reader's list of the page's selects says which
            # decision is which.
            self.fields[name] = forms.ChoiceField(
                label=_("Decision for finding: %(finding)s")
                % {"finding": Truncator(finding.description).chars(80)},
                choices=FOLLOW_UP_CHOICES,
                initial="keep",
            )
            self.fields[name].widget.attrs["class"] = "form-select"
        self.rows = [(f, self[f"decision_{f.pk}"]) for f in self.findings]

    def decisions(self) -> dict:
        return {f.pk: self.cleaned_data[f"decision_{f.pk}"] for f in self.findings}


class EvidenceForm(PortalForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image (PNG, JPEG, GIF, WebP, TIFF) or office document; at most 20 MB."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    finding = forms.ModelChoiceField(
        label=_("Finding"), queryset=Finding.objects.none(), required=False
    )

    def __init__(self, *args, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = Finding.objects.for_user(self.user).filter(audit=audit)
