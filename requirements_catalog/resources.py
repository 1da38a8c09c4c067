"""Import and export of the instruments' clauses.

A row names its clause by instrument code, version label and clause number
(``uppforandekod · 2024 · 3.2``). Every change goes through ``services.clause_save``, so a
published or superseded version refuses it as the portal does; a row that would not change is
unchanged and never reaches the service, so the export of a published version imports back.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resources import (
    Field,
    LookupWidget,
    PortalResource,
    TextWidget,
    register,
)
from requirements_catalog import selectors, services
from requirements_catalog.models import Clause, Instrument, InstrumentVersion


def _cell(row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


class InstrumentWidget(LookupWidget):
    """``uppforandekod`` → the code of conduct; the code in any case."""

    def find(self, key):
        found = Instrument.objects.filter(code__iexact=key).first()
        if found is None:
            raise ValueError(_("No instrument has the code “%(code)s”.") % {"code": key})
        return found

    def key_of(self, obj):
        return obj.code

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row=row, **kwargs)
        if found is None:
            raise ValueError(_("Name the instrument by its code, such as uppforandekod."))
        return found


class InstrumentField(Field):
    """The clause's instrument (through its version): exported, and checked on import; the
    version column then finds the version within it."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        self.clean(row, **kwargs)  # an unknown instrument is this column's error


class VersionWidget(LookupWidget):
    """A version by its label within the row's instrument (``2024`` of ``uppforandekod``)."""

    def __init__(self, **kwargs):
        self.instruments = InstrumentWidget()
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        label = "" if value is None else str(value).strip()
        try:
            instrument = self.instruments.clean((row or {}).get("instrument"))
        except ValueError:
            return None  # the instrument column says why
        if not label:
            raise ValueError(_("Name the version, such as 2024."))
        key = (instrument.pk, label.lower())
        if key not in self.cache:
            versions = InstrumentVersion.objects.filter(instrument=instrument)
            self.cache[key] = (
                versions.filter(version=label).first()
                or versions.filter(version__iexact=label).first()
            )
        if self.cache[key] is None:
            raise ValueError(
                _("%(instrument)s has no version “%(version)s”.")
                % {"instrument": instrument.code, "version": label}
            )
        return self.cache[key]

    def key_of(self, obj):
        return obj.version


def _comparable(value):
    """Text as a reader sees it: line endings and trailing spaces do not make a change."""
    if not isinstance(value, str):
        return value
    lines = value.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


@register("clauses")
class ClauseResource(PortalResource):
    url_base = "requirements_catalog:clause"

    instrument = InstrumentField(
        attribute="version__instrument", column_name="instrument", widget=InstrumentWidget()
    )
    version = Field(attribute="version", column_name="version", widget=VersionWidget())
    number = Field(attribute="code", column_name="number", widget=TextWidget())

    required_columns = ("instrument", "version", "number")
    column_labels = {"instrument": gettext_lazy("Instrument")}
    column_help = {
        "instrument": gettext_lazy("The instrument's code, such as uppforandekod."),
        "version": gettext_lazy(
            "The version's label, such as 2024; only a draft version takes changes."
        ),
        "number": gettext_lazy(
            "The clause's number, such as 3.2; with the instrument and version it names the clause."
        ),
        "text": gettext_lazy("Required for a new clause."),
        "order": gettext_lazy("Position within the version; 0 if empty."),
    }

    class Meta(PortalResource.Meta):
        model = Clause
        fields = export_order = (
            "instrument",
            "version",
            "number",
            *(field for field in services.CLAUSE_FIELDS if field != "code"),
            "order",
        )

    @classmethod
    def url_name(cls, suffix: str) -> str:
        # Clauses have no list page of their own: they are listed with their instruments.
        if suffix == "list":
            return "requirements_catalog:instrument_list"
        return super().url_name(suffix)

    def natural_key(self, row):
        return (
            _cell(row, "instrument").lower(),
            _cell(row, "version").lower(),
            _cell(row, "number"),
        )

    def natural_key_column(self, row):
        return "number"

    def before_import_row(self, row, **kwargs):
        if "order" in row and not _cell(row, "order"):
            row["order"] = "0"

    def find_existing(self, row):
        try:
            version = self.fields["version"].widget.clean(row.get("version"), row=row)
        except ValueError:
            return None  # reported by the column itself
        number = _cell(row, "number")
        if version is None or not number:
            return None
        return (
            Clause.objects.select_related("version__instrument")
            .filter(version=version, code=number)
            .first()
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is None or original.pk is None or import_validation_errors:
            return False
        return all(
            _comparable(field.get_value(instance)) == _comparable(field.get_value(original))
            for field in self.get_import_fields()
        )

    def save_with_service(self, instance, row):
        services.clause_save(
            version=instance.version,
            user=self.user,
            order=instance.order,
            **{field: getattr(instance, field) for field in services.CLAUSE_FIELDS},
        )

    def export_queryset(self, user):
        return selectors.clause_export_queryset(user=user)
