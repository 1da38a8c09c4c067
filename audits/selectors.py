"""Query-shaped reads of audits and findings: the list pages, the start page, the public page.

Every read goes through the permission gate; each selector issues a fixed number of queries,
whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from audits.choices import (
    CARRIED_OUT_STATUSES,
    FINDING_SETTLED_STATUSES,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
)
from audits.models import Audit, AuditEvent, AuditResult, Evidence, Finding, FindingStatusChange
from core.admin import count_of
from core.dates import year_end
from core.permissions import Action, get_scope
from incidents.models import Incident
from organisations.models import Organisation
from riskanalysis.models import CategoryPriority
from suppliers.models import FrameworkAgreement, Supplier

# Reasonable bounds for the start page's panels.
HOME_LIMIT = 20


def audit_list(user):
    """Audits for the list page, shaped for the table (supplier, lead, co-leads, category)."""
    return (
        Audit.objects.for_user(user, Action.VIEW)
        .select_related("supplier", "lead_organisation", "category", "category__parent")
        .prefetch_related(
            Prefetch("co_lead_organisations", queryset=Organisation.objects.order_by("code"))
        )
    )


def finding_list(user):
    """Findings for the list page with their audit's supplier and lead organisation."""
    return Finding.objects.for_user(user, Action.VIEW).select_related(
        "audit", "audit__supplier", "audit__lead_organisation", "clause"
    )


def public_summaries(user):
    """Approved public summaries: only the public fields are read."""
    # Public data for everybody alike: the same page whoever looks at it.
    return (
        Audit.objects.public()
        .select_related("supplier")
        .only(
            "id",
            "year",
            "kind",
            "public_summary",
            "public_summary_approved_at",
            "supplier__id",
            "supplier__name",
        )
        .order_by("-public_summary_approved_at", "-year", "pk")
    )


def my_audits_condition(scope) -> Q:
    """Audits led or co-led by one of my organisations, or assigned to me."""
    return (
        Q(lead_organisation__in=scope.organisation_ids)
        | Q(
            pk__in=Audit.objects.filter(co_lead_organisations__in=scope.organisation_ids).values(
                "pk"
            )
        )
        | Q(auditor_id=scope.user_id)
    )


def _my_findings(user):
    scope = get_scope(user)
    findings = Finding.objects.for_user(user, Action.VIEW).exclude(
        status__in=FINDING_SETTLED_STATUSES
    )
    if not scope.is_secretariat:
        # The secretariat follows every finding; everybody else those of their organisations.
        findings = findings.filter(
            audit__in=Audit.objects.filter(my_audits_condition(scope)).values("pk")
        )
    return findings.select_related("audit", "audit__supplier", "audit__lead_organisation")


def open_findings_of_my_organisations(user, *, limit=HOME_LIMIT):
    """Findings neither verified closed nor escalated, by deadline (none last)."""
    from django.db.models import F

    return list(_my_findings(user).order_by(F("deadline").asc(nulls_last=True), "pk")[:limit])


def overdue_corrective_actions(user, *, today: datetime.date, limit=HOME_LIMIT):
    """Findings whose deadline has passed and that are not settled."""
    return list(_my_findings(user).filter(deadline__lt=today).order_by("deadline", "pk")[:limit])


# ---- as a day stood: a year's figures as at its end -------------------------------------------


def carried_out_by(queryset, day: datetime.date):
    """The audits of ``queryset`` that had been carried out by ``day``, from the recorded dates:
    conducted, reported or closed (a cancelled audit never was; only a plan is cancelled), and
    started by then where the start is known (an audit recorded without dates counts by its
    year, as the 2024 audits of the report do)."""
    return queryset.filter(status__in=CARRIED_OUT_STATUSES).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=day)
    )


def findings_as_of(queryset, day: datetime.date):
    """The findings of ``queryset`` raised by ``day``, each annotated ``status_as_of``: its
    status on that day, read from its dated status log, so that what happened later (a finding
    closed next year) leaves the day's figures as they were.

    A finding recorded without a log (before it existed, or by a bulk load) is read from its
    own dated fields: verified closed from its closing day, an action plan from the day it was
    received, escalated as it is (that step has no day of its own).
    """
    logged = (
        FindingStatusChange.objects.filter(finding=OuterRef("pk"), on__lte=day)
        .order_by("-on", "-recorded_at", "-pk")
        .values("status")[:1]
    )
    from_fields = Case(
        When(
            status=FindingStatus.VERIFIED_CLOSED,
            closed_on__lte=day,
            then=Value(FindingStatus.VERIFIED_CLOSED),
        ),
        When(
            status__in=[FindingStatus.VERIFIED_CLOSED, FindingStatus.ACTION_PLAN_RECEIVED],
            action_plan_received_on__lte=day,
            then=Value(FindingStatus.ACTION_PLAN_RECEIVED),
        ),
        When(status=FindingStatus.ESCALATED, then=Value(FindingStatus.ESCALATED)),
        default=Value(FindingStatus.OPEN),
        output_field=CharField(),
    )
    return queryset.filter(raised_on__lte=day).annotate(
        status_as_of=Coalesce(Subquery(logged, output_field=CharField()), from_fields)
    )


