"""The search page: what each user finds, Swedish spellings, company forms, misspellings from
the 2024 report, bad input and query counts."""

import pytest
from django.db import connection
from django.urls import reverse

from audits.choices import AuditKind
from audits.models import Audit, Finding
from incidents.models import Incident
from suppliers.choices import AliasKind
from suppliers.models import Supplier, SupplierAlias
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

URL = reverse("search:search")
ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="trigram similarity and Swedish stemming are PostgreSQL's; SQLite matches text only",
)


def search(client, user, q):
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response


def kinds(response) -> dict[str, list[str]]:
    """Kind → titles of the hits shown."""
    return {kind.key: [hit.title for hit in kind.hits] for kind in response.context["results"]}


def totals(response) -> dict[str, int]:
    return {kind.key: kind.total for kind in response.context["results"]}


def test_supplier_by_name_alias_and_organisation_number(client, world):
    SupplierAlias.objects.create(
        supplier=world.other_supplier, name="Getinge Sverige", kind=AliasKind.FORMER_NAME
    )
    secretariat = world.users["secretariat"]
    assert "Abena" in kinds(search(client, secretariat, "abena"))["suppliers"]
    assert "Getinge" in kinds(search(client, secretariat, "Getinge Sverige"))["suppliers"]
    for number in ("556036-0793", "5560360793", "556036"):
        assert kinds(search(client, secretariat, number))["suppliers"] == ["Abena"]


def test_swedish_letters_in_any_case(client, world):
    Supplier.objects.create(name="Åhléns Sjukvårdsartiklar Aktiebolag")
    Supplier.objects.create(name="Mölnlycke Health Care AB")
    secretariat = world.users["secretariat"]
    for q in ("åhléns", "ÅHLÉNS", "Åhléns", "sjukvårdsartiklar"):
        assert kinds(search(client, secretariat, q))["suppliers"] == [
            "Åhléns Sjukvårdsartiklar Aktiebolag"
        ], q
    for q in ("mölnlycke", "MÖLNLYCKE"):
        assert kinds(search(client, secretariat, q))["suppliers"] == ["Mölnlycke Health Care AB"], q
    # A text with ä and ö: the incident "Tvångsarbete i Malaysia", the finding "Riskanalys saknas."
    response = search(client, secretariat, "tvångsarbete")
    assert kinds(response)["incidents"] == ["Tvångsarbete i Malaysia"]
    response = search(client, secretariat, "Bedömningsmall")
    assert "Bedömningsmall" in kinds(response)["instruments"]


def test_company_form_aktiebolag_or_ab(client, world):
    Supplier.objects.create(name="Navamedic AB")
    Supplier.objects.create(name="Vitri Medical Aktiebolag")
    secretariat = world.users["secretariat"]
    for q in ("Navamedic Aktiebolag", "Navamedic AB", "navamedic", "Navamedic, AB"):
        assert kinds(search(client, secretariat, q))["suppliers"] == ["Navamedic AB"], q
    for q in ("Vitri Medical AB", "Vitri Medical Aktiebolag"):
        assert kinds(search(client, secretariat, q))["suppliers"] == ["Vitri Medical Aktiebolag"], q


@ON_POSTGRES
@pytest.mark.parametrize(
    "misspelt, name",
    [
        ("Betcon Dickinson", "Becton Dickinson AB"),
        ("Navamedivc AB", "Navamedic AB"),
        ("Vi tri Medical", "Vitri Medical AB"),
    ],
)
def test_misspellings_of_the_2024_report_find_the_supplier(client, world, misspelt, name):
    """The report of 2024 spells these three names so; trigram similarity finds the supplier,
    first among the hits."""
    for other in ("Becton Dickinson AB", "Navamedic AB", "Vitri Medical AB", "Medicarrier AB"):
        Supplier.objects.create(name=other)
    Audit.objects.create(
        supplier=Supplier.objects.get(name=name),
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=world.region_a,
    )
    response = search(client, world.users["secretariat"], misspelt)
    assert kinds(response)["suppliers"][0] == name
    assert kinds(response)["audits"] == [f"Kontorsrevision · {name} · 2024"]


@ON_POSTGRES
def test_swedish_stemming_finds_other_forms_of_a_word(client, world):
    Finding.objects.filter(pk=world.finding_a.pk).update(
        description="Leverantörens riskanalyser saknades."
    )
    response = search(client, world.users["secretariat"], "riskanalys saknas")
    assert kinds(response)["findings"] == ["Leverantörens riskanalyser saknades."]


def test_confidential_incident_is_not_shown_nor_counted_outside(client, world):
    # The confidential case involves region B only.
    for role, sees in [
        ("secretariat", True),
        ("procurer_b", True),
        ("procurer_a", False),
        ("reader", False),
        ("auditor", False),
    ]:
        response = search(client, world.users[role], "mutbrott")
        assert (kinds(response)["incidents"] == ["Misstänkt mutbrott"]) is sees, role
        assert totals(response)["incidents"] == (1 if sees else 0), role
        assert ("Misstänkt mutbrott" in response.content.decode()) is sees, role
        if not sees:
            assert response.context["total"] == 0


