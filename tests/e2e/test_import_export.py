"""The supplier register into the portal from a spreadsheet and back out, in real Chromium.

The secretariat opens Leverantörer → Importera, uploads an XLSX with a bad row and sees the row,
the column and the reason, with nothing saved and no way to confirm; uploads the corrected file,
sees every row as new or unchanged, confirms, and finds the suppliers in the list; then exports
the filtered list as XLSX from the list page and gets exactly the rows the page shows.
"""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from suppliers.models import Supplier
from tests.e2e.browser import log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_suppliers_from_a_spreadsheet_and_back(new_page, steps, tmp_path):
    World()
    page = new_page()
    log_in(page, "secretariat")

    page.goto("/suppliers/")
    page.get_by_role("link", name="Importera").click()
    expect(page).to_have_url(re.compile(r"/suppliers/import/$"))
    expect(page.locator("main")).to_contain_text("Organisationsnummer")
    expect(page.locator("main")).to_contain_text("organisation_number")  # read too
    steps.shot(page, "import-page")

    header = ["name", "organisation_number", "country", "aliases"]
    bad = tmp_path / "leverantorer.xlsx"
    bad.write_bytes(
        xlsx(
            [header, ["Ny Leverantör AB", "556123-4567", "SE", "NLAB"], ["Trasig AB", "", "XX", ""]]
        )
    )
    page.set_input_files("#id_file", str(bad))
    page.click("#import-check")
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("1 fel: ingenting importeras")
    expect(errors).to_contain_text("XX är inte en landskod")
    expect(errors.locator("tbody tr td").first).to_have_text("3")  # the spreadsheet's row
    expect(page.locator("#import-confirm")).to_have_count(0)
    steps.shot(page, "preview-with-error")
    assert not Supplier.objects.filter(name="Ny Leverantör AB").exists()

    page.goto("/suppliers/import/")
    good = tmp_path / "leverantorer-rattad.xlsx"
    good.write_bytes(
        xlsx(
            [
                header,
                ["Ny Leverantör AB", "556123-4567", "SE", "NLAB"],
                ["Abena", "5560360793", "", ""],
            ]
        )
    )
    page.set_input_files("#id_file", str(good))
    page.click("#import-check")
    expect(page.locator("#import-counts")).to_contain_text("ny: 1")
    expect(page.locator("#import-counts")).to_contain_text("oförändrad: 1")
    expect(page.locator("#import-rows")).to_contain_text("Ny Leverantör AB")
    steps.shot(page, "preview-ok")
    page.click("#import-confirm")
    expect(page.locator(".alert-success, .alert")).to_contain_text("Importerat: 1 nya")
    expect(page.locator("#job-status")).to_have_text("Importerad")
    steps.shot(page, "imported")
    assert Supplier.objects.get(name="Ny Leverantör AB").aliases.get().name == "NLAB"

    # Out again: the list filtered by a search, exported from its menu.
    page.goto("/suppliers/?q=Ny+Leverant")
    expect(page.locator("#object-table")).to_contain_text("Ny Leverantör AB")
    page.click("#export-menu")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    assert re.fullmatch(r"suppliers-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename)
    sheet = load_workbook(path).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Namn", "Organisationsnummer", "Land"]  # the pages' words
    assert [row[0] for row in rows[1:]] == ["Ny Leverantör AB"]
    assert rows[1][1] == "5561234567" and rows[1][-1] == "NLAB"
