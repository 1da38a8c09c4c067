"""Admin for audits. The timeline (AuditEvent) is written by the services and only shown here."""

import hashlib
from pathlib import Path
from uuid import uuid4

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from audits.choices import FINDING_SETTLED_STATUSES
from audits.models import Audit, AuditEvent, AuditResult, Evidence, Finding, FindingStatusChange
from core.admin import (
    RECORD_FIELDSET,
    BaseHistoryAdmin,
    BaseModelAdmin,
    BaseTabularInline,
    ReadOnlyInlineMixin,
    category_path_related,
    count_of,
)
from requirements_catalog.choices import InstrumentKind
from requirements_catalog.models import Clause
from riskanalysis.admin import CategoryListFilter


def _parent_audit(request):
    """The audit whose change page ``request`` is for, if any."""
    match = getattr(request, "resolver_match", None)
    object_id = match.kwargs.get("object_id") if match else None
    if not object_id:
        return None
    return Audit.objects.filter(pk=object_id).only("pk", "template_version_id").first()


class AuditResultInline(BaseTabularInline):
    model = AuditResult
    fields = ("criterion", "outcome", "comment")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            audit = _parent_audit(request)
            if audit is not None and audit.template_version_id:
                criteria = Clause.objects.filter(version_id=audit.template_version_id)
            else:
                criteria = Clause.objects.filter(
                    version__instrument__kind=InstrumentKind.ASSESSMENT_TEMPLATE
                )
            kwargs["queryset"] = criteria.order_by("version", "order", "code")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "criterion" and field is not None:
            # Evaluate the choices once for all rows instead of one query per row.
            field.choices = list(field.choices)
        return field


class FindingInline(BaseTabularInline):
    model = Finding
    fk_name = "audit"
    fields = (
        "kind",
        "severity",
        "clause",
        "description",
        "raised_on",
        "deadline",
        "status",
        "closed_on",
    )
    autocomplete_fields = ("clause",)
    show_change_link = True


class EvidenceInline(ReadOnlyInlineMixin, BaseTabularInline):
    """Files are uploaded on the evidence page, where their checksum is taken."""

    model = Evidence
    fields = ("original_name", "file", "description", "finding", "size_display", "uploaded_by")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("finding", "uploaded_by")

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size)


class AuditEventInline(ReadOnlyInlineMixin, BaseTabularInline):
    """The audit's timeline; the services write it, nobody edits it."""

    model = AuditEvent
    fields = ("occurred_on", "at", "action", "actor", "message")
    readonly_fields = fields
    ordering = ("-occurred_on", "-at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Audit)
class AuditAdmin(BaseHistoryAdmin):
    inlines = (AuditResultInline, FindingInline, EvidenceInline, AuditEventInline)
    list_display = (
        "supplier",
        "kind",
        "year",
        "status",
        "lead_organisation",
        "co_leads",
        "observer_required",
        "auditor",
        "start_date",
        "open_finding_count",
    )
    list_filter = (
        "status",
        "kind",
        "year",
        "observer_required",
        "lead_organisation",
        ("category", CategoryListFilter),
        ("public_summary_approved_at", admin.EmptyFieldListFilter),
    )
    search_fields = (
        "supplier__name",
        "supplier__aliases__name",
        "supplier__organisation_number",
        "lead_organisation__name",
        "lead_organisation__code",
        "auditor__username",
        "auditor__last_name",
        "summary",
    )
    autocomplete_fields = (
        "supplier",
        "lead_organisation",
        "co_lead_organisations",
        "auditor",
        "category",
        "template_version",
        "follows_up",
        "incident",
        "public_summary_approved_by",
    )
    date_hierarchy = "start_date"
    fieldsets = (
        (None, {"fields": ("supplier", ("kind", "year"), "status", "follows_up", "incident")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("planned_date", "start_date", "end_date"),
                    ("reported_on", "closed_on"),
                    ("cancelled_on", "cancellation_reason"),
                )
            },
        ),
        (
            _("Who"),
            {
                "fields": (
                    "lead_organisation",
                    "co_lead_organisations",
                    "auditor",
                    "observer_required",
                )
            },
        ),
        (_("Scope"), {"fields": ("category", "template_version")}),
        (
            _("Summaries"),
            {
                "fields": (
                    "summary",
                    "internal_note",
                    "public_summary",
                    (
                        "public_summary_approved_by",
                        "public_summary_approved_on",
                        "public_summary_approved_at",
                    ),
                )
            },
        ),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "supplier",
                "lead_organisation",
                "auditor",
                "follows_up__supplier",
                category_path_related(),
            )
            .prefetch_related("co_lead_organisations")
            .annotate(
                open_finding_count=count_of(
                    Finding, "audit", where=~Q(status__in=FINDING_SETTLED_STATUSES)
                )
            )
        )

    @admin.display(description=_("co-leads"))
    def co_leads(self, obj):
        return ", ".join(o.short_name or o.name for o in obj.co_lead_organisations.all())

    @admin.display(description=_("open findings"), ordering="open_finding_count")
    def open_finding_count(self, obj):
        return obj.open_finding_count