def year_findings_as_at_end(year: int, audits=None):
    """The findings of ``year``'s carried-out audits raised by 31 December, with their status
    on that day (``status_as_of``): what a report of the year counts."""
    day = year_end(year)
    audits = carried_out_by(
        (audits if audits is not None else Audit.objects.all()).filter(year=year), day
    )
    return findings_as_of(Finding.objects.filter(audit__in=audits.values("pk")), day)


def open_non_compliance_count(findings) -> int:
    """Non-compliances of ``findings_as_of`` rows that were neither verified closed nor
    escalated on the day."""
    return (
        findings.filter(kind=FindingKind.NON_COMPLIANCE)
        .exclude(status_as_of__in=FINDING_SETTLED_STATUSES)
        .count()
    )


@dataclass
class KindCount:
    kind: str
    label: str
    this_year: int = 0
    last_year: int = 0
    planned: int = 0


def audit_counts_by_kind(user, *, year: int, today: datetime.date | None = None) -> list[KindCount]:
    """Per kind: this year's audits carried out so far, last year's carried out as they stood at
    its end (a plan not carried out does not count, nor one cancelled), and this year's still
    planned."""
    today = today or year_end(year)
    visible = Audit.objects.for_user(user, Action.VIEW)
    counts = {kind: KindCount(kind=kind, label=label) for kind, label in AuditKind.choices}
    for attribute, rows in (
        ("this_year", carried_out_by(visible.filter(year=year), today)),
        ("last_year", carried_out_by(visible.filter(year=year - 1), year_end(year - 1))),
        ("planned", visible.filter(year=year, status=AuditStatus.PLANNED)),
    ):
        for row in rows.values("kind").annotate(n=Count("pk")).order_by():
            entry = counts.get(row["kind"])
            if entry is not None:
                setattr(entry, attribute, row["n"])
    return list(counts.values())


@dataclass
class UnauditedCategory:
    category: object
    priority: object
    suppliers: list = field(default_factory=list)
    linked: int = 0


def prioritised_categories_without_recent_audits(
    user, *, year: int, audits=None, agreements=None
) -> list[UnauditedCategory]:
    """Categories prioritised this year with their suppliers that have no audit in the last
    three years (this year and the two before). A supplier belongs to a category through an
    audit or a framework agreement of that category (of ``audits`` and ``agreements`` when
    given: my organisations' own; any audit the user sees counts as one). Categories all of
    whose suppliers were audited are left out."""
    priorities = list(
        CategoryPriority.objects.for_user(user, Action.VIEW)
        .filter(start_year__lte=year, end_year__gte=year)
        .select_related("category", "category__parent", "category__parent__parent")
        .order_by("category__name", "pk")
    )
    if not priorities:
        return []
    category_ids = {p.category_id for p in priorities}
    links: dict[int, set[int]] = defaultdict(set)
    visible_audits = Audit.objects.for_user(user, Action.VIEW)
    audit_links = (
        (audits if audits is not None else visible_audits)
        .filter(category_id__in=category_ids)
        .values_list("category_id", "supplier_id")
        .distinct()
    )
    agreement_links = (
        (
            agreements
            if agreements is not None
            else FrameworkAgreement.objects.for_user(user, Action.VIEW)
        )
        .filter(category_id__in=category_ids)
        .values_list("category_id", "supplier_id")
        .distinct()
    )
    for category_id, supplier_id in [*audit_links, *agreement_links]:
        links[category_id].add(supplier_id)
    supplier_ids = set().union(*links.values()) if links else set()
    audited = set(
        visible_audits.filter(supplier_id__in=supplier_ids, year__gte=year - 2, year__lte=year)
        .exclude(status=AuditStatus.CANCELLED)
        .values_list("supplier_id", flat=True)
    )
    unaudited_ids = supplier_ids - audited
    suppliers = {
        s.pk: s
        for s in Supplier.objects.for_user(user, Action.VIEW)
        .filter(pk__in=unaudited_ids)
        .only("id", "name")
    }
    result, seen = [], set()
    for priority in priorities:
        if priority.category_id in seen:
            continue
        seen.add(priority.category_id)
        linked = links.get(priority.category_id, set())
        missing = sorted(
            (suppliers[pk] for pk in linked if pk in suppliers), key=lambda s: s.name.lower()
        )
        if missing:
            result.append(
                UnauditedCategory(
                    category=priority.category,
                    priority=priority,
                    suppliers=missing,
                    linked=len(linked),
                )
            )
    return result


def assigned_audits(user, *, limit=HOME_LIMIT):
    """Audits assigned to me as auditor that are not closed or cancelled."""
    return list(
        Audit.objects.for_user(user, Action.VIEW)
        .filter(auditor_id=user.pk)
        .exclude(status__in=[AuditStatus.CLOSED, AuditStatus.CANCELLED])
        .select_related("supplier", "lead_organisation")
        .order_by("planned_date", "pk")[:limit]
    )


