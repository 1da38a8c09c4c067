"""Uploaded files, read without trusting them, and the files the portal hands back.

A ZIP archive (DOCX, XLSX, ODT, …) is measured before anything is unpacked: the number of
entries, the sum of their declared unpacked sizes and each entry's compression ratio. A small
upload can unpack to gigabytes, so nothing reads a whole entry into memory: ``SafeZip.read``
reads in chunks, at most the bytes asked for, and stops when the archive as a whole has given
more than its limit (declared sizes can lie). Each refusal is an ``ArchiveRefused`` whose message
is for the person who uploaded the file.

A stored file handed back whose file is gone from the disk (a lost volume, a restore without the
media) is a 404 with a message that says so, and an error in the log with the path; never a 500.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024
# Small entries are not held to the ratio: a few kB of repeated XML may compress very well.
RATIO_FREE_BYTES = 1024 * 1024
# The central directory holds one record of at least 46 bytes per entry; one much larger than
# the entries allowed would need is refused before Python builds an object for each record.
CENTRAL_DIRECTORY_BYTES_PER_ENTRY = 300


class ArchiveRefused(Exception):
    """The archive is not unpacked; the message says why, for the uploader."""


def megabytes(size: int) -> str:
    """'2,6 kB', '10,5 MB': as Swedish users write it (comma as the decimal sign)."""
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB".replace(".", ",")
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int
    max_unpacked: int
    max_ratio: int

    @classmethod
    def from_settings(cls, **overrides) -> ZipLimits:
        values = {
            "max_entries": settings.HALLBAR_ZIP_MAX_ENTRIES,
            "max_unpacked": settings.HALLBAR_ZIP_MAX_UNPACKED,
            "max_ratio": settings.HALLBAR_ZIP_MAX_RATIO,
        }
        values.update(overrides)
        return cls(**values)


def _too_many(count: int, limit: int) -> ArchiveRefused:
    return ArchiveRefused(
        _("The file holds %(count)d parts; at most %(limit)d are accepted.")
        % {"count": count, "limit": limit}
    )


def _unpacks_beyond(limit: int) -> ArchiveRefused:
    return ArchiveRefused(
        _("The file unpacks to more than %(limit)s and is not accepted.")
        % {"limit": megabytes(limit)}
    )


class SafeZip:
    """A ZIP archive whose entries were counted and measured before any was unpacked.

    ``fileobj`` is a seekable binary file (an upload, a BytesIO); it is not read whole. Raises
    ``zipfile.BadZipFile`` for a damaged archive and ``ArchiveRefused`` for one over a limit."""

    def __init__(self, fileobj, limits: ZipLimits | None = None):
        self.limits = limits or ZipLimits.from_settings()
        self._check_end_record(fileobj)
        self.archive = zipfile.ZipFile(fileobj)
        try:
            self.entries = self.archive.infolist()
            self._check_entries()
        except BaseException:
            self.archive.close()
            raise
        self._left = self.limits.max_unpacked

    def _check_end_record(self, fileobj) -> None:
        fileobj.seek(0)
        end = zipfile._EndRecData(fileobj)  # the end record, read from the file's last bytes
        if end is None:
            raise zipfile.BadZipFile("no end of central directory")
        count = end[zipfile._ECD_ENTRIES_TOTAL]
        directory = end[zipfile._ECD_SIZE]
        limit = self.limits.max_entries
        if count > limit:
            raise _too_many(count, limit)
        if directory > max(limit, 1) * CENTRAL_DIRECTORY_BYTES_PER_ENTRY:
            raise _too_many(directory // 46, limit)

    def _check_entries(self) -> None:
        limits = self.limits
        if len(self.entries) > limits.max_entries:
            raise _too_many(len(self.entries), limits.max_entries)
        unpacked = sum(entry.file_size for entry in self.entries)
        if unpacked > limits.max_unpacked:
            raise ArchiveRefused(
                _("The file unpacks to %(size)s; at most %(limit)s are accepted.")
                % {"size": megabytes(unpacked), "limit": megabytes(limits.max_unpacked)}
            )
        for entry in self.entries:
            if entry.file_size <= RATIO_FREE_BYTES:
                continue
            if entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
                raise ArchiveRefused(
                    _(
                        "A part of the file unpacks to more than %(ratio)d times its packed "
                        "size; such a file is not accepted."
                    )
                    % {"ratio": limits.max_ratio}
                )

    @property
    def names(self) -> set[str]:
        return {entry.filename for entry in self.entries}

    def read(self, name: str, max_bytes: int) -> bytes:
        """At most ``max_bytes`` of an entry, unpacked chunk by chunk; what all reads unpack
        together stays under the archive's limit whatever the entries' sizes claim."""
        parts = []
        wanted = max_bytes
        with self.archive.open(name) as entry:
            while wanted > 0:
                chunk = entry.read(min(CHUNK_BYTES, wanted))
                if not chunk:
                    break
                self._left -= len(chunk)
                if self._left < 0:
                    raise _unpacks_beyond(self.limits.max_unpacked)
                wanted -= len(chunk)
                parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- Files handed back ------------------------------------------------------------------------


def download_name(original: str, extension: str) -> str:
    """The name a download is saved under: the uploader's name without its extension (and
    without any dot that could make another one), then the extension of the detected type.
    An unknown type gets no extension at all."""
    base = re.split(r"[\\/]", original or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[\x00-\x1f\x7f.]+", "_", stem).strip(" _")[:100] or "fil"
    return f"{stem}.{extension}" if extension else stem


def attachment(response):
    """A file response the browser saves and never renders or sniffs."""
    response["X-Content-Type-Options"] = "nosniff"
    if not response.get("Content-Disposition", "").startswith("attachment"):
        response["Content-Disposition"] = "attachment"
    return response


logger = logging.getLogger(__name__)


class StoredFileMissing(Http404):
    """The row names a file that is not in the storage."""


def _location(field_file) -> str:
    try:
        return field_file.path
    except (NotImplementedError, ValueError):
        return field_file.name


def stored_file_response(field_file, *, filename: str, content_type: str | None = None):
    """A download of ``field_file``; StoredFileMissing (a 404) when the file is not stored."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        logger.error("A stored file is missing from the storage: %s", _location(field_file))
        raise StoredFileMissing(
            _(
                "The file %(name)s is missing from the server's storage. Tell the "
                "secretariat: it can be restored from a backup."
            )
            % {"name": filename}
        ) from None
    return attachment(
        FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    )
