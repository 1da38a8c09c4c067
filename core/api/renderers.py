"""``?format=csv``: list endpoints as CSV, with the same filters, for spreadsheets and BI tools.

Nested objects become dotted columns (``supplier.name``); lists of values are joined with
" | "; lists of objects (an audit's results, say) are written as JSON in one cell. A cell that a
spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage return) gets a
leading apostrophe, so an exported file cannot run anything when it is opened.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import orjson
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _flatten(row: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            if all(not isinstance(item, dict | list) for item in value):
                flat[name] = " | ".join("" if item is None else str(item) for item in value)
            else:
                flat[name] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            flat[name] = value
    return flat


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, negative ones too, stays a number
    return neutralise(str(value))


def rows_to_csv(rows: list[dict]) -> str:
    flat = [_flatten(row) for row in rows]
    columns: list[str] = []
    seen = set()
    for row in flat:
        for column in row:
            if column not in seen:
                seen.add(column)
                columns.append(column)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in flat:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        # A byte-order mark so that Excel opens Swedish letters correctly.
        return ("\ufeff" + rows_to_csv(rows)).encode("utf-8")


class PortalBrowsableAPIRenderer(BrowsableAPIRenderer):
    """The browsable API for signed-in people, with the raw JSON form only: the HTML form would
    list every choice of every reference field (users, organisations) in its drop-downs."""

    def get_rendered_html_form(self, data, view, method, request):
        return None


def _orjson_default(value):
    """What orjson does not know: decimals as numbers (as DRF's encoder gives them), lazy
    translations and other objects with a text form as text."""
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


class OrjsonRenderer(JSONRenderer):
    """DRF's JSON, written by orjson: the same document, several times faster for bulk lists."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        option = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
        if indent:
            option |= orjson.OPT_INDENT_2
        return orjson.dumps(data, default=_orjson_default, option=option)