def test_auditor_finds_only_assigned_audits(client, world):
    # Audit A (Abena, region A) is not the auditor's; audit B (Getinge) is.
    auditor = world.users["auditor"]
    response = search(client, auditor, "Abena")
    assert totals(response) == dict.fromkeys(totals(response), 0)
    response = search(client, auditor, "Getinge")
    assert kinds(response)["audits"] == [str(world.audit_b)]
    assert totals(response)["suppliers"] == 0  # the register is not the auditor's
    assert totals(response)["audits"] == 1  # not the public audit of Getinge


def test_procurer_b_finds_what_the_collaboration_shares(client, world):
    response = search(client, world.users["procurer_b"], "Abena")
    assert kinds(response)["suppliers"] == ["Abena"]
    assert kinds(response)["audits"] == [str(world.audit_a)]
    response = search(client, world.users["procurer_b"], "riskanalys")
    assert "Riskanalys saknas." in kinds(response)["findings"]


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL, {"q": "Abena"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "q, message",
    [
        ("x" * 201, "för lång"),
        ("a", "minst 2 tecken"),
    ],
)
def test_bad_input_gets_a_message_and_no_search(client, world, q, message):
    client.force_login(world.users["secretariat"])
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["results"] is None


def test_empty_search_asks_for_a_text(client, world):
    client.force_login(world.users["secretariat"])
    for params in ({}, {"q": "   "}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert response.context["results"] is None
        assert "Skriv det du söker" in response.content.decode()


def test_odd_characters_do_not_break_the_search(client, world):
    secretariat = world.users["secretariat"]
    for q in ("!!", "a & | b", "'; drop", "%_%", "abena:*", "(()", "\\\\"):
        search(client, secretariat, q)


def test_show_more_links_to_the_filtered_list(client, world, monkeypatch):
    monkeypatch.setattr("search.selectors.PER_KIND", 2)
    for n in range(3):
        Supplier.objects.create(name=f"Abena Filial {n}")
    response = search(client, world.users["secretariat"], "Abena")
    assert totals(response)["suppliers"] == 4
    assert len(kinds(response)["suppliers"]) == 2
    html = response.content.decode()
    assert f'href="{reverse("suppliers:supplier_list")}?q=Abena"' in html
    assert "2 av 4 visas" in html


def test_the_menu_has_the_search_box(client, world):
    client.force_login(world.users["reader"])
    html = client.get(reverse("home")).content.decode()
    assert 'role="search"' in html
    assert f'action="{URL}"' in html
    assert '<label class="visually-hidden" for="nav-search">' in html


@pytest.mark.parametrize("role", ["secretariat", "procurer_a", "auditor"])
def test_query_count_does_not_grow_with_rows(client, world, role):
    client.force_login(world.users[role])

    def add(start, stop):
        for n in range(start, stop):
            supplier = Supplier.objects.create(name=f"Kvalitet {n} AB")
            SupplierAlias.objects.create(
                supplier=supplier, name=f"Kvalitet gamla {n}", kind=AliasKind.FORMER_NAME
            )
            audit = Audit.objects.create(
                supplier=supplier,
                kind=AuditKind.OFFICE,
                year=2024,
                lead_organisation=world.region_a,
                auditor=world.users["auditor"],
                summary="Kvalitet granskad.",
            )
            Finding.objects.create(
                audit=audit,
                kind="observation",
                description=f"Kvalitet brister {n}.",
                raised_on=world.day,
            )
            incident = Incident.objects.create(
                title=f"Kvalitet ärende {n}", year_opened=2024, confidential=n % 2 == 0
            )
            incident.suppliers.add(supplier)
            incident.involved_organisations.add(world.region_a)

    add(0, 1)
    one = count_queries(client, f"{URL}?q=kvalitet")
    add(1, 15)
    many = count_queries(client, f"{URL}?q=kvalitet")
    assert many == one
    response = client.get(URL, {"q": "kvalitet"})
    if role != "auditor":
        assert totals(response)["suppliers"] == 15
        assert totals(response)["incidents"] == 15
    assert totals(response)["audits"] == 15
    assert totals(response)["findings"] == 15
    assert len(kinds(response)["findings"]) == 10


def test_more_than_the_cap_is_said_so_not_counted(client, world, monkeypatch):
    monkeypatch.setattr("search.selectors.COUNT_CAP", 2)
    monkeypatch.setattr("search.selectors.PER_KIND", 2)
    for n in range(4):
        Finding.objects.create(
            audit=world.audit_a,
            kind="observation",
            description=f"Kemikalier förvaras fel {n}.",
            raised_on=world.day,
        )
    response = search(client, world.users["secretariat"], "kemikalier")
    findings = next(k for k in response.context["results"] if k.key == "findings")
    assert findings.capped and findings.total == 3 and len(findings.hits) == 2
    html = response.content.decode()
    assert "fler än 2" in html
    assert "Fler än 2 träffar" in html
