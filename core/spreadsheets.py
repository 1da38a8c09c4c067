"""Reading the spreadsheets people upload, and writing cells that are safe to open.

Every check runs before a byte is parsed: the size, what the file really is (not what its name
says), and for XLSX, which is a ZIP archive, the number of entries, their uncompressed size and
how tightly they are packed (a small file can unpack to gigabytes; core/files.py). Rows are read
one at a time and reading stops at the first row over the limit. Each refusal is a
``SpreadsheetError`` with a message for the person who uploaded the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from core.files import ArchiveRefused, SafeZip, ZipLimits, megabytes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message says why, for the uploader."""


def neutralise(value: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    xlsx_max_entries: int
    xlsx_max_uncompressed: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.HALLBAR_IMPORT_MAX_BYTES,
            max_rows=settings.HALLBAR_IMPORT_MAX_ROWS,
            xlsx_max_entries=settings.HALLBAR_IMPORT_XLSX_MAX_ENTRIES,
            xlsx_max_uncompressed=settings.HALLBAR_IMPORT_XLSX_MAX_UNCOMPRESSED,
        )


def file_format(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise SpreadsheetError(
            _("%(name)s is neither a CSV nor an XLSX file; save it as one of those.")
            % {"name": name}
        )
    return extension


def read_table(name: str, data: bytes, limits: Limits | None = None) -> tablib.Dataset:
    """The file as a dataset of text cells (dates from XLSX as dates), headers stripped."""
    limits = limits or Limits.from_settings()
    fmt = file_format(name)
    check_size(len(data), limits)
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    dataset = _read_xlsx(data, limits) if fmt == "xlsx" else _read_csv(data, limits)
    if not dataset.headers or not any(dataset.headers):
        raise SpreadsheetError(_("The first row must hold the column names."))
    return dataset


def _too_many_rows(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more than %(limit)d rows; at most %(limit)d can be imported at once.")
        % {"limit": limits.max_rows}
    )


class _RowCounter:
    """Counts the rows read and refuses the first one over the limit: the rows with content,
    and (so that a file of empty lines is not read to its end either) all rows."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.read = 0
        self.kept = 0

    def scanned(self) -> None:
        self.read += 1
        if self.read > 2 * self.limits.max_rows + 1:
            raise _too_many_rows(self.limits)

    def kept_row(self) -> None:
        self.kept += 1
        if self.kept > self.limits.max_rows + 1:  # the header row is not counted
            raise _too_many_rows(self.limits)


def check_size(size: int, limits: Limits | None = None) -> None:
    """Refuse a file over the limit before reading it."""
    limits = limits or Limits.from_settings()
    if size > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": megabytes(size), "limit": megabytes(limits.max_bytes)}
        )


def _read_csv(data: bytes, limits: Limits) -> tablib.Dataset:
    if data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(
            _("The file is named .csv but is an Excel (XLSX) file; name it .xlsx.")
        )
    if b"\x00" in data[:65536]:
        raise SpreadsheetError(_("The file is named .csv but is not text."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The CSV file is not UTF-8; save it as “CSV UTF-8” in Excel.")
        ) from None
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    counter = _RowCounter(limits)
    dataset = None
    width = 0
    try:
        for row in reader:
            counter.scanned()
            if not any(cell.strip() for cell in row):
                continue
            counter.kept_row()
            if dataset is None:
                headers = [cell.strip() for cell in row]
                width = len(headers)
                dataset = tablib.Dataset(headers=headers)
                continue
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise SpreadsheetError(
                    _("Row %(row)d has more cells than there are column names.")
                    % {"row": counter.kept}
                )
            dataset.append([cell.strip() for cell in (row + [""] * width)[:width]])
    except csv.Error as error:
        row_number = counter.kept + 1
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(
                _(
                    "Row %(row)d has a cell of more than %(limit)d characters; a cell may hold "
                    "at most %(limit)d."
                )
                % {"row": row_number, "limit": csv.field_size_limit()}
            ) from None
        raise SpreadsheetError(
            _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": row_number, "error": error}
        ) from None
    if dataset is None:
        raise SpreadsheetError(_("The file is empty."))
    return dataset


def _read_xlsx(data: bytes, limits: Limits) -> tablib.Dataset:
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("The file is named .xlsx but is not an Excel (XLSX) file."))
    zip_limits = ZipLimits.from_settings(
        max_entries=limits.xlsx_max_entries, max_unpacked=limits.xlsx_max_uncompressed
    )
    try:
        with SafeZip(io.BytesIO(data), zip_limits) as archive:
            names = archive.names
    except ArchiveRefused as error:
        raise SpreadsheetError(str(error)) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise SpreadsheetError(_("The XLSX file is damaged and cannot be opened.")) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("The file is named .xlsx but is not an Excel (XLSX) file."))
    # openpyxl unpacks through zipfile, which never gives more than an entry's declared size:
    # what it reads stays under the sum checked above.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise SpreadsheetError(_("The XLSX file is damaged and cannot be opened.")) from None
    counter = _RowCounter(limits)
    rows = []
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            counter.scanned()
            if any(value not in (None, "") for value in row):
                counter.kept_row()
                rows.append([_xlsx_cell(value) for value in row])
    finally:
        workbook.close()
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    headers = [str(cell).strip() for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(cell not in ("", None) for cell in row[width:]):
            raise SpreadsheetError(
                _("Row %(row)d has more cells than there are column names.") % {"row": number}
            )
        dataset.append((list(row) + [""] * width)[:width])
    return dataset


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else value
