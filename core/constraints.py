"""Database constraints whose refusal reads as a message on the field it concerns.

Django puts a CheckConstraint's refusal (and a unique constraint's over several fields) at the
top of a form, and without a ``violation_error_message`` it names the constraint: "Begränsningen
“audit_year_sane” överträds". These subclasses take the field the constraint concerns and raise
their (translatable) message keyed by it, so a form shows it next to the field and the API under
that field's name. ``tests/test_constraint_messages.py`` holds every model's constraints to it.

Only the error's key is added: the database still enforces the same condition, and the
migrations record the field so a change of it is a migration like any other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class _FieldErrorMixin:
    """Raise the constraint's refusal under ``field`` (a model field's name)."""

    field: str

    def validate(self, model, instance, exclude=None, **kwargs):
        try:
            super().validate(model, instance, exclude=exclude, **kwargs)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({self.field: error}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and getattr(other, "field", None) == self.field


class CheckConstraint(_FieldErrorMixin, models.CheckConstraint):
    """``CheckConstraint(condition=…, name=…, field="year", violation_error_message=_(…))``."""

    def __init__(self, *, field: str, violation_error_message, **kwargs):
        if not field or not violation_error_message:
            raise TypeError(f"{kwargs.get('name')}: a field and a message for the user are needed.")
        self.field = field
        super().__init__(violation_error_message=violation_error_message, **kwargs)


class UniqueConstraint(_FieldErrorMixin, models.UniqueConstraint):
    """``UniqueConstraint(fields=[…], name=…, violation_error_message=_(…))``; the message goes
    on ``field``, by default the last of ``fields`` (the one that repeats within the others)."""

    def __init__(self, *expressions, field: str | None = None, violation_error_message, **kwargs):
        fields = kwargs.get("fields") or ()
        self.field = field or (fields[-1] if fields else "")
        if not self.field or not violation_error_message:
            raise TypeError(f"{kwargs.get('name')}: a field and a message for the user are needed.")
        super().__init__(*expressions, violation_error_message=violation_error_message, **kwargs)
