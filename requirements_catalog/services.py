"""Changes to the requirements catalogue: instruments, drafting a version, its clauses,
publishing, superseding. The catalogue is the secretariat's register: every service asks the
gate (``PermissionDenied`` otherwise), validates with ``full_clean``, saves atomically and
records the user in the history.

A published version is immutable: its metadata and clauses are neither added, changed nor
removed. A change is a new draft (one at a time per instrument, starting from the clauses of the
latest published version), which supersedes the published one when it is published in turn.

A version's year is the year it was published: at publication the year follows the date
(``on``, today by default, never in the future, never before the version it supersedes), and a
year stated with it that contradicts the date is refused on ``year``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import formats
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from core.dates import step_date
from core.permissions import Action, can, can_add
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.documents import check_document
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.selectors import latest_published_version

# The editable fields of each model: one declaration for the forms, the API and the services.
INSTRUMENT_FIELDS = (
    "code",
    "kind",
    "title",
    "category",
    "applies_to_all_prioritised",
    "products_areas",
    "description",
)
INSTRUMENT_RELATIONS = ("responsible_organisations", "related_instruments")
# A draft's metadata; its document is uploaded in the portal (the API takes JSON only).
VERSION_FIELDS = ("version", "year", "notes")
CLAUSE_FIELDS = ("code", "title", "text", "area", "level", "rationale", "verification")


# The gate -----------------------------------------------------------------------------------


def _require(user, obj, action: str = Action.CHANGE) -> None:
    if not can(user, obj, action):
        raise PermissionDenied(_("Only the secretariat curates the requirements catalogue."))


def _require_add(user, model) -> None:
    if not can_add(user, model):
        raise PermissionDenied(_("Only the secretariat curates the requirements catalogue."))


def version_change_refusal(version: InstrumentVersion) -> str | None:
    """Why the version cannot change, or None for a draft: a published one is immutable."""
    if version.status == VersionStatus.DRAFT:
        return None
    return _("%(version)s is %(status)s and cannot change; make a new version.") % {
        "version": version,
        "status": version.get_status_display().lower(),
    }


def _require_draft(version: InstrumentVersion) -> None:
    refusal = version_change_refusal(version)
    if refusal:
        raise ValidationError(refusal, code="version_immutable")


def _field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    """A refusal under ``field`` that keeps its code (the API answers 409 for "conflict")."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_fields(given: Iterable[str], allowed: Sequence[str], what: str) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {sorted(unknown)}")


def _refers_message(label: str, error: ProtectedError) -> str:
    """The refusal of a deletion, naming the kinds of rows that protect it ("audits")."""
    kinds = sorted(
        {str(obj._meta.verbose_name_plural) for obj in error.protected_objects}, key=str.lower
    )
    return _("%(object)s cannot be deleted: %(what)s refer to it.") % {
        "object": label,
        "what": get_text_list(kinds, _("and")),
    }


def _delete(obj, user) -> None:
    obj._history_user = user
    obj.delete()


# Instruments --------------------------------------------------------------------------------


def _save_instrument(
    instrument: Instrument, *, user, fields: dict, responsible_organisations, related_instruments
) -> Instrument:
    _check_fields(fields, INSTRUMENT_FIELDS, "instrument")
    for name, value in fields.items():
        setattr(instrument, name, value)
    if instrument.pk and any(other.pk == instrument.pk for other in related_instruments or ()):
        raise _field_error("related_instruments", _("An instrument is not related to itself."))
    instrument.full_clean()
    instrument._history_user = user
    instrument.save()
    if responsible_organisations is not None:
        instrument.responsible_organisations.set(responsible_organisations)
    if related_instruments is not None:
        instrument.related_instruments.set(related_instruments)
    return instrument


@transaction.atomic
def instrument_create(
    *,
    user,
    responsible_organisations: Iterable = (),
    related_instruments: Iterable = (),
    **fields,
) -> Instrument:
    """Add an instrument to the catalogue; its versions are drafted afterwards."""
    _require_add(user, Instrument)
    return _save_instrument(
        Instrument(),
        user=user,
        fields=fields,
        responsible_organisations=list(responsible_organisations),
        related_instruments=list(related_instruments),
    )


@transaction.atomic
def instrument_update(
    *,
    instrument: Instrument,
    user,
    responsible_organisations: Iterable | None = None,
    related_instruments: Iterable | None = None,
    **fields,
) -> Instrument:
    """Change an instrument; relations passed as None stay as they are.

    Its kind stays once a version is published: the report's table and the audits' templates
    are chosen by kind, and what was published as one kind stays that kind.
    """
    _require(user, instrument)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    kind = fields.get("kind", instrument.kind)
    if kind != instrument.kind and instrument.versions.exclude(status=VersionStatus.DRAFT).exists():
        raise _field_error(
            "kind",
            _(
                "The kind of an instrument with a published version cannot change; add a new "
                "instrument instead."
            ),
        )
    return _save_instrument(
        instrument,
        user=user,
        fields=fields,
        responsible_organisations=(
            None if responsible_organisations is None else list(responsible_organisations)
        ),
        related_instruments=None if related_instruments is None else list(related_instruments),
    )


