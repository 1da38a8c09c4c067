"""No constraint name reaches a user: every model constraint refuses with a message of its own, in
Swedish and English, under the field it concerns (core/constraints.py)."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from core.constraints import CheckConstraint, UniqueConstraint
from core.dates import step_date, year_end

PROJECT_APPS = tuple(settings.LOCAL_APPS)


def _constraints():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue  # django-simple-history's copies carry no constraints
            for constraint in model._meta.constraints:
                yield pytest.param(model, constraint, id=f"{model._meta.label}.{constraint.name}")


@pytest.mark.parametrize(("model", "constraint"), list(_constraints()))
def test_constraint_refuses_on_a_field_with_a_message_of_its_own(model, constraint):
    assert isinstance(constraint, CheckConstraint | UniqueConstraint), (
        f"{constraint.name}: use core.constraints, so the refusal names a field and says why"
    )
    field_names = {field.name for field in model._meta.get_fields()}
    assert constraint.field in field_names, f"{constraint.name}: no field {constraint.field!r}"
    with translation.override("sv"):
        swedish = str(constraint.violation_error_message)
    with translation.override("en"):
        english = str(constraint.violation_error_message)
    assert swedish != english, f"{constraint.name}: the message has no Swedish translation"
    for text in (swedish, english):
        assert constraint.name not in text
        assert "_" not in text, f"{constraint.name}: a code name in {text!r}"


@pytest.mark.django_db
def test_a_check_constraint_refusal_is_keyed_by_its_field():
    constraint = CheckConstraint(
        condition=models.Q(value__gte=0),
        name="figure_not_negative_test",
        field="value",
        violation_error_message="Ett värde kan inte vara negativt.",
    )
    figure = apps.get_model("reporting", "YearlyFigure")(value=-1, year=2025, key="newsletters")
    with pytest.raises(ValidationError) as error:
        constraint.validate(type(figure), figure)
    assert error.value.message_dict == {"value": ["Ett värde kan inte vara negativt."]}


def test_a_constraint_without_a_field_or_a_message_is_refused_when_declared():
    with pytest.raises(TypeError):
        CheckConstraint(condition=models.Q(value__gte=0), name="x", field="value")
    with pytest.raises(TypeError):
        CheckConstraint(
            condition=models.Q(value__gte=0), name="x", field="", violation_error_message="M."
        )


def test_step_date_is_today_by_default_and_refuses_the_future_and_too_early_days():
    today = datetime.date(2026, 3, 10)
    assert step_date(None, today=today) == today
    assert step_date(datetime.date(2025, 12, 1), today=today) == datetime.date(2025, 12, 1)
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        step_date(datetime.date(2026, 3, 11), field="closed_on", today=today)
    assert error.value.message_dict == {
        "closed_on": ["Datumet kan inte ligga i framtiden (i dag är 2026-03-10)."]
    }
    with translation.override("en"), pytest.raises(ValidationError) as error:
        step_date(
            datetime.date(2025, 1, 1),
            not_before=datetime.date(2025, 2, 1),
            not_before_what="the audit's start",
            today=today,
        )
    assert error.value.message_dict == {
        "on": ["The date cannot be before the audit's start (2025-02-01)."]
    }
    assert year_end(2025) == datetime.date(2025, 12, 31)
