"""A published instrument version is immutable; a new version supersedes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from organisations.choices import Role
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Instrument
from requirements_catalog.services import (
    clause_save,
    instrument_version_draft,
    instrument_version_publish,
)
from tests.factories import MembershipFactory, SecretariatFactory


def secretariat_user():
    """The catalogue is the secretariat's register: its services refuse anyone else."""
    return MembershipFactory(organisation=SecretariatFactory(), role=Role.SECRETARIAT).user


pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return Instrument.objects.create(
        code="bedomningsmall",
        kind=InstrumentKind.ASSESSMENT_TEMPLATE,
        title="Bedömningsmall för kontorsrevisioner",
    )


def test_publish_then_supersede(template):
    user = secretariat_user()
    first = instrument_version_draft(instrument=template, version="1", year=2024, user=user)
    clause_save(version=first, user=user, code="1.1", text="Riskanalys av leveranskedjan finns.")
    clause_save(version=first, user=user, code="1.2", text="Avvikelser hanteras.")
    instrument_version_publish(version=first, user=user, on=datetime.date(2024, 3, 1))
    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED
    assert first.published_by == user
    assert first.history.first().history_user == user

    with pytest.raises(ValidationError) as error:
        clause_save(version=first, user=user, code="1.1", text="Ändrad text")
    assert error.value.code == "version_immutable"
    assert first.clauses.get(code="1.1").text == "Riskanalys av leveranskedjan finns."

    second = instrument_version_draft(instrument=template, version="2", year=2025, user=user)
    assert list(second.clauses.values_list("code", flat=True)) == ["1.1", "1.2"]
    clause_save(version=second, user=user, code="1.1", text="Skärpt krav.")
    instrument_version_publish(version=second, user=user, on=datetime.date(2025, 2, 1))
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert second.supersedes == first
    assert first.clauses.get(code="1.1").text == "Riskanalys av leveranskedjan finns."


def test_template_without_criteria_is_not_published(template):
    user = secretariat_user()
    draft = instrument_version_draft(instrument=template, version="1", year=2024, user=user)
    with pytest.raises(ValidationError):
        instrument_version_publish(version=draft, user=user)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_version_numbers_are_unique_per_instrument(template):
    user = secretariat_user()
    draft = instrument_version_draft(instrument=template, version="1", year=2024, user=user)
    clause_save(version=draft, user=user, code="1.1", text="Riskanalys av leveranskedjan finns.")
    instrument_version_publish(version=draft, user=user, on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        instrument_version_draft(instrument=template, version="1", year=2025, user=user)
