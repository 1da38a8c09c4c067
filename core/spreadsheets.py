"""Reading the spreadsheets people upload, and writing cells that are safe to open.

Every check runs before a byte is parsed: the size, what the file really is (not what its name
says), and for XLSX, which is a ZIP archive, the number of entries and their uncompressed size
(a small file can unpack to gigabytes). Each refusal is a ``SpreadsheetError`` with a message for
the person who uploaded the file.
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
    dataset = _read_xlsx(data, limits) if fmt == "xlsx" else _read_csv(data)
    if not dataset.headers or not any(dataset.headers):
        raise SpreadsheetError(_("The first row must hold the column names."))
    if len(dataset) > limits.max_rows:
        raise SpreadsheetError(
            _("The file has %(rows)d rows; at most %(limit)d can be imported at once.")
            % {"rows": len(dataset), "limit": limits.max_rows}
        )
    return dataset


def check_size(size: int, limits: Limits | None = None) -> None:
    """Refuse a file over the limit before reading it."""
    limits = limits or Limits.from_settings()
    if size > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": _size(size), "limit": _size(limits.max_bytes)}
        )


def _size(size: int) -> str:
    """'2,6 kB', '10,5 MB': as Swedish users write it (comma as the decimal sign)."""
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB".replace(".", ",")
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _read_csv(data: bytes) -> tablib.Dataset:
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
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    headers = [cell.strip() for cell in rows[0]]
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise SpreadsheetError(
                _("Row %(row)d has more cells than there are column names.") % {"row": number}
            )
        dataset.append([cell.strip() for cell in (row + [""] * width)[:width]])
    return dataset


def _read_xlsx(data: bytes, limits: Limits) -> tablib.Dataset:
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("The file is named .xlsx but is not an Excel (XLSX) file."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_("The XLSX file is damaged and cannot be opened.")) from None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("The file is named .xlsx but is not an Excel (XLSX) file."))
    if len(entries) > limits.xlsx_max_entries:
        raise SpreadsheetError(
            _("The XLSX file holds %(count)d parts; at most %(limit)d are accepted.")
            % {"count": len(entries), "limit": limits.xlsx_max_entries}
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.xlsx_max_uncompressed:
        raise SpreadsheetError(
            _("The XLSX file unpacks to %(size)s MB; at most %(limit)s MB are accepted.")
            % {"size": _mb(unpacked), "limit": _mb(limits.xlsx_max_uncompressed)}
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise SpreadsheetError(_("The XLSX file is damaged and cannot be opened.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [
            [_xlsx_cell(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
            if any(value not in (None, "") for value in row)
        ]
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
