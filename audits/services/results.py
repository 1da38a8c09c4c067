"""The results of an audit: one outcome per criterion of its assessment template version.

The portal saves them as a draft, a criterion at a time (what was filled in; the rest stays
empty until it is); the API and the import give every criterion at once. Either way the audit
is locked, the rows are written in one transaction, and the timeline says which criteria were
saved and how many of the template's are filled in. Results change neither the audit's status
nor its dates, and no later step waits for them (README, the audit cycle).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.choices import AuditStatus, ResultOutcome, TimelineAction
from audits.models import Audit, AuditResult
from audits.services._common import event, lock_audits, require_change, state_error
from core.dates import step_date
from core.versions import STALE_CODE, version_of


@transaction.atomic
def audit_results_record(
    *,
    user,
    audit: Audit,
    results: Mapping,
    on=None,
    complete: bool = True,
    opened: Mapping | None = None,
) -> Audit:
    """Record results ``{criterion_id: (outcome, comment)}`` on ``on`` (today unless given;
    not before the audit's start), while the audit is planned or conducted.

    ``complete``: every criterion of the template needs an outcome (the API, the import). A
    draft (``complete=False``, the portal) saves the criteria given an outcome and leaves the
    others as they are; a comment without an outcome, or an outcome emptied, is refused.
    A result that does not change is not written again.

    ``opened``: the version (core/versions.py) of each criterion's result when the form was
    opened ("" for none yet). A result changed since then by someone else is not overwritten:
    the step is refused (code ``stale_version``) naming the criterion and its value now.
    """
    lock_audits(audit)
    require_change(user, audit)
    if audit.status not in (AuditStatus.PLANNED, AuditStatus.CONDUCTED):
        raise state_error(
            _(
                "Results are recorded while the audit is planned or conducted, "
                "not when it is %(status)s."
            )
            % {"status": audit.get_status_display().lower()}
        )
    if audit.template_version_id is None:
        raise ValidationError(
            {"template_version": _("Choose the assessment template version first.")}
        )
    day = step_date(
        on, field="on", not_before=audit.start_date, not_before_what=_("the audit's start")
    )
    criteria = {c.pk: c for c in audit.template_version.clauses.order_by("order", "code")}
    given = {int(pk): (outcome or "", comment or "") for pk, (outcome, comment) in results.items()}
    foreign = sorted(set(given) - set(criteria))
    if foreign:
        raise ValidationError(
            _("These criteria are not part of the audit's template version: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in foreign)}
        )
    if complete:
        missing = [c for pk, c in criteria.items() if not given.get(pk, ("", ""))[0]]
        if missing:
            raise ValidationError(
                _("Every criterion needs an outcome; missing: %(criteria)s.")
                % {"criteria": ", ".join(str(c) for c in missing)}
            )
    existing = {r.criterion_id: r for r in audit.results.select_related("criterion")}
    empty = [pk for pk, (outcome, _c) in given.items() if not outcome]
    bad = [criteria[pk] for pk, (o, _c) in given.items() if o and o not in ResultOutcome]
    if bad:
        raise ValidationError(
            _("Unknown outcome for: %(criteria)s.") % {"criteria": ", ".join(map(str, bad))}
        )
    emptied = [criteria[pk] for pk in empty if pk in existing]
    if emptied:
        raise ValidationError(
            _("A recorded result keeps an outcome; choose one for: %(criteria)s.")
            % {"criteria": ", ".join(map(str, emptied))}
        )
    commented = [criteria[pk] for pk in empty if given[pk][1].strip()]
    if commented:
        raise ValidationError(
            _("Choose an outcome to save the comment of: %(criteria)s.")
            % {"criteria": ", ".join(map(str, commented))}
        )
    changed = {
        pk: value
        for pk, value in given.items()
        if value[0]
        and (pk not in existing or (existing[pk].outcome, existing[pk].comment) != value)
    }
    if opened is not None:
        check_opened_versions(criteria, existing, changed, opened)
    if not changed:
        if complete:
            return audit  # every result as it was: nothing to write, no timeline entry
        raise ValidationError(_("Nothing to save: no outcome was chosen or changed."))
    for pk, (outcome, comment) in changed.items():
        result = existing.get(pk) or AuditResult(audit=audit, criterion=criteria[pk])
        result.outcome, result.comment = outcome, comment
        result.save()
        existing[pk] = result
    filled = sum(1 for pk in criteria if pk in existing)
    event(
        audit,
        user,
        TimelineAction.RESULTS_RECORDED,
        _("Saved: %(criteria)s; %(filled)d of %(total)d criteria filled in.")
        % {
            "criteria": ", ".join(criteria[pk].code or str(criteria[pk]) for pk in changed),
            "filled": filled,
            "total": len(criteria),
        },
        on=day,
    )
    return audit


def check_opened_versions(criteria, existing, changed, opened: Mapping) -> None:
    """Refuse to overwrite a result that changed since the form was opened."""
    stale = []
    for pk in changed:
        if pk not in opened:
            continue
        result = existing.get(pk)
        if (version_of(result) if result is not None else "") != (opened[pk] or ""):
            stale.append(
                _("%(criterion)s (now: %(outcome)s)")
                % {
                    "criterion": criteria[pk],
                    "outcome": result.get_outcome_display() if result else _("empty"),
                }
            )
    if stale:
        raise ValidationError(
            _(
                "Saved by someone else since you opened the page: %(criteria)s. Nothing was "
                "saved; save again to replace their results with yours."
            )
            % {"criteria": "; ".join(stale)},
            code=STALE_CODE,
        )
