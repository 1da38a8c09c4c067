"""Country names: every ISO 3166-1 code the portal accepts has a Swedish name in the printed
report and an English one on English pages, from CLDR (Babel) rather than a hand list."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.countries import country_name, country_names
from core.validators import ISO_COUNTRY_CODES
from reporting.templatetags.report_format import country_names as report_country_names
from tests.world import World


def test_every_accepted_code_has_a_swedish_name_in_the_report():
    names = {code: report_country_names([code])[0] for code in sorted(ISO_COUNTRY_CODES)}
    unnamed = [code for code, name in names.items() if name == code or not name]
    assert unnamed == []
    # Swedish, not English: a sample that differs between the two languages.
    assert names["CI"] == "Elfenbenskusten"
    assert names["DE"] == "Tyskland"
    assert names["KP"] == "Nordkorea"
    assert names["CD"] == "Kongo-Kinshasa"
    # The report is Swedish whatever the portal's language.
    with translation.override("en"):
        assert report_country_names(["CI", "SE"]) == ["Elfenbenskusten", "Sverige"]


def test_every_accepted_code_has_an_english_name():
    with translation.override("en"):
        names = {code: country_name(code) for code in ISO_COUNTRY_CODES}
    assert [code for code, name in names.items() if name == code] == []
    assert names["CI"] == "Côte d’Ivoire"
    assert names["SE"] == "Sweden"


def test_names_follow_the_active_language_unless_one_is_given():
    with translation.override("sv"):
        assert country_names(["CI", "MY", "GB"]) == [
            "Elfenbenskusten",
            "Malaysia",
            "Storbritannien",
        ]
    with translation.override("en"):
        assert country_names(["CI", "MY", "GB"]) == ["Côte d’Ivoire", "Malaysia", "United Kingdom"]
        assert country_names(["CI"], "sv") == ["Elfenbenskusten"]


def test_the_portal_filters_name_countries_in_the_page_language():
    template = Template("{% load hallbar %}{{ code|country_name }} | {{ codes|country_names }}")
    context = Context({"code": "CI", "codes": ["KP", "GB"]})
    with translation.override("sv"):
        assert template.render(context) == "Elfenbenskusten | Nordkorea, Storbritannien"
    with translation.override("en"):
        assert template.render(context) == "Côte d’Ivoire | North Korea, United Kingdom"


def test_an_empty_or_unknown_code_never_fails():
    assert country_name("") == ""
    assert country_name(None) == ""
    assert country_name("XK", "sv") in {"Kosovo", "XK"}  # user-assigned: CLDR names it
    assert country_name("ZZZ", "sv") == "ZZZ"
    assert country_name("ci", "sv") == "Elfenbenskusten"  # lower case typed by hand
    assert country_names(None) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "ivory_coast", "north_korea", "malaysia"),
    [
        ("sv", "Elfenbenskusten", "Nordkorea", "Malaysia"),
        ("en", "Côte d’Ivoire", "North Korea", "Malaysia"),
    ],
)
def test_portal_pages_name_countries_in_the_users_language(
    client, language, ivory_coast, north_korea, malaysia
):
    from riskanalysis.models import IdentifiedRisk
    from suppliers.models import SupplierSite

    world = World()
    world.supplier.country = "CI"
    world.supplier.save()
    SupplierSite.objects.create(supplier=world.supplier, site=world.site, tier=1)
    IdentifiedRisk.objects.create(
        analysis=world.risk_analysis, area="human_rights", description="Risk", countries=["KP"]
    )
    client.force_login(world.users["reader"])
    pages = {
        reverse("suppliers:supplier_detail", args=[world.supplier.pk]): [ivory_coast, malaysia],
        reverse("suppliers:site_detail", args=[world.site.pk]): [malaysia],
        reverse("riskanalysis:riskanalysis_detail", args=[world.risk_analysis.pk]): [north_korea],
    }
    for url, names in pages.items():
        # The request activates its language; the override puts the test's back afterwards.
        with translation.override(language):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for name in names:
            assert f">{name}<" in page.replace("&#x27;", "’"), (url, name)
