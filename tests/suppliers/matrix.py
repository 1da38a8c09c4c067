"""Permission matrix rows of the supplier register, framework agreements and sites."""

from tests.matrix import MatrixRow, expect

READERS = expect(200, auditor=404)  # shared register detail: auditors see none of it
SECRETARIAT_ONLY_PAGE = expect(404, secretariat=200)


def _supplier(w):
    return {"pk": w.supplier.pk}


def _agreement(w):
    return {"pk": w.agreement.pk}


def _agreement_post(w):
    return {
        "title": "Ramavtal A (ändrat)",
        "supplier": w.supplier.pk,
        "lead_organisation": w.region_a.pk,
        "status": "active",
    }


ROWS = [
    # Suppliers
    MatrixRow("suppliers:supplier_list", expect(200)),
    MatrixRow("suppliers:supplier_detail", READERS, kwargs=_supplier),
    MatrixRow("suppliers:supplier_add", expect(403, secretariat=200)),
    MatrixRow(
        "suppliers:supplier_add",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"name": "Mölnlycke"},
    ),
    MatrixRow("suppliers:supplier_edit", SECRETARIAT_ONLY_PAGE, kwargs=_supplier),
    MatrixRow(
        "suppliers:supplier_edit",
        expect(404, secretariat=302),
        kwargs=_supplier,
        method="post",
        data=lambda w: {"name": "Abena AB", "organisation_number": "556036-0793"},
    ),
    MatrixRow("suppliers:supplier_delete", SECRETARIAT_ONLY_PAGE, kwargs=_supplier),
    MatrixRow(
        "suppliers:supplier_delete",
        expect(404, secretariat=302),
        kwargs=lambda w: {"pk": w.other_supplier.pk},
        method="post",
    ),
    # Possible duplicates, "not duplicates" and the merge: the secretariat's only.
    MatrixRow("suppliers:supplier_duplicates", expect(403, secretariat=200)),
    MatrixRow(
        "suppliers:supplier_duplicate_reject",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"supplier": w.supplier.pk, "other": w.other_supplier.pk},
    ),
    MatrixRow(
        "suppliers:supplier_merge",
        expect(403, secretariat=200),
        kwargs=lambda w: {"pk": w.supplier.pk, "other": w.other_supplier.pk},
    ),
    MatrixRow(
        "suppliers:supplier_merge",
        expect(403, secretariat=302),
        kwargs=lambda w: {"pk": w.supplier.pk, "other": w.other_supplier.pk},
        method="post",
    ),
    # Framework agreements: procurers add those they lead, change those they lead or co-lead.
    MatrixRow("suppliers:agreement_list", expect(200)),
    MatrixRow("suppliers:agreement_detail", READERS, kwargs=_agreement),
    MatrixRow(
        "suppliers:agreement_add",
        expect(403, secretariat=200, procurer_a=200, procurer_b=200),
    ),
    MatrixRow(
        "suppliers:agreement_add",
        expect(403, secretariat=302, procurer_a=302, procurer_b=400),
        method="post",
        data=_agreement_post,
        note="lead-region-a",
    ),
    MatrixRow(
        "suppliers:agreement_edit",
        expect(404, secretariat=200, procurer_a=200),
        kwargs=_agreement,
    ),
    MatrixRow(
        "suppliers:agreement_edit",
        expect(404, secretariat=302, procurer_a=302),
        kwargs=_agreement,
        method="post",
        data=_agreement_post,
    ),
    MatrixRow("suppliers:agreement_delete", SECRETARIAT_ONLY_PAGE, kwargs=_agreement),
    MatrixRow(
        "suppliers:agreement_delete",
        expect(404, secretariat=302),
        kwargs=_agreement,
        method="post",
    ),
    # Sites: every reader sees them; the secretariat writes them (below).
    MatrixRow("suppliers:site_list", expect(200)),
    MatrixRow("suppliers:site_detail", READERS, kwargs=lambda w: {"pk": w.site.pk}),
    # Import and export: export is open to every reader, through the gate (an auditor gets an
    # empty file); importing needs the right to add rows to the register.
    # Suggestions for the supplier boxes: for anyone logged in, through the gate.
    MatrixRow("suppliers:supplier_options", expect(200)),
    MatrixRow("suppliers:supplier_export", expect(200)),
    MatrixRow("suppliers:agreement_export", expect(200)),
    MatrixRow("suppliers:site_export", expect(200)),
    MatrixRow("suppliers:supplier_import", expect(403, secretariat=200)),
    MatrixRow("suppliers:site_import", expect(403, secretariat=200)),
    MatrixRow(
        "suppliers:agreement_import",
        expect(403, secretariat=200, procurer_a=200, procurer_b=200),
    ),
    MatrixRow(
        "suppliers:supplier_import",
        expect(403, secretariat=400),  # no file: the form says so
        method="post",
    ),
]