# ---- the audit's detail page ----------------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: object
    result: object = None


def audit_incident(user, audit: Audit) -> Incident | None:
    """The incident case the audit was made for, if the user may see it: a confidential case
    outside the user's organisations is not named (as in the API)."""
    if audit.incident_id is None:
        return None
    return Incident.objects.for_user(user, Action.VIEW).filter(pk=audit.incident_id).first()


def results_progress(audit: Audit) -> tuple[int, int]:
    """(criteria with a result, criteria of the audit's template version)."""
    if audit.template_version_id is None:
        return 0, 0
    total = audit.template_version.clauses.count()
    filled = audit.results.filter(criterion__version_id=audit.template_version_id).count()
    return filled, total


def audit_detail(user, audit: Audit) -> dict:
    """Results per criterion, findings, evidence and timeline, each through the gate."""
    results = {
        r.criterion_id: r
        for r in AuditResult.objects.for_user(user, Action.VIEW).filter(audit=audit)
    }
    criteria = (
        list(audit.template_version.clauses.order_by("order", "code"))
        if audit.template_version_id
        else []
    )
    rows = [CriterionRow(criterion=c, result=results.pop(c.pk, None)) for c in criteria]
    filled = sum(1 for row in rows if row.result is not None)
    # Results against criteria of another version (imported data) are still shown.
    rows += [CriterionRow(criterion=r.criterion, result=r) for r in results.values()]
    findings = list(
        Finding.objects.for_user(user, Action.VIEW)
        .filter(audit=audit)
        .select_related("clause", "verified_by_audit")
        .order_by("pk")
    )
    evidence = list(
        Evidence.objects.for_user(user, Action.VIEW)
        .filter(audit=audit)
        .select_related("uploaded_by", "finding", "result__criterion")
    )
    timeline = list(
        AuditEvent.objects.for_user(user, Action.VIEW)
        .filter(audit=audit)
        .select_related("actor")
        .order_by("-occurred_on", "-at", "-pk")
    )
    return {
        "criterion_rows": rows,
        "results_filled": filled,
        "results_total": len(criteria),
        "findings": findings,
        "evidence_list": evidence,
        "timeline": timeline,
        "co_leads": list(audit.co_lead_organisations.order_by("code")),
        "follow_ups": list(audit.follow_ups.for_user(user, Action.VIEW).select_related("supplier")),
    }


@dataclass(frozen=True)
class Steps:
    """Which workflow steps the user may take on an audit now (the buttons on its page)."""

    conduct: bool = False
    results: bool = False
    add_finding: bool = False
    report: bool = False
    approve: bool = False
    close: bool = False
    cancel: bool = False
    follow_up: bool = False
    evidence: bool = False


def audit_steps(user, audit: Audit, *, can_change: bool) -> Steps:
    status = audit.status
    is_open = status not in (AuditStatus.CLOSED, AuditStatus.CANCELLED)
    plans = Audit.objects.planned_by(user).filter(pk=audit.pk).exists()
    return Steps(
        conduct=can_change and status == AuditStatus.PLANNED,
        results=can_change
        and audit.template_version_id is not None
        and status in (AuditStatus.PLANNED, AuditStatus.CONDUCTED),
        add_finding=can_change and status in (AuditStatus.CONDUCTED, AuditStatus.REPORTED),
        report=can_change and status in (AuditStatus.CONDUCTED, AuditStatus.REPORTED),
        approve=get_scope(user).is_secretariat
        and status in (AuditStatus.REPORTED, AuditStatus.CLOSED)
        and bool(audit.public_summary.strip())
        and audit.public_summary_approved_at is None,
        close=plans and status == AuditStatus.REPORTED,
        cancel=plans and status == AuditStatus.PLANNED,
        follow_up=can_change
        and status in (AuditStatus.CONDUCTED, AuditStatus.REPORTED)
        and audit.kind == AuditKind.FOLLOW_UP
        and audit.follows_up_id is not None,
        evidence=can_change and is_open,
    )


def supplier_open_findings(*, supplier, user):
    """Findings of the supplier's audits that are not settled (verified closed or escalated), as
    the supplier page shows them (suppliers.providers)."""
    return (
        Finding.objects.for_user(user, Action.VIEW)
        .filter(audit__supplier=supplier)
        .exclude(status__in=FINDING_SETTLED_STATUSES)
        .select_related("audit")
        .order_by("deadline", "pk")
    )


def supplier_audit_count():
    """Each supplier's number of audits, as a correlated subquery (suppliers.providers)."""
    return count_of(Audit, "supplier")


def open_findings_to_review(user, follow_up: Audit):
    """The open findings of the audit a follow-up audit follows up."""
    if follow_up.follows_up_id is None:
        return []
    return list(
        Finding.objects.for_user(user, Action.CHANGE)
        .filter(audit_id=follow_up.follows_up_id)
        .exclude(status__in=FINDING_SETTLED_STATUSES)
        .select_related("clause")
        .order_by("pk")
    )