def instrument_delete_refusal(instrument: Instrument) -> str | None:
    """Why the instrument cannot be deleted, or None: one with a published (or superseded)
    version stays, as the report and the audits of its years name it."""
    if instrument.versions.exclude(status=VersionStatus.DRAFT).exists():
        return _(
            "%(instrument)s has a published version and cannot be deleted; the catalogue keeps "
            "what was published."
        ) % {"instrument": instrument}
    return None


@transaction.atomic
def instrument_delete(*, instrument: Instrument, user) -> None:
    """Delete an instrument that was never published, with its draft and the draft's clauses."""
    _require(user, instrument, Action.DELETE)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    refusal = instrument_delete_refusal(instrument)
    if refusal:
        raise ValidationError(refusal, code="conflict")
    label = str(instrument)
    try:
        with transaction.atomic():
            for version in instrument.versions.all():
                _delete_version(version, user)
            _delete(instrument, user)
    except ProtectedError as error:
        raise ValidationError(_refers_message(label, error), code="conflict") from None


# Versions -----------------------------------------------------------------------------------


def _attach_document(version: InstrumentVersion, document) -> None:
    """``document``: an upload replaces the version's file, False removes it, None keeps it."""
    if document is None:
        return
    if document is False:
        version.document = ""
        return
    extension = check_document(document)
    document.seek(0)
    # A generated name: the upload's own name says nothing the version does not (and a version
    # named "2025/2" makes no folder).
    name = slugify(f"{version.instrument.code}-{version.version}") or "dokument"
    version.document.save(f"{name}.{extension}", document, save=False)


@transaction.atomic
def instrument_version_draft(
    *,
    instrument: Instrument,
    user,
    version: str,
    year: int,
    notes: str = "",
    document=None,
) -> InstrumentVersion:
    """A new draft version of an instrument, starting from the clauses of its latest published
    version. An instrument has one draft at a time."""
    _require(user, instrument)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    existing = instrument.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        # A state of the instrument, not bad input: the API answers 409 (code "conflict").
        raise _field_error(
            "instrument",
            _(
                "%(instrument)s already has a draft (version %(version)s); publish or delete "
                "it first."
            )
            % {"instrument": instrument, "version": existing.version},
            code="conflict",
        )
    latest = latest_published_version(instrument=instrument)
    draft = InstrumentVersion(
        instrument=instrument,
        version=(version or "").strip(),
        year=year,
        notes=notes or "",
        supersedes=latest,
    )
    draft.full_clean(exclude={"document"})
    _attach_document(draft, document)
    draft._history_user = user
    draft.save()
    if latest is not None:
        bulk_create_with_history(
            [
                Clause(
                    version=draft,
                    order=clause.order,
                    **{field: getattr(clause, field) for field in CLAUSE_FIELDS},
                )
                for clause in latest.clauses.order_by("order", "code", "pk")
            ],
            Clause,
            default_user=user,
        )
    return draft


def _locked_draft(version: InstrumentVersion, user, action: str = Action.CHANGE):
    _require(user, version, action)
    version = (
        InstrumentVersion.objects.select_for_update()
        .select_related("instrument")
        .get(pk=version.pk)
    )
    _require_draft(version)
    return version


@transaction.atomic
def instrument_version_update(
    *, draft: InstrumentVersion, user, document=None, **fields
) -> InstrumentVersion:
    """Change a draft's name (``version``), year, notes or document (None keeps it, False
    removes it)."""
    _check_fields(fields, VERSION_FIELDS, "version")
    version = _locked_draft(draft, user)
    if "version" in fields:
        fields["version"] = (fields["version"] or "").strip()
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean(exclude={"document"})
    _attach_document(version, document)
    version._history_user = user
    version.save()
    return version


def _delete_version(version: InstrumentVersion, user) -> None:
    for clause in version.clauses.all():
        _delete(clause, user)
    _delete(version, user)


@transaction.atomic
def instrument_version_delete(*, version: InstrumentVersion, user) -> None:
    """Delete a draft with its clauses; a published version stays."""
    version = _locked_draft(version, user, Action.DELETE)
    label = str(version)
    try:
        with transaction.atomic():
            _delete_version(version, user)
    except ProtectedError as error:
        raise ValidationError(_refers_message(label, error), code="conflict") from None


