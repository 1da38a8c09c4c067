"""A record's history as its page shows it: who changed what, when, old → new.

``history_rows(obj, user)`` reads the last records of ``obj``'s django-simple-history once (with
their users), the many-to-many snapshots of those records once per many-to-many field, and the
related rows the changes name once per related model, through the gate. It diffs each record
against the one before it in Python (simple-history's ``diff_against``), so the number of queries
does not grow with the number of records.

What a user reads is what the page would show them: the fields' verbose names, the choices'
labels, the related rows' names, dates as the language writes them, Ja/Nej. Bookkeeping fields
(the id, ``created``, ``modified``, the synthetic mark, anything not editable) are left out, and a
model names its other internal fields in ``history_hidden_fields``. A related row the user may
not see (a confidential incident) reads as empty, as the API gives it: a change the user could
only learn of through such a row is not shown at all.
"""

from __future__ import annotations

import datetime
import decimal
import json
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from core.countries import country_names
from core.permissions import Action
from core.validators import validate_country_list

# How many records a page shows.
HISTORY_LIMIT = 20
# A value longer than this is shown shortened, the whole of it one click away.
SHORT_LENGTH = 80
# Columns every model has that say nothing about the record itself.
BOOKKEEPING_FIELDS = frozenset({"id", "created", "modified", "is_synthetic"})
EMPTY = "–"


def history_kind_label(history_type: str) -> str:
    return {
        "+": _("Created"),
        "~": _("Changed"),
        "-": _("Deleted"),
    }.get(history_type, history_type)


@dataclass(frozen=True)
class ShownValue:
    """A value as the page shows it: whole, and shortened where it is long."""

    text: str

    @property
    def short(self) -> str:
        return Truncator(" ".join(self.text.split())).chars(SHORT_LENGTH, truncate="…")

    @property
    def is_long(self) -> bool:
        return self.short != self.text


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: ShownValue
    new: ShownValue


@dataclass
class HistoryRow:
    when: datetime.datetime
    user: object
    kind: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return history_kind_label(self.kind)


def _shown_fields(model) -> list[models.Field]:
    """The model's own columns a user may read in its history, in the model's order."""
    hidden = BOOKKEEPING_FIELDS | set(getattr(model, "history_hidden_fields", ()))
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in hidden
    ]


def _m2m_fields(history_model, model) -> list[models.ManyToManyField]:
    hidden = set(getattr(model, "history_hidden_fields", ()))
    return [f for f in getattr(history_model, "_history_m2m_fields", []) if f.name not in hidden]


def _gated(model, user):
    """The rows of ``model`` the user may see (all of them for a model without the gate)."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user, Action.VIEW)
    return queryset


def _m2m_snapshots(records, m2m_fields) -> dict[str, dict[int, frozenset]]:
    """{field name: {history id: the related ids at that record}}, one query per field."""
    snapshots = {}
    ids = [record.history_id for record in records]
    for m2m in m2m_fields:
        target = get_m2m_reverse_field_name(m2m)
        by_record = {history_id: set() for history_id in ids}
        rows = HistoricalRecords.m2m_models[m2m].objects.filter(history_id__in=ids)
        for history_id, related_id in rows.values_list("history_id", f"{target}_id"):
            by_record[history_id].add(related_id)
        snapshots[m2m.name] = {key: frozenset(value) for key, value in by_record.items()}
    return snapshots


def _plain(field_obj, value) -> str:
    """A value of a column that is not a relation, as the page writes it."""
    if value is None or value == "":
        return EMPTY
    if field_obj.flatchoices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, decimal.Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(field_obj, models.JSONField):
        if validate_country_list in field_obj.validators:
            return ", ".join(country_names(value)) or EMPTY
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or EMPTY
        return json.dumps(value, ensure_ascii=False)
    if isinstance(field_obj, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


def history_rows(obj, user, limit: int = HISTORY_LIMIT) -> list[HistoryRow]:
    """The last ``limit`` records of ``obj``'s history, newest first, each with what changed
    since the record before it (as far as ``user`` may see). Records of a change that shows
    nothing the user may read are left out."""
    history = getattr(obj, "history", None)
    if history is None:
        return []
    model = type(obj)
    # One record more than shown: the one the oldest shown record is compared with.
    records = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    if not records:
        return []
    fields = {f.name: f for f in _shown_fields(model)}
    m2m_fields = _m2m_fields(history.model, model)
    snapshots = _m2m_snapshots(records, m2m_fields)
    excluded = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in fields and not f.primary_key and f.editable
    ] + [f.name for f in getattr(history.model, "_history_m2m_fields", [])]

    # The raw changes first (no queries), then the names of the related rows they mention.
    raw = []  # (record, compared with a record before it, [(field, old, new)])
    wanted: dict[type, set] = {}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, excluded_fields=excluded)
            by_name = {change.field: change for change in delta.changes}
            for name, field_obj in fields.items():
                change = by_name.get(name)
                if change is None:
                    continue
                changes.append((field_obj, change.old, change.new))
                if field_obj.is_relation:
                    wanted.setdefault(field_obj.related_model, set()).update(
                        value for value in (change.old, change.new) if value is not None
                    )
            for m2m in m2m_fields:
                old = snapshots[m2m.name][previous.history_id]
                new = snapshots[m2m.name][record.history_id]
                if old != new:
                    changes.append((m2m, old, new))
                    wanted.setdefault(m2m.related_model, set()).update(old | new)
        raw.append((record, previous is not None, changes))

    names = {
        related: {pk: str(row) for pk, row in _gated(related, user).in_bulk(list(ids)).items()}
        for related, ids in wanted.items()
        if ids
    }

    def shown(field_obj, value) -> str:
        if field_obj.many_to_many:
            known = names.get(field_obj.related_model, {})
            return ", ".join(sorted(known[pk] for pk in value if pk in known)) or EMPTY
        if field_obj.is_relation:
            if value is None:
                return EMPTY
            return names.get(field_obj.related_model, {}).get(value, EMPTY)
        return _plain(field_obj, value)

    rows = []
    for record, compared, changes in raw:
        row = HistoryRow(
            when=record.history_date, user=record.history_user, kind=record.history_type
        )
        for field_obj, old, new in changes:
            old_text, new_text = shown(field_obj, old), shown(field_obj, new)
            if old_text != new_text:
                row.changes.append(
                    FieldChange(
                        label=str(field_obj.verbose_name)[:1].upper()
                        + str(field_obj.verbose_name)[1:],
                        old=ShownValue(old_text),
                        new=ShownValue(new_text),
                    )
                )
        if record.history_type == "~" and compared and not row.changes:
            continue
        rows.append(row)
    return rows
