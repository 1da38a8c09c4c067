"""Changes to instruments: drafting a version, adding clauses, publishing, superseding.

A published version is immutable: its clauses are neither added, changed nor removed. A change
is a new version, which supersedes the published one when it is published in turn.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requirements_catalog.choices import VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion


def _require_draft(version: InstrumentVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("%(version)s is %(status)s and cannot change; make a new version.")
            % {"version": version, "status": version.get_status_display().lower()},
            code="version_immutable",
        )


@transaction.atomic
def instrument_version_draft(
    *, instrument: Instrument, version: str, year: int, user
) -> InstrumentVersion:
    """A new draft version of an instrument, starting from the clauses of its latest version."""
    latest = (
        instrument.versions.exclude(status=VersionStatus.DRAFT).order_by("-year", "-pk").first()
    )
    draft = InstrumentVersion(instrument=instrument, version=version, year=year, supersedes=latest)
    draft.full_clean()
    draft._history_user = user
    draft.save()
    if latest is not None:
        Clause.objects.bulk_create(
            Clause(
                version=draft,
                code=clause.code,
                title=clause.title,
                text=clause.text,
                area=clause.area,
                level=clause.level,
                rationale=clause.rationale,
                verification=clause.verification,
                order=clause.order,
            )
            for clause in latest.clauses.all()
        )
    return draft


@transaction.atomic
def clause_save(*, version: InstrumentVersion, user, code: str, text: str, **fields) -> Clause:
    """Add a clause to a draft, or change the draft's clause with that code."""
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    clause = version.clauses.filter(code=code).first() or Clause(version=version, code=code)
    clause.text = text
    for name, value in fields.items():
        setattr(clause, name, value)
    clause.full_clean()
    clause._history_user = user
    clause.save()
    return clause


@transaction.atomic
def instrument_version_publish(*, version: InstrumentVersion, user) -> InstrumentVersion:
    """Publish a draft; the version it supersedes becomes superseded."""
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if not version.clauses.exists() and version.instrument.kind == "assessment_template":
        raise ValidationError(
            _("An assessment template needs its criteria before it is published."),
            code="template_without_criteria",
        )
    version.status = VersionStatus.PUBLISHED
    version.published_on = timezone.localdate()
    version.published_by = user
    version._history_user = user
    version.save()
    if version.supersedes_id:
        previous = version.supersedes
        previous.status = VersionStatus.SUPERSEDED
        previous._history_user = user
        previous.save()
    return version
