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

from core.files import CHUNK_BYTES, ArchiveRefused, SafeZip

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


def _chunks(uploaded_file):
    uploaded_file.seek(0)
    if hasattr(uploaded_file, "chunks"):
        yield from uploaded_file.chunks()
    else:
        while chunk := uploaded_file.read(CHUNK_BYTES):
            yield chunk


def _sniff_zip(source) -> tuple[str, str] | None:
    """An OOXML or OpenDocument file, from what the zip contains; the archive is measured first
    and only the few bytes of an OpenDocument's ``mimetype`` entry are unpacked."""
    try:
        with SafeZip(source) as archive:
            names = archive.names
            if "mimetype" in names:
                mimetype = archive.read("mimetype", 200).decode("ascii", "replace").strip()
                if mimetype.startswith("application/vnd.oasis.opendocument."):
                    return mimetype, ODF_EXTENSIONS.get(mimetype, "odf")
            if "[Content_Types].xml" in names:
                for folder, kind in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def sniff(source) -> tuple[str, str] | None:
    """(content type, extension) of an allowed file, or None. ``source``: the bytes, or a
    seekable file of which only the head (and a ZIP's directory) is read. Raises
    ``ArchiveRefused`` for a ZIP over the limits."""
    if isinstance(source, (bytes, bytearray)):
        data, source = bytes(source[:HEAD_BYTES]), io.BytesIO(source)
    else:
        source.seek(0)
        data = source.read(HEAD_BYTES)
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if data.startswith(OLE2_MAGIC):
        return "application/x-ole-storage", "doc"
    kind = filetype.guess(data)
    if kind is not None and kind.mime in IMAGE_TYPES:
        return kind.mime, IMAGE_TYPES[kind.mime]
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(source)
    return None


def extension_for(content_type: str) -> str:
    """The extension of a detected type ('pdf', 'docx', …); '' for a type not allowed."""
    known = {"application/pdf": "pdf", "application/x-ole-storage": "doc"}
    known.update(IMAGE_TYPES)
    known.update(dict(OOXML_FOLDERS.values()))
    known.update(ODF_EXTENSIONS)
    return known.get(content_type, "")


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
    """Measure, sniff and hash an upload chunk by chunk; raise a ValidationError on the field
    ``file``. A ZIP-based document is refused when it would unpack beyond the limits."""
    limit = settings.HALLBAR_MAX_UPLOAD_BYTES

    def too_large(size):
        return ValidationError(
            {
                "file": _("The file is %(size)s; a file may be at most %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )

    size = uploaded_file.size
    if size is not None and size > limit:
        raise too_large(size)
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in _chunks(uploaded_file):
        size += len(chunk)
        if size > limit:
            raise too_large(size)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
    if not size:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    try:
        sniffed = sniff(uploaded_file)
    except ArchiveRefused as error:
        raise ValidationError({"file": str(error)}, code="archive_refused") from None
    finally:
        uploaded_file.seek(0)
    if sniffed is None:
        raise ValidationError(
            {
                "file": _(
                    "Files of this type cannot be uploaded (detected: %(type)s). Allowed are PDF, "
                    "images (PNG, JPEG, GIF, WebP, TIFF) and office documents."
                )
                % {"type": describe(head)}
            },
            code="type_not_allowed",
        )
    content_type, extension = sniffed
    return SniffedFile(
        content_type=content_type, extension=extension, size=size, sha256=digest.hexdigest()
    )
