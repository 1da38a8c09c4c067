"""Optimistic versions of a record: an edit names the version it was made against and is refused
when the record changed since.

The version is the row's ``modified`` timestamp in microseconds (every model of the portal has
it, and every save moves it): the API sends it as the ``ETag`` of a record and takes it back as
``If-Match``; the portal's edit forms carry it in a hidden ``record_version`` field. It is compared
under the row's lock (select_for_update), so two edits against the same version cannot both
pass. An edit that names no version is not refused: it waits for the lock, reads the record
afresh and writes only the fields it sends.

A stale version is a ValidationError with the code ``stale_version`` (the API answers 409); its
message says who changed which fields when, read from the record's history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
STALE_CODE = "stale_version"
# Bookkeeping columns a change of the record always moves: not named as "what changed".
_NOT_NAMED = {"modified", "created"}


def version_of(obj) -> str:
    """The record's version: its ``modified`` time in whole microseconds since 1970 ("" for a
    record not saved yet, or one without ``modified``)."""
    modified = getattr(obj, "modified", None) if obj.pk is not None else None
    if modified is None:
        return ""
    return str((modified - EPOCH) // datetime.timedelta(microseconds=1))


def etag_of(obj) -> str:
    return f'"{version_of(obj)}"'


def _moment(version: str) -> datetime.datetime | None:
    try:
        return EPOCH + datetime.timedelta(microseconds=int(version))
    except (TypeError, ValueError, OverflowError):
        return None


def if_match_versions(header: str | None) -> list[str] | None:
    """The versions an ``If-Match`` header names (``*``: any), None when there is no header."""
    if header is None or not header.strip():
        return None
    versions = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        versions.append(part.strip('"'))
    return versions


def _who(record) -> str:
    user = getattr(record, "history_user", None)
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def changes_since(obj, version: str) -> list[str]:
    """What the record's history holds after ``version``: one line per change (who, when, which
    fields), oldest first."""
    history = getattr(obj, "history", None)
    moment = _moment(version)
    if history is None or moment is None:
        return []
    records = list(history.filter(modified__gt=moment).order_by("history_date", "history_id"))
    if not records:
        return []
    previous = history.filter(modified__lte=moment).order_by("-history_date", "-history_id")
    before = previous.first()
    fields = {field.name: field for field in obj._meta.fields}
    lines = []
    for record in records:
        names = []
        if before is not None:
            for change in record.diff_against(before).changes:
                if change.field in _NOT_NAMED:
                    continue
                field = fields.get(change.field)
                names.append(str(field.verbose_name) if field is not None else change.field)
        when = formats.date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")
        if names:
            lines.append(
                _("%(who)s changed %(fields)s on %(when)s")
                % {"who": _who(record), "fields": ", ".join(names), "when": when}
            )
        else:
            lines.append(_("%(who)s changed it on %(when)s") % {"who": _who(record), "when": when})
        before = record
    return lines


def stale_error(obj, version: str) -> ValidationError:
    lines = changes_since(obj, version)
    message = _(
        "%(object)s was changed after you opened it; nothing was saved. Open it again and redo "
        "your change."
    ) % {"object": obj}
    if lines:
        since = _("Since then:")
        message = f"{message} {since} {'; '.join(lines)}."
    return ValidationError(message, code=STALE_CODE)


def check_version(obj, versions) -> None:
    """Refuse the edit when it names versions and none is the record's (read under its lock).
    ``versions``: a version, a list of them (``*`` matches any), or None/"" (no check)."""
    if versions in (None, "", []) or getattr(obj, "modified", None) is None:
        return
    if isinstance(versions, str):
        versions = [versions]
    current = version_of(obj)
    if "*" in versions or current in versions:
        return
    raise stale_error(obj, versions[0])
