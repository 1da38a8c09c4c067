"""Files kept in MEDIA_ROOT (evidence, report PDFs, instrument documents) handed to a user.

A row whose file is gone from the disk (a lost volume, a restore without the media) is a 404
with a message that says so, and an error in the log with the path; never a 500.
"""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

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
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
