"""bench/generate_scale_data.py: ten synthetic years beside the 2024 facts, in the scale's
proportions, the same content for the same arguments, and a bad argument refused with
nothing saved."""

import hashlib
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from audits.choices import AuditKind
from audits.models import Audit, Finding
from bench.generate_scale_data import Command
from bench.scale_data import (
    FINDINGS_PER_AUDIT,
    YEARS,
    _organisations,
    nordic_organisations,
    organisations_at,
    plan,
)
from incidents.models import Incident
from organisations.models import Organisation
from reporting.consistency import consistency_check
from suppliers.models import Supplier

pytestmark = pytest.mark.django_db

SCALE = "0.05"
FIRST = 2031
YEARS_MADE = range(FIRST, FIRST + YEARS)


def generate(*args):
    out = io.StringIO()
    call_command(Command(), "--scale", SCALE, *args, stdout=out)
    return out.getvalue()


def marked_models():
    """Every model with the synthetic mark, history models included."""
    return [m for m in apps.get_models() if any(f.name == "is_synthetic" for f in m._meta.fields)]


def real_rows():
    """Every row not marked synthetic, with its last change: what the command must not touch."""
    return {
        model._meta.label: sorted(
            model._base_manager.filter(is_synthetic=False).values_list("pk", "modified")
            if any(f.name == "modified" for f in model._meta.fields)
            else model._base_manager.filter(is_synthetic=False).values_list("pk", flat=True)
        )
        for model in marked_models()
    }


def synthetic_rows() -> Counter:
    return Counter(
        {
            model._meta.label: model._base_manager.filter(is_synthetic=True).count()
            for model in marked_models()
        }
    )


def digest() -> str:
    """What the synthetic data say, without ids or timestamps."""
    suppliers = sorted(
        Supplier.objects.filter(is_synthetic=True).values_list(
            "name", "organisation_number", "country"
        )
    )
    audits = sorted(
        Audit.objects.filter(is_synthetic=True).values_list(
            "supplier__name",
            "kind",
            "year",
            "start_date",
            "end_date",
            "status",
            "lead_organisation__code",
            "follows_up__start_date",
        )
    )
    findings = sorted(
        Finding.objects.filter(is_synthetic=True).values_list(
            "audit__supplier__name", "audit__start_date", "kind", "description", "status"
        )
    )
    incidents = sorted(
        Incident.objects.filter(is_synthetic=True).values_list("title", "opened_on", "status")
    )
    text = repr((suppliers, audits, findings, incidents))
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def seeded():
    call_command("seed_2024", verbosity=0)


