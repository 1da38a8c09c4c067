"""The base of every register's import/export resource (django-import-export), after DESIGN.md:
each app declares its resources in ``resources.py`` and registers them here by name.

A resource here:
- reads through the permission gate for export (``export_queryset(user)``),
- finds the existing row by its natural key (``natural_key(row)``, also used to refuse a file
  that names one record twice), never by database id,
- saves through the app's service (``save_with_service``), so the same rules, refusals and history
  user apply as in the portal and the API,
- reports a row that would not change as unchanged, so importing a file twice changes nothing,
- neutralises exported text cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.spreadsheets import FORMULA_STARTS, neutralise

REGISTRY: dict[str, type[PortalResource]] = {}


def register(name: str):
    """``@register("suppliers")`` on a resource class: the name used by import_data and URLs."""

    def decorate(cls):
        cls.register_name = name
        REGISTRY[name] = cls
        return cls

    return decorate


def resource_for_model(model) -> type[PortalResource] | None:
    return next((cls for cls in REGISTRY.values() if cls._meta.model is model), None)


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
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or by its label, in Swedish or English, any case."""

    def __init__(self, choices, blank=False, empty="", **kwargs):
        # A TextChoices class or a model field's (value, label) pairs.
        self.pairs = list(getattr(choices, "choices", choices))
        # An empty cell means "none" (stored as ""), or ``empty``: None with a field that does
        # not save it (``saves_null_values=False``) keeps the record's value.
        self.blank, self.empty = blank, empty
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if self.blank and not text:
            return self.empty
        lookup = {}
        for stored, label in self.pairs:
            lookup[stored.lower()] = stored
            lookup[str(label).lower()] = stored
            lookup[str(_english(label)).lower()] = stored
        if text.lower() in lookup:
            return lookup[text.lower()]
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": self.allowed}
        )

    @property
    def allowed(self) -> str:
        return ", ".join(stored for stored, _label in self.pairs if stored)

    def hint(self) -> str:
        if self.blank or any(stored == "" for stored, _label in self.pairs):
            return _("%(allowed)s or empty.") % {"allowed": self.allowed}
        return _("One of: %(allowed)s.") % {"allowed": self.allowed}

    def render(self, value, obj=None, **kwargs):
        return value or ""


def _english(label):
    from django.utils import translation

    with translation.override("en"):
        return str(label)


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
    return TextWidget()


