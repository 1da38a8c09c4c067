"""seed_2024 loads exactly the facts of the 2024 report, and a second run changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from audits.choices import AuditKind
from audits.models import Audit
from incidents.models import Incident
from organisations.models import Organisation
from reporting.models import Contribution, Event, Narrative, YearlyFigure
from reporting.seed import facts_2024
from reporting.selectors import accounts_summary
from requirements_catalog.choices import HARMONISED_KINDS, InstrumentKind
from requirements_catalog.models import Instrument
from riskanalysis.models import Category, CategoryPriority, RiskAnalysis, Study
from suppliers.models import FrameworkAgreement, Supplier

pytestmark = pytest.mark.django_db

LOCAL_APPS = tuple(app for app in settings.LOCAL_APPS if app != "core")


@pytest.fixture
def seeded(module_seed_2024):
    """The 2024 data, loaded once for the module."""


def figure(year, key):
    return YearlyFigure.objects.get(year=year, key=key).value


def test_21_regions_with_iso_codes_whose_contributions_sum_to_10_538(seeded):
    regions = Organisation.objects.filter(kind="region")
    assert regions.count() == 21
    assert all(code.startswith("SE-") for code in regions.values_list("code", flat=True))
    assert regions.get(code="SE-T").name == "Region Örebro län"
    total = Contribution.objects.filter(financial_year__year=2024).aggregate(s=Sum("amount"))["s"]
    assert total == Decimal(10538)
    assert Contribution.objects.get(organisation__code="SE-AB").amount == Decimal(2440)


def test_69_audits_in_2024_of_which_44_office_and_25_follow_up(seeded):
    audits = Audit.objects.filter(year=2024)
    assert audits.count() == 69
    assert audits.filter(kind=AuditKind.OFFICE).count() == 44
    assert audits.filter(kind=AuditKind.FOLLOW_UP).count() == 25
    listed = set(facts_2024.OFFICE_AUDITS) | set(facts_2024.FOLLOW_UP_AUDITS)
    assert set(audits.values_list("supplier__name", flat=True)) == listed
    # What the report does not say stays empty.
    assert not audits.exclude(start_date=None).exists()
    assert not audits.exclude(lead_organisation=None).exists()


def test_icu_medical_line_is_split_into_its_facts(seeded):
    icu = Supplier.objects.get(name="ICU Medical")
    assert list(icu.aliases.values_list("name", "kind")) == [("Smiths Medical", "former_name")]
    audit = icu.audits.get()
    assert audit.kind == AuditKind.FOLLOW_UP
    assert audit.observer_required
    assert Audit.objects.filter(observer_required=True).count() == 1
    assert (
        not Supplier.objects.filter(name__icontains="(")
        .exclude(name="Merck Sharp & Dohme (Sweden) AB")
        .exists()
    )


def test_no_internal_note_leaks_into_any_text(seeded):
    for model in apps.get_models():
        if model._meta.app_label not in LOCAL_APPS:
            continue
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if f.get_internal_type() in ("CharField", "TextField")
        ]
        for field in text_fields:
            assert not model.objects.filter(**{f"{field}__icontains": "glöm ej"}).exists(), (
                model,
                field,
            )


def test_report_spellings_are_kept_and_corrections_are_aliases(seeded):
    navamedic = Supplier.objects.get(name="Navamedivc AB")
    assert navamedic.aliases.get().name == "Navamedic AB"
    assert (
        Supplier.objects.filter(aliases__name="Becton Dickinson").get().name == "Betcon Dickinson"
    )


def test_six_incidents_with_their_facts(seeded):
    assert Incident.objects.count() == 6
    malaysia = Incident.objects.get(title__contains="Malaysia")
    assert set(malaysia.suppliers.values_list("name", flat=True)) == {"Sony", "Panasonic", "Daikin"}
    assert malaysia.lead_organisation.code == "SE-AB"
    assert list(malaysia.partners.values_list("code", flat=True)) == ["EW"]
    assert malaysia.sites.get().country == "MY"
    taiwan = Incident.objects.get(title__contains="Taiwan")
    assert set(taiwan.risks.values_list("area", flat=True)) == {"forced_labour", "debt_bondage"}
    cotton = Incident.objects.get(title__contains="Bomull")
    test = cotton.lab_tests.get()
    assert test.method == "Isotopanalys"
    assert (test.sampled_on.year, test.sampled_on.month, test.sampled_precision) == (
        2025,
        1,
        "month",
    )
    assert set(cotton.involved_organisations.values_list("code", flat=True)) == {
        "SE-I",
        "SE-AB",
        "SE-S",
        "SE-T",
    }
    bribery = Incident.objects.get(title__contains="mutbrott")
    # The published report tells the case openly: nothing marks it confidential.
    assert not bribery.confidential
    assert bribery.audits.get().supplier.name == "Canon Medical Systems"
    agreement = FrameworkAgreement.objects.get(supplier__name="Bake My Day")
    assert agreement.status == "terminated"
    assert agreement.lead_organisation.code == "SE-W"


def test_three_risk_analyses_two_studies_and_the_prioritised_categories(seeded):
    assert RiskAnalysis.objects.filter(year=2024).count() == 3
    skyddsrockar = RiskAnalysis.objects.get(products_areas="Skyddsrockar")
    assert set(skyddsrockar.responsible_organisations.values_list("code", flat=True)) == {
        "SE-Y",
        "SE-Z",
        "SE-BD",
        "SE-AC",
    }
    assert Study.objects.filter(year=2024).count() == 2
    prioritised = CategoryPriority.objects.filter(start_year=2023, end_year=2025)
    assert prioritised.count() == 4
    assert not prioritised.exclude(human_rights_risk="").exists()
    assert Category.objects.get(name="Sårvård och kompression").parent.name == (
        "Vårdrelaterad utrustning och förbrukningsvaror"
    )


def test_five_harmonised_requirements_and_guidance_and_the_instruments(seeded):
    harmonised = Instrument.objects.filter(kind__in=HARMONISED_KINDS, versions__year=2024)
    assert harmonised.count() == 5
    inkontinens = Instrument.objects.get(products_areas__startswith="Inkontinens")
    assert set(inkontinens.responsible_organisations.values_list("code", flat=True)) == {
        "SE-F",
        "SE-O",
        "SE-AB",
    }
    code = Instrument.objects.get(kind=InstrumentKind.CODE_OF_CONDUCT)
    assert code.versions.get().year == 2024
    assert Instrument.objects.filter(kind=InstrumentKind.ASSESSMENT_TEMPLATE).count() == 1
    # The clause texts are not in the report: none are invented.
    assert not Instrument.objects.filter(versions__clauses__isnull=False).exists()


def test_communication_staffing_and_pre_portal_figures(seeded):
    assert (figure(2023, "newsletters"), figure(2024, "newsletters")) == (13, 18)
    assert (figure(2023, "newsletter_subscribers"), figure(2024, "newsletter_subscribers")) == (
        103,
        198,
    )
    assert (figure(2023, "media_articles"), figure(2024, "media_articles")) == (5, 13)
    assert (figure(2023, "secretariat_staff"), figure(2024, "secretariat_staff")) == (3, 5)
    assert figure(2023, "audits_total") == 42
    assert YearlyFigure.objects.get(year=2023, key="audits_total").source


def test_events_keep_over_560_as_a_lower_bound(seeded):
    adda = Event.objects.get(organisers__code="ADDA")
    assert (adda.occurrences, adda.participants, adda.participants_is_lower_bound) == (4, 560, True)
    assert adda.participants_display == "över 560"
    conference = Event.objects.get(title__startswith="Nätverkets årliga konferens")
    assert conference.participants is None


def test_accounts_balance_at_12_720(seeded):
    accounts = accounts_summary(year=2024)
    assert accounts.opening_balance == 4120
    assert accounts.closing_balance == 1938
    assert accounts.contributions == 10538
    assert accounts.costs == 12720
    assert accounts.income == 12720
    assert accounts.balances


def test_the_reports_own_45_sentence_is_kept_as_narrative(seeded):
    audits_text = " ".join(
        Narrative.objects.filter(year=2024, section="audits").values_list("body", flat=True)
    )
    assert "45 stycken kontorsrevisioner" in audits_text
    assert "44 revisioner av nya leverantörer" in audits_text


def snapshot():
    """Every row of every local model, with its timestamps, and the history row counts."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in LOCAL_APPS:
            rows[model._meta.label] = sorted(
                tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()
            )
    return rows


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    assert sum(len(v) for v in before.values()) > 300
    call_command("seed_2024", verbosity=0)
    assert snapshot() == before
