"""A relations worker imports a spreadsheet with one bad row through the real page."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook

from crm.accounts.models import Role
from crm.employers.models import ContactPerson, Employer
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_workbook(path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nimi", "Y-tunnus", "Toimiala", "Kunta", "Yhteyshenkilö", "Puhelin"])
    sheet.append(
        ["Saimaan Leipä Oy", "2000000-8", "C", "Lappeenranta", "Anna Virtanen", "040 123 4567"]
    )
    sheet.append(["Huono Oy", "1234567-8", "C", "Imatra", None, None])
    sheet.append(["Imatran Kone Oy", None, "C", "Imatra", "Pekka Korhonen", "05 123 4567"])
    workbook.save(path)


def test_a_relations_worker_imports_a_file_with_one_bad_row(
    page, live_server, screenshot, settings, tmp_path
):
    settings.BASE_DIR = tmp_path  # uploads wait under BASE_DIR/var/imports
    UserFactory(username="riikka", role=Role.RELATIONS, language="en")
    workbook = tmp_path / "tyonantajat.xlsx"
    make_workbook(workbook)

    page.goto(f"{live_server.url}/login/?next=/employers/import/")
    page.get_by_label("Käyttäjätunnus").fill("riikka")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{live_server.url}/employers/import/")

    screenshot("upload")
    page.get_by_label(re.compile(r"^File")).set_input_files(str(workbook))
    page.get_by_role("button", name="Show preview").click()

    alert = page.get_by_role("alert")
    assert "Row 3, column Y-tunnus: 1234567-8 is not a valid business ID" in alert.inner_text()
    bad_row = page.locator("#row-3")
    assert "Error" in bad_row.inner_text()
    counts = page.locator(".import-counts").inner_text()
    assert "New employers\n2" in counts
    assert "Rows with errors\n1" in counts
    screenshot("preview")
    assert Employer.objects.count() == 0

    page.get_by_role("button", name="Import 2 new employers").click()

    status = page.get_by_role("status").filter(has_text="imported")
    assert "2 new employers imported" in status.inner_text()
    assert page.get_by_role("link", name="Saimaan Leipä Oy").is_visible()
    assert page.get_by_role("link", name="Imatran Kone Oy").is_visible()
    screenshot("result")
    assert sorted(Employer.objects.values_list("name", flat=True)) == [
        "Imatran Kone Oy",
        "Saimaan Leipä Oy",
    ]
    assert ContactPerson.objects.count() == 2