class PortalResource(resources.ModelResource):
    """The shared behaviour of every register's resource (see the module docstring)."""

    register_name = ""
    # The register's URL names without the suffix: "suppliers:agreement" → …_list, …_import.
    url_base = ""
    # Columns a file must have: the natural key and the required fields.
    required_columns: tuple[str, ...] = ()
    # What the import page says of a column beyond the model field's help text and the widget's
    # format (column → text): what the column means for this file, e.g. that it names the row.
    column_help: dict[str, str] = {}
    # Columns of no model attribute that are arguments of the row's service call (the days of
    # the steps a row takes, say): cleaned with the other cells into ``self.arguments``.
    argument_columns: tuple[str, ...] = ()

    def __init__(self, *, user=None, progress=None, **kwargs):
        self.user = user
        self.progress = progress  # called with the number of rows done, every 100 rows
        super().__init__(**kwargs)

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False  # the service validates, once
        skip_html_diff = True
        use_transactions = True

    @classmethod
    def url_name(cls, suffix: str) -> str:
        return f"{cls.url_base}_{suffix}"

    # -- columns ---------------------------------------------------------------------------

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """A column of ``Meta.fields`` not declared on the resource: named as the model field,
        with the widget its type asks for (``widget_for``)."""
        return Field(
            attribute=field_name,
            column_name=field_name,
            widget=widget_for(django_field),
            readonly=readonly,
        )

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    def help_for(self, column: str) -> str:
        """What the import page says of a column: the model field's help text (else its name),
        this file's note on it, and the format its widget reads."""
        field = next(f for f in self.fields.values() if f.column_name == column)
        parts = []
        model_field = self._model_field(field.attribute)
        if model_field is not None:
            text = str(model_field.help_text or "") or str(model_field.verbose_name).capitalize()
            parts.append(text if text.endswith(".") else f"{text}.")
        if column in self.column_help:
            parts.append(str(self.column_help[column]))
        if column in self.required_columns:
            parts.append(_("Required."))
        hint = field.widget.hint() if hasattr(field.widget, "hint") else ""
        if hint:
            parts.append(hint)
        return " ".join(parts)

    def _model_field(self, attribute):
        if not attribute or "__" in attribute:
            return None
        try:
            return self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:  # a column of no model field (an argument of the service)
            return None

    def column_of(self, attribute: str) -> str:
        for field in self.fields.values():
            if attribute in (field.attribute, field.column_name):
                return field.column_name
        return ""

    def header_errors(self, headers: list[str]) -> list[str]:
        known = set(self.column_names())
        messages = []
        unknown = [header for header in headers if header not in known]
        if unknown:
            messages.append(
                _("Unknown columns: %(columns)s. The columns are: %(known)s.")
                % {"columns": ", ".join(unknown), "known": ", ".join(self.column_names())}
            )
        duplicated = sorted({header for header in headers if headers.count(header) > 1})
        if duplicated:
            messages.append(
                _("Columns named twice: %(columns)s.") % {"columns": ", ".join(duplicated)}
            )
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            messages.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        return messages

    # -- finding rows ------------------------------------------------------------------------

    def natural_key(self, row) -> tuple:
        """What identifies the row's record; two rows of one file must not share it."""
        raise NotImplementedError

    def find_existing(self, row):
        """The record the row updates, or None for a new one."""
        raise NotImplementedError

    def row_label(self, row) -> str:
        """How the preview names a row it could not turn into a record."""
        return " · ".join(str(row.get(column) or "") for column in self.required_columns)

    def get_instance(self, instance_loader, row):
        return self.find_existing(row)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is None or original.pk is None:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def import_instance(self, instance, row, **kwargs):
        """The cells onto the instance (import-export's) and the argument columns into
        ``self.arguments``; every bad cell of the row is reported at once."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.arguments = {}
        for name in self.argument_columns:
            field = self.fields[name]
            try:
                self.arguments[name] = field.widget.clean(row.get(field.column_name))
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.progress and kwargs.get("row_number", 0) % 100 == 0:
            self.progress(kwargs["row_number"])

    # -- saving ------------------------------------------------------------------------------

    def save_with_service(self, instance, row):
        """Save through the app's service; the default for registers without one."""
        instance._history_user = self.user
        instance.full_clean()
        instance.save()

    def do_instance_save(self, instance, is_create):  # pragma: no cover - replaced below
        raise AssertionError("save_instance saves through the service")

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        self.save_with_service(instance, row)
        self.after_save_instance(instance, row, **kwargs)

    # -- export ------------------------------------------------------------------------------

    def export_queryset(self, user):
        """Every row the user may see, shaped for the export (one query per relation)."""
        return self._meta.model.objects.for_user(user, "view")

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value


def validation_messages(resource: PortalResource, error: ValidationError) -> list[tuple[str, str]]:
    """(column, message) pairs of a row's refusal; a refusal of the whole row has no column."""
    if hasattr(error, "error_dict"):
        pairs = []
        for attribute, messages in error.message_dict.items():
            column = "" if attribute == "__all__" else resource.column_of(attribute) or attribute
            pairs.extend((column, message) for message in messages)
        return pairs
    return [("", message) for message in error.messages]


Field = fields.Field


# -- Export of list pages without a register resource ---------------------------------------------

# Fields never exported: notes meant for the team, never for a file that leaves the portal.
PRIVATE_FIELDS = {"internal_note", "password", "digest", "key_digest"}


class RelatedNameWidget(widgets.Widget):
    """A reference exported as its code where it has one, else as its name (str)."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return getattr(value, "code", None) or str(value)


def export_resource_for(model) -> type[PortalResource]:
    """The register's own resource, or one made from the model's fields (export only): every
    concrete field but private ones, references by code or name, choices as stored."""
    registered = resource_for_model(model)
    if registered is not None:
        return registered
    attrs, names, related = {}, [], []
    for model_field in model._meta.concrete_fields:
        if model_field.name in PRIVATE_FIELDS or model_field.name.endswith("_digest"):
            continue
        widget = TextWidget()
        if model_field.is_relation:
            widget = RelatedNameWidget()
            related.append(model_field.name)
        elif model_field.get_internal_type() == "DateField":
            widget = DateWidget()
        elif model_field.get_internal_type() in (
            "IntegerField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "BigAutoField",
            "AutoField",
        ):
            widget = IntegerWidget()
        elif model_field.get_internal_type() == "BooleanField":
            widget = BooleanWidget(null=model_field.null)
        attrs[model_field.name] = Field(
            attribute=model_field.name, column_name=model_field.name, widget=widget
        )
        names.append(model_field.name)
    meta = type("Meta", (PortalResource.Meta,), {"model": model, "fields": tuple(names)})
    attrs["Meta"] = meta
    attrs["register_name"] = model._meta.model_name

    def export_queryset(self, user):
        return model.objects.for_user(user, "view").select_related(*related)

    attrs["export_queryset"] = export_queryset
    return type(f"{model.__name__}ExportResource", (PortalResource,), attrs)
