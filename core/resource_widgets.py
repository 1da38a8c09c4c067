"""The cells of an import/export file: each widget turns a cell into a value (or raises
ValueError with a message for the uploader) and a value into the cell an export writes.

Exports write what the pages show, in the active language (Swedish unless the user chose
English): a choice as its label ("Kontorsrevision", not ``office``), yes/no as "Ja"/"Nej",
dates as ISO (2024-03-31), references by their key (``SE-T``). Imports read those, and also
what files had before and the API uses: a choice by its label in Swedish or English or by its
code, in any case and with spaces around it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from core.spreadsheets import FORMULA_STARTS


def normalise(text) -> str:
    """A cell or header as compared on import: trimmed, inner spaces single, any case."""
    return " ".join(str(text).split()).casefold()


# Widgets: each turns a cell into a value or raises ValueError with a message for the uploader.


class TextWidget(widgets.CharWidget):
    """Text; the apostrophe the export puts before a formula-like cell ("'-3 dagar") is taken
    off again, so an exported file imports back unchanged."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            return text[1:]
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ListWidget(widgets.Widget):
    """A list kept as JSON (an incident's or a risk's countries): written "CN, VN", read from
    words separated by commas or semicolons."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        return [item.strip() for item in str(value).replace(";", ",").split(",") if item.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(item) for item in value or [])


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date; write it as YYYY-MM-DD (2024-03-31).")
                % {"value": value}
            ) from None

    def hint(self) -> str:
        return _("YYYY-MM-DD.")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IntegerWidget(widgets.Widget):
    def __init__(self, minimum=None, maximum=None, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        try:
            number = int(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        below = self.minimum is not None and number < self.minimum
        if below or (self.maximum is not None and number > self.maximum):
            bounds = {"value": number, "minimum": self.minimum, "maximum": self.maximum}
            if self.maximum is None:
                raise ValueError(_("%(value)s is less than %(minimum)s.") % bounds)
            if self.minimum is None:
                raise ValueError(_("%(value)s is more than %(maximum)s.") % bounds)
            raise ValueError(_("%(value)s is outside %(minimum)s–%(maximum)s.") % bounds)
        return number

    def hint(self) -> str:
        bounds = {"minimum": self.minimum, "maximum": self.maximum}
        if self.minimum is not None and self.maximum is not None:
            return _("A whole number from %(minimum)s to %(maximum)s.") % bounds
        if self.minimum is not None:
            return _("A whole number, at least %(minimum)s.") % bounds
        if self.maximum is not None:
            return _("A whole number, at most %(maximum)s.") % bounds
        return _("A whole number.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value  # a number stays a number in XLSX


class BooleanWidget(widgets.Widget):
    """Yes or no: exported as "Ja"/"Nej" ("Yes"/"No" in English), read in either language,
    as 1/0 or true/false, in any case."""

    TRUE = {"1", "true", "yes", "ja", "x", "sant"}
    FALSE = {"", "0", "false", "no", "nej", "falskt"}

    def __init__(self, null=False, **kwargs):
        self.null = null  # an empty cell means "not known"
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if self.null and not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is neither yes nor no (ja/nej).") % {"value": value})

    def hint(self) -> str:
        if self.null:
            return _("yes or no (ja/nej); empty: not known.")
        return _("yes or no (ja/nej).")

    def render(self, value, obj=None, **kwargs):
        if value is None and self.null:
            return ""
        return _("Yes") if value else _("No")


class ChoiceWidget(widgets.Widget):
    """A choice. Exported as its label in the active language, the word the pages use
    ("Kontorsrevision"); read back by that label, by its label in any of the portal's languages
    ("Office audit") or by its stored code (``office``, the API's), in any case and trimmed."""

    def __init__(self, choices, blank=False, empty="", **kwargs):
        # A TextChoices class or a model field's (value, label) pairs.
        self.pairs = list(getattr(choices, "choices", choices))
        self.labels = dict(self.pairs)
        # An empty cell means "none" (stored as ""), or ``empty``: None with a field that does
        # not save it (``saves_null_values=False``) keeps the record's value.
        self.blank, self.empty = blank, empty
        self._lookup: dict[str, str] | None = None
        super().__init__(**kwargs)

    @property
    def lookup(self) -> dict[str, str]:
        """Every way of writing a choice → its code. Built once per widget (a resource's
        columns live as long as the resource, a declared column as long as the process),
        never per row."""
        if self._lookup is None:
            self._lookup = choice_lookup(self.pairs)
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if self.blank and not text:
            return self.empty
        found = self.lookup.get(normalise(text))
        if found is not None:
            return found
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": self.allowed}
        )

    @property
    def allowed(self) -> str:
        """The choices as the pages name them, in the active language."""
        return ", ".join(str(label) for stored, label in self.pairs if stored)

    def hint(self) -> str:
        if self.blank or any(stored == "" for stored, _label in self.pairs):
            return _("%(allowed)s or empty.") % {"allowed": self.allowed}
        return _("One of: %(allowed)s.") % {"allowed": self.allowed}

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(self.labels.get(value, value))  # a code no longer among the choices: as is