# Aliases under their supplier; sites and the suppliers sourcing from them. The secretariat
# writes them; a page of a row the user may not change is a 404.


def alias(world):
    from suppliers.models import SupplierAlias

    return SupplierAlias.objects.get_or_create(
        supplier=world.supplier, name="Abena Nordic", defaults={"kind": "former_name"}
    )[0]


def site_link(world):
    from suppliers.models import SupplierSite

    return SupplierSite.objects.get_or_create(
        supplier=world.supplier, site=world.site, defaults={"tier": 2, "products": "Handskar"}
    )[0]


def _site_data(world):
    return {"name": "Fabrik i Penang", "kind": "factory", "country": "MY", "locality": "Penang"}


_alias = {"kwargs": lambda w: {"pk": alias(w).pk}}
_site = {"kwargs": lambda w: {"pk": w.site.pk}}
_link = {"kwargs": lambda w: {"pk": site_link(w).pk}}
CHANGE_PAGE = SECRETARIAT_ONLY_PAGE
CHANGE_POST = expect(404, secretariat=302)

ROWS += [
    MatrixRow("suppliers:supplieralias_add", CHANGE_PAGE, kwargs=_supplier),
    MatrixRow(
        "suppliers:supplieralias_add",
        CHANGE_POST,
        kwargs=_supplier,
        method="post",
        data=lambda w: {"name": "Abena A/S", "kind": "spelling"},
    ),
    MatrixRow("suppliers:supplieralias_edit", CHANGE_PAGE, **_alias),
    MatrixRow(
        "suppliers:supplieralias_edit",
        CHANGE_POST,
        method="post",
        data=lambda w: {"name": "Abena Nordic AB", "kind": "former_name", "note": "till 2020"},
        **_alias,
    ),
    MatrixRow("suppliers:supplieralias_delete", CHANGE_PAGE, **_alias),
    MatrixRow("suppliers:supplieralias_delete", CHANGE_POST, method="post", **_alias),
    MatrixRow("suppliers:site_add", expect(403, secretariat=200)),
    MatrixRow("suppliers:site_add", expect(403, secretariat=302), method="post", data=_site_data),
    MatrixRow("suppliers:site_edit", CHANGE_PAGE, **_site),
    MatrixRow("suppliers:site_edit", CHANGE_POST, method="post", data=_site_data, **_site),
    MatrixRow("suppliers:site_delete", CHANGE_PAGE, **_site),
    MatrixRow("suppliers:site_delete", CHANGE_POST, method="post", **_site),
    MatrixRow("suppliers:suppliersite_add", CHANGE_PAGE, **_site),
    MatrixRow(
        "suppliers:suppliersite_add",
        CHANGE_POST,
        method="post",
        data=lambda w: {"supplier": w.other_supplier.pk, "tier": 1, "products": "Rockar"},
        **_site,
    ),
    MatrixRow("suppliers:suppliersite_edit", CHANGE_PAGE, **_link),
    MatrixRow(
        "suppliers:suppliersite_edit",
        CHANGE_POST,
        method="post",
        data=lambda w: {"tier": 3, "products": "Nitrilhandskar"},
        **_link,
    ),
    MatrixRow("suppliers:suppliersite_delete", CHANGE_PAGE, **_link),
    MatrixRow("suppliers:suppliersite_delete", CHANGE_POST, method="post", **_link),
]
