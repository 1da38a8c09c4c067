"""The bulk lists' time stamps written by the database (``InstantText``): the same text as DRF's
DateTimeField, for every zone, offset and fraction, on PostgreSQL (written in SQL) and elsewhere
(the column, written by ``instant_text``)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from core.api.serializers import InstantText, instant_text
from suppliers.models import Supplier

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
INSTANTS = [
    datetime.datetime(2026, 11, 27, 13, 5, 9, 123456, tzinfo=UTC),  # winter, +01:00
    datetime.datetime(2026, 7, 1, 10, 0, 0, tzinfo=UTC),  # summer, no fraction
    datetime.datetime(2026, 7, 1, 10, 0, 0, 1, tzinfo=UTC),  # one microsecond
    datetime.datetime(2026, 7, 1, 10, 0, 0, 500000, tzinfo=UTC),  # trailing zeros kept
    datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),  # the last µs of winter time
    datetime.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),  # the first of summer time
    datetime.datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC),  # the last second of summer time
    datetime.datetime(2026, 10, 25, 1, 0, 0, tzinfo=UTC),
    datetime.datetime(1850, 1, 1, 12, 0, 0, tzinfo=UTC),  # local mean time: offsets in seconds
    datetime.datetime(2000, 1, 1, 0, 0, 0, tzinfo=UTC),
]
ZONES = [
    "Europe/Stockholm",
    "UTC",  # Z
    "America/St_Johns",  # −03:30 and −02:30
    "Asia/Kolkata",  # +05:30
    "Africa/Monrovia",  # −00:44:30 in 1850
]


def drf_text(value) -> str:
    return serializers.DateTimeField().to_representation(value)


@pytest.fixture
def suppliers():
    rows = []
    for i, instant in enumerate(INSTANTS):
        supplier = Supplier.objects.create(name=f"Tidsstämpel {i}")
        Supplier.objects.filter(pk=supplier.pk).update(created=instant)
        rows.append((supplier.pk, instant))
    return rows


@pytest.mark.parametrize("zone", ZONES)
def test_instant_text_is_drfs_text_in_every_zone(suppliers, zone):
    with timezone.override(ZoneInfo(zone)):
        written = dict(
            Supplier.objects.filter(pk__in=[pk for pk, _ in suppliers]).values_list(
                "pk", InstantText("created")
            )
        )
        for pk, instant in suppliers:
            assert instant_text(written[pk], timezone.get_current_timezone()) == drf_text(
                instant
            ), (zone, instant)


def test_postgresql_writes_the_text_itself(suppliers, on_postgres):
    with timezone.override(ZoneInfo("Europe/Stockholm")):
        written = dict(Supplier.objects.values_list("pk", InstantText("created")))
    pk, instant = suppliers[0]
    if on_postgres:
        assert written[pk] == "2026-11-27T14:05:09.123456+01:00"
    else:
        assert written[pk] == instant


def test_a_zone_without_a_name_is_written_by_python(suppliers):
    """A fixed offset (no zone name for PostgreSQL): the column comes as a datetime."""
    zone = datetime.timezone(datetime.timedelta(hours=-2))
    with timezone.override(zone):
        written = dict(Supplier.objects.values_list("pk", InstantText("created")))
        pk, instant = suppliers[0]
        assert written[pk] == instant
        assert (
            instant_text(written[pk], zone)
            == drf_text(instant)
            == "2026-11-27T11:05:09.123456-02:00"
        )
