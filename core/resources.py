"""The base of every register's import/export resource (django-import-export), after DESIGN.md:
each app declares its resources in ``resources.py`` and registers them here by name.

A resource here:
- reads through the permission gate for export (``export_queryset(user)``),
- finds the existing row by its natural key (``natural_key(row)``, also used to refuse a file
  that names one record twice), never by database id,
- saves through the app's service (``save_with_service``), so the same rules, refusals and history
  user apply as in the portal and the API,
- reports a row that would not change as unchanged, so importing a file twice changes nothing,
- neutralises exported text cells a spreadsheet would run as a formula,
- writes the pages' words: each column's header is its label (the model field's verbose name,
  as the forms and lists say it) and each cell what the pages show (core/resource_widgets.py),
  in the active language, Swedish unless the user chose English. An import reads a header as
  that label in Swedish or English or as the column's English name (``organisation_number``,
  what every file had before and integrators' files still have), in any case.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.resource_widgets import (  # noqa: F401 (the apps' resources import them from here)
    INTEGER_TYPES,
    LOOKUP_WIDGETS,
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    LookupWidget,
    ManyLookupWidget,
    TextWidget,
    lookup_widget,
    normalise,
    widget_for,
)
from core.spreadsheets import neutralise

REGISTRY: dict[str, type[PortalResource]] = {}


def register(name: str):
    """``@register("suppliers")`` on a resource class: the name used by import_data and URLs."""

    def decorate(cls):
        cls.register_name = name
        REGISTRY[name] = cls
        return cls

    return decorate


# Each resource class's header_lookup(), built on first use.
_HEADER_LOOKUPS: dict[type, dict[str, str]] = {}


def resource_for_model(model) -> type[PortalResource] | None:
    return next((cls for cls in REGISTRY.values() if cls._meta.model is model), None)


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
    # The headers of columns of no model field (column → label), in the pages' words.
    column_labels: dict[str, str] = {}

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
        """The columns by their English names, the resource's own (``organisation_number``)."""
        return [field.column_name for field in cls().get_import_fields()]

    def label_of(self, column: str) -> str:
        """The column's header in the active language: ``column_labels``' text, else the model
        field's verbose name as the forms and lists say it ("Organisationsnummer"); a column
        of neither keeps its name."""
        if column in self.column_labels:
            return capfirst(str(self.column_labels[column]))
        field = self._field_of(column)
        model_field = self._model_field(field.attribute if field else None) or self._model_field(
            column
        )
        return capfirst(str(model_field.verbose_name)) if model_field is not None else column

    @classmethod
    def header_lookup(cls) -> dict[str, str]:
        """Every header a file may give a column → the column: its label in each of the
        portal's languages and its English name, normalised. Built once per resource class."""
        lookup = _HEADER_LOOKUPS.get(cls)
        if lookup is None:
            resource = cls()
            lookup = {}
            for column in resource.column_names():
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        lookup.setdefault(normalise(resource.label_of(column)), column)
            for column in resource.column_names():
                lookup[normalise(column)] = column  # a column's own name wins over a label
            _HEADER_LOOKUPS[cls] = lookup
        return lookup

    def read_headers(self, headers: list[str]) -> list[str]:
        """The file's headers as the columns they name (an unknown header stays as written).
        Remembers how the file wrote each column: its messages name the column so."""
        lookup = self.header_lookup()
        columns = [lookup.get(normalise(header), header) for header in headers]
        self.file_headers = {}
        for column, header in zip(columns, headers, strict=True):
            self.file_headers.setdefault(column, header)
        return columns

    def display_column(self, column: str) -> str:
        """A column as a message names it: as the file wrote it, else by its label."""
        if not column:
            return ""
        return getattr(self, "file_headers", {}).get(column) or self.label_of(column)

    def help_for(self, column: str) -> str:
        """What the import page says of a column: the model field's help text, this file's
        note on it, and what its widget reads (a choice's words as the pages use them)."""
        field = self._field_of(column)
        parts = []
        model_field = self._model_field(field.attribute)
        if model_field is not None and model_field.help_text:
            text = str(model_field.help_text)
            parts.append(text if text.endswith(".") else f"{text}.")
        if column in self.column_help:
            parts.append(str(self.column_help[column]))
        if column in self.required_columns:
            parts.append(_("Required."))
        hint = field.widget.hint() if hasattr(field.widget, "hint") else ""
        if hint:
            parts.append(hint)
        return " ".join(parts)

    def _field_of(self, column: str):
        return next((f for f in self.fields.values() if f.column_name == column), None)

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

    def header_errors(self, columns: list[str]) -> list[str]:
        """What is wrong with a file's columns (as ``read_headers`` gives them), named as the
        file writes them or, for a missing column, by its label."""
        known = self.column_names()
        messages = []
        unknown = [column for column in columns if column not in known]
        if unknown:
            messages.append(
                _("Unknown columns: %(columns)s. The columns are: %(known)s.")
                % {
                    "columns": ", ".join(unknown),
                    "known": ", ".join(self.label_of(column) for column in known),
                }
            )
        duplicated = [c for c in known if columns.count(c) > 1]
        if duplicated:
            messages.append(
                _("Columns named twice: %(columns)s.")
                % {"columns": ", ".join(self.label_of(column) for column in duplicated)}
            )
        missing = [column for column in self.required_columns if column not in columns]
        if missing:
            messages.append(
                _("Missing columns: %(columns)s.")
                % {"columns": ", ".join(self.label_of(column) for column in missing)}
            )
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

    def get_export_headers(self, selected_fields=None):
        """The columns' labels in the active language (the pages' words), not their names."""
        fields_ = self.get_export_fields(selected_fields)
        return [self.label_of(field.column_name) for field in fields_]

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
    concrete field but private ones, references by code or name, choices by their labels."""
    registered = resource_for_model(model)
    if registered is not None:
        return registered
    attrs, names, related = {}, [], []
    for model_field in model._meta.concrete_fields:
        if model_field.name in PRIVATE_FIELDS or model_field.name.endswith("_digest"):
            continue
        if model_field.is_relation:
            widget = RelatedNameWidget()
            related.append(model_field.name)
        else:
            widget = widget_for(model_field)
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
