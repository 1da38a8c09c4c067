"""API permission matrix rows of the suppliers app."""

from tests.matrix import ApiRow, api_expect

SEE_ALL = api_expect(200)
SEE_ONE = api_expect(200, auditor=404)
# The agreement is led by region A: its procurer and the secretariat change it.
CHANGE_A = api_expect(403, secretariat=200, procurer_a=200, auditor=404)


def _agreement(w):
    return {"pk": w.agreement.pk}


ROWS = [
    ApiRow("api:supplier-list", expect=SEE_ALL),
    ApiRow("api:supplier-list", query={"q": "abena"}, note="search", expect=SEE_ALL),
    ApiRow("api:supplier-detail", kwargs=lambda w: {"pk": w.supplier.pk}, expect=SEE_ONE),
    ApiRow("api:site-list", expect=SEE_ALL),
    ApiRow("api:site-detail", kwargs=lambda w: {"pk": w.site.pk}, expect=SEE_ONE),
    ApiRow("api:agreement-list", expect=SEE_ALL),
    ApiRow(
        "api:agreement-list",
        query={"region": "SE-T"},
        note="region",
        expect=api_expect(200, auditor=400),
    ),  # the auditor sees no region to name
    # A procurer adds agreements their own organisation leads: B's procurer cannot lead for A.
    ApiRow(
        "api:agreement-list",
        "post",
        data=lambda w: {
            "supplier": w.supplier.pk,
            "lead_organisation": w.region_a.pk,
            "title": "Ramavtal handskar",
        },
        expect=api_expect(403, secretariat=201, procurer_a=201, procurer_b=400),
    ),
    ApiRow("api:agreement-detail", kwargs=_agreement, expect=SEE_ONE),
    ApiRow(
        "api:agreement-detail",
        "patch",
        kwargs=_agreement,
        data=lambda w: {"reference": "RS-2024-17"},
        expect=CHANGE_A,
    ),
    # Deleting is the secretariat's.
    ApiRow(
        "api:agreement-detail",
        "delete",
        kwargs=_agreement,
        expect=api_expect(403, secretariat=204, auditor=404),
    ),
    ApiRow(
        "api:agreement-terminate",
        "post",
        kwargs=_agreement,
        data=lambda w: {"reason": "Leverantören följde inte uppförandekoden."},
        expect=CHANGE_A,
    ),
]

# The supplier and site registers: the secretariat writes them. A procurer or reader who sees
# the row is refused (403); the auditor sees none of it (404).
WRITE = api_expect(403, secretariat=200, auditor=404)
DELETE = api_expect(403, secretariat=204, auditor=404)
ADD = api_expect(403, secretariat=201)


def _unreferenced_supplier(w):
    from suppliers.models import Supplier

    supplier, _created = Supplier.objects.get_or_create(name="Borttagen AB")
    return {"pk": supplier.pk}


ROWS += [
    ApiRow(
        "api:supplier-list",
        "post",
        data=lambda w: {
            "name": "Mölnlycke Health Care AB",
            "organisation_number": "556471-5521",
            "country": "SE",
            "parent": w.supplier.pk,
            "aliases": [{"name": "Mölnlycke", "kind": "trade_name"}],
        },
        expect=ADD,
    ),
    ApiRow(
        "api:supplier-detail",
        "patch",
        kwargs=lambda w: {"pk": w.supplier.pk},
        data=lambda w: {"aliases": [{"name": "Abena A/S", "kind": "spelling"}]},
        expect=WRITE,
    ),
    ApiRow("api:supplier-detail", "delete", kwargs=_unreferenced_supplier, expect=DELETE),
    ApiRow(
        "api:site-list",
        "post",
        data=lambda w: {
            "name": "Gruva i Katanga",
            "kind": "mine",
            "country": "CD",
            "supplier_links": [{"supplier": w.supplier.pk, "tier": 4, "products": "Kobolt"}],
        },
        expect=ADD,
    ),
    ApiRow(
        "api:site-detail",
        "patch",
        kwargs=lambda w: {"pk": w.site.pk},
        data=lambda w: {"locality": "Klang"},
        expect=WRITE,
    ),
    ApiRow("api:site-detail", "delete", kwargs=lambda w: {"pk": w.site.pk}, expect=DELETE),
]