@transaction.atomic
def instrument_version_publish(
    *,
    version: InstrumentVersion,
    user,
    on: datetime.date | None = None,
    year: int | None = None,
) -> InstrumentVersion:
    """Publish a draft on ``on`` (today by default); the version it supersedes becomes
    superseded. The version's year becomes the year of ``on``; a ``year`` given with it must
    be that year."""
    _require(user, version)
    # The instrument's row first: two publications of one instrument wait for each other.
    Instrument.objects.select_for_update().filter(pk=version.instrument_id).first()
    version = _locked_draft(version, user)
    if (
        version.instrument.kind == InstrumentKind.ASSESSMENT_TEMPLATE
        and not version.clauses.exists()
    ):
        raise ValidationError(
            _("An assessment template needs its criteria before it is published."),
            code="template_without_criteria",
        )
    previous = latest_published_version(instrument=version.instrument, draft=version)
    not_before = None
    if previous is not None:
        not_before = previous.published_on or datetime.date(previous.year, 1, 1)
    day = step_date(
        on,
        field="on",
        not_before=not_before,
        not_before_what=_("the publication of the version it supersedes"),
    )
    if year is not None and year != day.year:
        raise _field_error(
            "year",
            _(
                "A version published on %(date)s is the version of %(published)s, not of "
                "%(year)s: leave the year empty, or give the date in %(year)s it was published."
            )
            % {
                "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                "published": day.year,
                "year": year,
            },
            code="year_contradicts_date",
        )
    version.year = day.year
    version.status = VersionStatus.PUBLISHED
    version.published_on = day
    version.published_by = user
    version.supersedes = previous
    version.full_clean(exclude={"document"})
    version._history_user = user
    version.save()
    if previous is not None and previous.status == VersionStatus.PUBLISHED:
        previous.status = VersionStatus.SUPERSEDED
        previous._history_user = user
        previous.save()
    return version


# Clauses ------------------------------------------------------------------------------------


def _locked_draft_of(clause: Clause, user, action: str = Action.CHANGE):
    _require(user, clause, action)
    return _locked_draft(InstrumentVersion(pk=clause.version_id), user)


def _strip(fields: dict) -> dict:
    return {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }


@transaction.atomic
def clause_create(
    *, version: InstrumentVersion, user, order: int | None = None, **fields
) -> Clause:
    """Add a clause to a draft, after its last clause unless ``order`` says where."""
    _check_fields(fields, CLAUSE_FIELDS, "clause")
    version = _locked_draft(version, user)
    if order is None:
        last = version.clauses.aggregate(last=Max("order"))["last"]
        order = 1 if last is None else last + 1
    clause = Clause(version=version, order=order, **_strip(fields))
    clause.full_clean()
    clause._history_user = user
    clause.save()
    return clause


@transaction.atomic
def clause_update(*, clause: Clause, user, **fields) -> Clause:
    """Change a clause of a draft."""
    _check_fields(fields, CLAUSE_FIELDS, "clause")
    _locked_draft_of(clause, user)
    clause = Clause.objects.select_related("version").get(pk=clause.pk)
    for name, value in _strip(fields).items():
        setattr(clause, name, value)
    clause.full_clean()
    clause._history_user = user
    clause.save()
    return clause


@transaction.atomic
def clause_delete(*, clause: Clause, user) -> None:
    """Remove a clause from a draft."""
    _locked_draft_of(clause, user, Action.DELETE)
    clause = Clause.objects.get(pk=clause.pk)
    label = str(clause)
    try:
        with transaction.atomic():
            _delete(clause, user)
    except ProtectedError as error:
        raise ValidationError(_refers_message(label, error), code="conflict") from None


def _ordered(version: InstrumentVersion) -> list[Clause]:
    return list(version.clauses.order_by("order", "code", "pk"))


def _renumber(clauses: list[Clause], user) -> None:
    for position, clause in enumerate(clauses, start=1):
        if clause.order != position:
            clause.order = position
            clause._history_user = user
            clause.save(update_fields=["order", "modified"])


@transaction.atomic
def clause_reorder(*, version: InstrumentVersion, user, clauses: Sequence) -> list[Clause]:
    """Put a draft's clauses in the given order (every clause of the draft, each once, by
    clause or id); they are numbered 1, 2, 3 … in their ``order``."""
    version = _locked_draft(version, user)
    current = {clause.pk: clause for clause in _ordered(version)}
    wanted = [getattr(item, "pk", item) for item in clauses]
    if len(wanted) != len(set(wanted)) or set(wanted) != set(current):
        raise _field_error(
            "clauses",
            ngettext(
                "Give the version's %(count)d clause, in the new order.",
                "Give every one of the version's %(count)d clauses once, in the new order.",
                len(current),
            )
            % {"count": len(current)},
        )
    ordered = [current[pk] for pk in wanted]
    _renumber(ordered, user)
    return ordered


@transaction.atomic
def clause_move(*, clause: Clause, user, offset: int) -> Clause:
    """Move a clause of a draft up (-1) or down (+1) among its clauses."""
    version = _locked_draft_of(clause, user)
    ordered = _ordered(version)
    index = next(i for i, other in enumerate(ordered) if other.pk == clause.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    _renumber(ordered, user)
    return ordered[target]


@transaction.atomic
def clause_save(*, version: InstrumentVersion, user, code: str, text: str, **fields) -> Clause:
    """Add a clause to a draft, or change the draft's clause with that code (the import)."""
    _check_fields(fields, (*CLAUSE_FIELDS, "order"), "clause")
    version = _locked_draft(version, user)
    clause = version.clauses.filter(code=code).first() or Clause(version=version, code=code)
    clause.text = text
    for name, value in fields.items():
        setattr(clause, name, value)
    clause.full_clean()
    clause._history_user = user
    clause.save()
    return clause