def test_ten_years_in_the_scales_proportions_beside_the_2024_facts(seeded):
    audits_2024 = Audit.objects.filter(year=2024).count()
    findings_2024 = Finding.objects.filter(audit__year=2024).count()
    incidents_2024 = Incident.objects.filter(year_opened=2024).count()
    real_before = real_rows()
    expected = plan(float(SCALE), FIRST)

    out = generate()

    # Counts in the scale's proportions: the supplier pool, audits and incidents a year.
    assert Supplier.objects.filter(is_synthetic=True).count() == expected.suppliers == 125
    audits = Audit.objects.filter(is_synthetic=True)
    assert audits.count() == expected.audits_a_year * YEARS == 50
    for year in YEARS_MADE:
        assert audits.filter(year=year).count() == expected.audits_a_year
        assert audits.filter(year=year, kind=AuditKind.OFFICE).exists()
        assert audits.filter(year=year, kind=AuditKind.FOLLOW_UP).exists()
    assert Incident.objects.filter(is_synthetic=True).count() == expected.incidents_a_year * YEARS
    findings = Finding.objects.filter(is_synthetic=True).count()
    assert 0.7 * FINDINGS_PER_AUDIT <= findings / audits.count() <= 1.3 * FINDINGS_PER_AUDIT
    # Every audit has an audited supplier from the pool; the pool has suppliers without audits.
    audited = Supplier.objects.filter(is_synthetic=True, audits__isnull=False).distinct().count()
    assert 0 < audited < expected.suppliers
    # At scale ≤ 1 only the regions lead: no Nordic organisation is made.
    assert not Organisation.objects.filter(is_synthetic=True).exists()
    assert set(audits.values_list("lead_organisation__kind", flat=True)) == {"region"}

    # History, in bulk: at least a row per supplier, audit and finding made.
    assert Supplier.history.filter(is_synthetic=True).count() == expected.suppliers
    audit_history = Audit.history.filter(is_synthetic=True)
    assert set(audit_history.values_list("id", flat=True)) == set(
        audits.values_list("pk", flat=True)
    )
    assert Finding.history.filter(is_synthetic=True).count() == findings

    # The table printed names the rows made per model and the time.
    table = {line.split()[0]: line.split()[-1] for line in out.splitlines() if line.strip()}
    assert table["audits.Audit"] == "50"
    assert table["audits.HistoricalFinding"] == str(findings)
    assert table["suppliers.Supplier"] == "125"
    assert "Made in" in out

    # Nothing real changed: every real row is there, unmodified; every new row is synthetic.
    assert real_rows() == real_before
    assert Audit.objects.filter(year=2024).count() == audits_2024 == 69
    assert Finding.objects.filter(audit__year=2024).count() == findings_2024
    assert Incident.objects.filter(year_opened=2024).count() == incidents_2024
    # The years' reports agree with their data.
    assert consistency_check(year=FIRST) == []
    assert consistency_check(year=FIRST + 5) == []


def test_the_same_arguments_give_the_same_content_and_replace_the_earlier_rows(seeded):
    generate("--seed", "7")
    first, rows = digest(), synthetic_rows()
    real = real_rows()

    generate("--seed", "7")
    assert digest() == first
    assert synthetic_rows() == rows  # replaced, not added to
    assert real_rows() == real

    generate("--seed", "8")
    assert digest() != first


def test_organisations_grow_from_the_regions_to_about_a_hundred():
    assert organisations_at(0.05) == organisations_at(1) == 0
    assert 0 < organisations_at(5) < organisations_at(10) < organisations_at(20)
    assert organisations_at(20) == organisations_at(100) == len(nordic_organisations())
    assert 90 <= 21 + organisations_at(20) <= 110
    at_20 = plan(20)
    assert (at_20.suppliers, at_20.audits_a_year * YEARS) == (50_000, 20_000)
    assert at_20.incidents_a_year * YEARS == 5_000


def test_nordic_organisations_are_made_once_and_marked_synthetic():
    counts = Counter()
    made = _organisations(5, counts)
    assert [org.code for org in made] == ["NO-03", "DK-81", "FI-01", "IS-1", "NO-11"]
    assert all(org.is_synthetic for org in made)
    assert {org.country for org in made} == {"NO", "DK", "FI", "IS"}
    assert counts["organisations.Organisation"] == 5
    again = Counter()
    assert _organisations(5, again) == made
    assert again["organisations.Organisation"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "0"], "above 0"),
        (["--scale", "-1"], "above 0"),
        (["--scale", "nan"], "above 0"),
        (["--scale", "101"], "at most 100"),
        (["--scale", "1", "--first-year", "2095"], "within 2000–2100"),
    ],
)
def test_a_bad_argument_is_refused_and_nothing_is_saved(args, message):
    with pytest.raises(CommandError, match=message):
        call_command(Command(), *args, stdout=io.StringIO())
    assert sum(synthetic_rows().values()) == 0


def test_years_with_real_facts_are_refused_and_nothing_is_saved(seeded):
    real = real_rows()
    with pytest.raises(CommandError, match="2020–2029 overlap real facts") as refused:
        generate("--first-year", "2020")
    assert "2024: audits, incidents" in str(refused.value)
    assert sum(synthetic_rows().values()) == 0
    assert real_rows() == real


def test_without_the_regions_it_says_to_load_them_and_saves_nothing():
    with pytest.raises(CommandError, match="seed_2024"):
        generate()
    assert sum(synthetic_rows().values()) == 0
