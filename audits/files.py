"""What an evidence file is, judged by its content and never by its name.

Allowed: PDF, the common image formats, and office documents (OOXML, OpenDocument and the legacy
OLE2 formats of MS Office). Anything else is refused with the type that was detected.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Bytes read for sniffing; the magic numbers sit in the first few bytes.
HEAD_BYTES = 8192

IMAGE_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
}
OOXML_FOLDERS = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
ODF_EXTENSIONS = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.graphics": "odg",
}
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class SniffedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def _read_all(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    data = (
        b"".join(uploaded_file.chunks())
        if hasattr(uploaded_file, "chunks")
        else uploaded_file.read()
    )
    uploaded_file.seek(0)
    return data


def _sniff_zip(data: bytes) -> tuple[str, str] | None:
    """An OOXML or OpenDocument file, from what the zip contains."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype.startswith("application/vnd.oasis.opendocument."):
                    return mimetype, ODF_EXTENSIONS.get(mimetype, "odf")
            if "[Content_Types].xml" in names:
                for folder, kind in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an allowed file, or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if data.startswith(OLE2_MAGIC):
        return "application/x-ole-storage", "doc"
    kind = filetype.guess(data[:HEAD_BYTES])
    if kind is not None and kind.mime in IMAGE_TYPES:
        return kind.mime, IMAGE_TYPES[kind.mime]
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def describe(data: bytes) -> str:
    """The detected type of a refused file, for the message."""
    kind = filetype.guess(data[:HEAD_BYTES])
    if kind is not None:
        return kind.mime
    if data.startswith(b"MZ"):
        return "application/x-msdownload"
    if not data:
        return _("empty file")
    try:
        data[:HEAD_BYTES].decode("utf-8")
    except UnicodeDecodeError:
        return _("unknown binary data")
    return "text/plain"


def check_evidence_file(uploaded_file) -> SniffedFile:
    """Measure, sniff and hash an upload; raise a ValidationError on the field ``file``."""
    limit = settings.HALLBAR_MAX_UPLOAD_BYTES
    size = uploaded_file.size
    if size is not None and size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; a file may be at most %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )
    data = _read_all(uploaded_file)
    if not data:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; a file may be at most %(limit)s.")
                % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )
    sniffed = sniff(data)
    if sniffed is None:
        raise ValidationError(
            {
                "file": _(
                    "Files of this type cannot be uploaded (detected: %(type)s). Allowed are PDF, "
                    "images (PNG, JPEG, GIF, WebP, TIFF) and office documents."
                )
                % {"type": describe(data)}
            },
            code="type_not_allowed",
        )
    content_type, extension = sniffed
    return SniffedFile(
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