@admin.register(AuditResult)
class AuditResultAdmin(BaseModelAdmin):
    list_display = ("audit", "criterion", "outcome", "short_comment")
    list_filter = ("outcome", "audit__year", "audit__kind")
    list_select_related = ("audit__supplier", "criterion")
    search_fields = ("audit__supplier__name", "criterion__code", "criterion__title", "comment")
    autocomplete_fields = ("audit", "criterion")

    @admin.display(description=_("comment"), ordering="comment")
    def short_comment(self, obj):
        return obj.comment[:80]


class FindingStatusChangeInline(ReadOnlyInlineMixin, BaseTabularInline):
    """The finding's dated status log, as the services wrote it."""

    model = FindingStatusChange
    fields = ("status", "on", "recorded_at", "by", "note")
    readonly_fields = fields
    ordering = ("on", "recorded_at", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Finding)
class FindingAdmin(BaseHistoryAdmin):
    inlines = (FindingStatusChangeInline,)
    list_display = (
        "short_description",
        "audit",
        "kind",
        "severity",
        "status",
        "raised_on",
        "deadline",
        "closed_on",
        "verified_by_audit",
    )
    list_filter = ("status", "kind", "severity", "audit__year", "audit__lead_organisation")
    list_select_related = ("audit__supplier", "verified_by_audit__supplier")
    search_fields = (
        "description",
        "root_cause",
        "required_action",
        "action_plan",
        "audit__supplier__name",
        "clause__code",
    )
    autocomplete_fields = ("audit", "clause", "verified_by_audit")
    date_hierarchy = "raised_on"
    fieldsets = (
        (None, {"fields": ("audit", ("kind", "severity"), "clause", "description")}),
        (_("Corrective action"), {"fields": ("root_cause", "required_action", "deadline")}),
        (
            _("Follow-up"),
            {
                "fields": (
                    "raised_on",
                    "status",
                    "action_plan",
                    "action_plan_received_on",
                    "closed_on",
                    "verified_by_audit",
                )
            },
        ),
        RECORD_FIELDSET,
    )

    @admin.display(description=_("description"), ordering="description")
    def short_description(self, obj):
        return obj.description[:80]


class EvidenceForm(forms.ModelForm):
    """Takes the file's name, type, size and checksum from the upload itself and stores the file
    under a generated name; checks that the result and finding belong to the audit."""

    class Meta:
        model = Evidence
        fields = ("audit", "result", "finding", "file", "description")

    def clean(self):
        cleaned = super().clean()
        audit = cleaned.get("audit")
        for name in ("result", "finding"):
            related = cleaned.get(name)
            if audit is not None and related is not None and related.audit_id != audit.pk:
                self.add_error(name, _("This belongs to another audit."))
        upload = cleaned.get("file")
        if upload is not None and "file" in self.changed_data:
            limit = settings.HALLBAR_MAX_UPLOAD_BYTES
            if upload.size > limit:
                self.add_error(
                    "file",
                    _("A file is at most %(limit)s.") % {"limit": filesizeformat(limit)},
                )
                return cleaned
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            self.instance.original_name = Path(upload.name).name[:255]
            self.instance.content_type = (
                getattr(upload, "content_type", "") or "application/octet-stream"
            )[:100]
            self.instance.size = upload.size
            self.instance.sha256 = digest.hexdigest()
            upload.name = f"{uuid4().hex}{Path(upload.name).suffix.lower()[:10]}"
        return cleaned


@admin.register(Evidence)
class EvidenceAdmin(BaseModelAdmin):
    form = EvidenceForm
    list_display = (
        "original_name",
        "audit",
        "finding",
        "content_type",
        "size_display",
        "uploaded_by",
        "created",
    )
    list_filter = ("content_type", "audit__year")
    list_select_related = ("audit__supplier", "finding", "uploaded_by")
    search_fields = ("original_name", "description", "sha256", "audit__supplier__name")
    autocomplete_fields = ("audit", "result", "finding")
    readonly_fields = ("original_name", "content_type", "size", "sha256", "uploaded_by")
    date_hierarchy = "created"

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)


@admin.register(AuditEvent)
class AuditEventAdmin(BaseModelAdmin):
    """Read-only: timeline entries are written by the services."""

    list_display = ("occurred_on", "at", "audit", "action", "actor", "short_message")
    list_filter = ("action", "audit__year")
    list_select_related = ("audit__supplier", "actor")
    search_fields = ("message", "audit__supplier__name", "actor__username")
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("message"), ordering="message")
    def short_message(self, obj):
        return obj.message[:100]


@admin.register(FindingStatusChange)
class FindingStatusChangeAdmin(BaseModelAdmin):
    """The findings' status logs: written by the services; the admin corrects a wrong day as a
    fallback (a year's report counts findings by these days)."""

    list_display = ("on", "finding", "status", "by", "recorded_at")
    list_filter = ("status", "finding__audit__year")
    list_select_related = ("finding", "by")
    search_fields = ("finding__description", "finding__audit__supplier__name", "note")
    autocomplete_fields = ("finding", "by")
    date_hierarchy = "on"