def choice_lookup(pairs) -> dict[str, str]:
    """Code and label in each of the portal's languages, normalised, → the code. Where two
    choices could be written alike, the code wins over a label and the first choice over a
    later one (``ambiguous_spellings`` lists such cases; a test keeps it empty)."""
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for stored, label in pairs:
                lookup.setdefault(normalise(label), stored)
    for stored, _label in pairs:
        lookup[normalise(stored)] = stored
    return lookup


def ambiguous_spellings(pairs) -> list[str]:
    """The spellings that name two different choices (a label of one the code of another)."""
    seen: dict[str, set] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for stored, label in pairs:
                seen.setdefault(normalise(label), set()).add(stored)
    for stored, _label in pairs:
        seen.setdefault(normalise(stored), set()).add(stored)
    return sorted(spelling for spelling, codes in seen.items() if len(codes) > 1)


class LookupWidget(widgets.Widget):
    """A reference to another record by its natural key, looked up once per file.

    The app that owns the model declares its widget with ``@lookup_widget(Model)``: a column of
    a reference to that model then uses it in every register's resource."""

    # What the import page says of such a column.
    help = ""

    def __init__(self, **kwargs):
        self.cache: dict[str, object] = {}
        super().__init__(**kwargs)

    def find(self, key: str):  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def key_of(self, obj) -> str:  # pragma: no cover
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        key = "" if value is None else str(value).strip()
        if not key:
            return None
        if key not in self.cache:
            self.cache[key] = self.find(key)
        return self.cache[key]

    def hint(self) -> str:
        return str(self.help)

    def render(self, value, obj=None, **kwargs):
        return self.key_of(value) if value is not None else ""


LOOKUP_WIDGETS: dict[type, type[LookupWidget]] = {}


def lookup_widget(model):
    """``@lookup_widget(Supplier)`` on a LookupWidget: how every file names a ``Supplier``."""

    def decorate(cls):
        LOOKUP_WIDGETS[model] = cls
        return cls

    return decorate


class ManyLookupWidget(widgets.ManyToManyWidget):
    """Several references in one cell, separated by semicolons; ``single`` finds each."""

    def __init__(self, single: LookupWidget, model, **kwargs):
        self.single = single
        super().__init__(model, separator=";", **kwargs)

    def clean(self, value, row=None, **kwargs):
        keys = [part.strip() for part in str(value or "").split(";") if part.strip()]
        return [self.single.clean(key) for key in keys]

    def hint(self) -> str:
        return _("%(one)s Several separated by semicolons.") % {"one": self.single.hint()}

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(sorted(self.single.key_of(item) for item in value.all()))


INTEGER_TYPES = {
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "BigAutoField",
    "AutoField",
}


def widget_for(model_field) -> widgets.Widget:
    """The widget of a model field's column: a reference by its natural key (the model's
    ``@lookup_widget``), one of its choices, a date, a whole number, yes/no, or text."""
    if model_field.is_relation:
        target = model_field.related_model
        if target not in LOOKUP_WIDGETS:
            raise LookupError(
                f"No @lookup_widget for {target.__name__}: declare how a file names it, or "
                f"declare the column {model_field.name!r} on the resource."
            )
        single = LOOKUP_WIDGETS[target]()
        return ManyLookupWidget(single, target) if model_field.many_to_many else single
    if model_field.choices:
        return ChoiceWidget(
            model_field.choices,
            blank=model_field.blank,
            empty=None if model_field.null else "",
        )
    internal_type = model_field.get_internal_type()
    if internal_type == "DateField":
        return DateWidget()
    if internal_type in INTEGER_TYPES:
        return IntegerWidget(minimum=0 if internal_type.startswith("Positive") else None)
    if internal_type == "BooleanField":
        return BooleanWidget(null=model_field.null)
    if internal_type == "JSONField" and model_field.default is list:
        return ListWidget()
    return TextWidget()
