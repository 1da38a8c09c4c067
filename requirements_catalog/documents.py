"""What an instrument version's document may be: a PDF or an office document, judged by its
content (never by its name), at most HALLBAR_MAX_UPLOAD_BYTES.

The audits' evidence check (audits/files.py) sits above this app and allows images too; an
instrument's document is the text the collaboration publishes, so only documents are taken.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.files import ArchiveRefused, SafeZip

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # .doc, .xls of older Office
OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}


def _zip_kind(data: bytes) -> str | None:
    """Measured before it is unpacked (core.files.SafeZip); raises ArchiveRefused."""
    try:
        with SafeZip(io.BytesIO(data)) as archive:
            names = archive.names
            if "mimetype" in names:
                mimetype = archive.read("mimetype", 200).decode("ascii", "replace").strip()
                if mimetype in ODF_TYPES:
                    return ODF_TYPES[mimetype]
            if "[Content_Types].xml" in names:
                for folder, extension in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return extension
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def document_extension(data: bytes) -> str | None:
    """The extension of an allowed document ('pdf', 'docx', …), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def check_document(uploaded_file, *, field: str = "document") -> str:
    """The extension the stored file gets; a ValidationError on ``field`` if it is refused."""
    limit = settings.HALLBAR_MAX_UPLOAD_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {
                field: _("The file is %(size)s; a file may be at most %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    uploaded_file.seek(0)
    if not data:
        raise ValidationError({field: _("The file is empty.")}, code="empty")
    if len(data) > limit:
        raise ValidationError(
            {
                field: _("The file is %(size)s; a file may be at most %(limit)s.")
                % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )
    try:
        extension = document_extension(data)
    except ArchiveRefused as error:
        raise ValidationError({field: str(error)}, code="archive_refused") from None
    if extension is None:
        raise ValidationError(
            {
                field: _(
                    "An instrument's document is a PDF or an office document (Word, Excel, "
                    "PowerPoint or OpenDocument); this file is neither."
                )
            },
            code="type_not_allowed",
        )
    return extension
