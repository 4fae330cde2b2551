"""Reports in the real UI, on desktop and on a 390 px phone: a lead opens Raportit, picks last
quarter, drills from "worked" to the list, downloads the PDF and the XLSX (both opened and
checked), fills a review with two items left and sees no total, completes it and sees the band.
No page scrolls sideways."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from crm.accounts.models import Role
from crm.candidates.models import JobSeeker
from crm.placements.models import Placement
from crm.reports.models import FidelityReview
from crm.reports.periods import previous_quarter, quarter_of
from crm.reports.scale import ITEM_CODES
from crm.reports.services import reviews as services
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import PASSWORD, EmployerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOTS / f"reports-{name}-{width}.png"), full_page=True)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url} is {width}px wide in a {viewport}px window"


@pytest.fixture
def last_quarter_data():
    """Two people served last quarter, one of them in a competitive job."""
    lead = UserFactory(username="liisa", role=Role.LEAD, language="en", first_name="Liisa")
    org = lead.organization
    coach = UserFactory(username="kalle", role=Role.COACH, organization=org)
    quarter = previous_quarter(quarter_of(timezone.localdate()))
    employer = EmployerFactory(organization=org, name="Saimaan Kauppa Oy")
    people = [
        JobSeeker.objects.create(
            organization=org,
            first_name=name,
            last_name="Testinen",
            referral_source="self",
            referred_on=quarter.start - timedelta(days=30),
            intake_on=quarter.start - timedelta(days=20),
            status="job_search",
            coach=coach,
        )
        for name in ("Aino", "Bertta")
    ]
    Placement.objects.create(
        organization=org,
        candidate=people[0],
        employer=employer,
        job_title="Myyjä",
        start_on=quarter.start + timedelta(days=10),
        hours_per_week=Decimal("25"),
        contract_type="permanent",
        competitive=True,
    )
    return lead, quarter


def test_a_lead_reads_the_reports_and_fills_a_review(
    page, live_server, last_quarter_data, tmp_path
):
    lead, quarter = last_quarter_data
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", name="IPS fidelity")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "raportit")

    page.get_by_role("button", name="Outcome report").click()
    page.locator("#id_quarter").select_option(label=quarter.label)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#figures-heading")).to_contain_text(quarter.label)
    worked = page.locator("#figure-worked a")
    expect(worked).to_have_text("1")
    no_sideways_scroll(page)
    shot(page, "outcomes")

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="PDF").click()
    pdf = PdfReader(pdf_download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert f"Outcome report {quarter.label}" in text and "50.0 %" in text
    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="XLSX").click()
    with open(xlsx_download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["People served (on caseload)"] == 2
    assert values["Worked in a competitive job"] == 1

    worked.click()
    expect(
        page.get_by_role("heading", name="People who worked in a competitive job")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Aino Testinen")).to_be_visible()
    expect(page.get_by_text("Bertta Testinen")).to_have_count(0)
    no_sideways_scroll(page)
    shot(page, "worked-list")

    page.goto(f"{live_server.url}/reports/reviews/new/")
    for code in ITEM_CODES[:-2]:
        page.locator(f"input[name=rating_{code}][value='4']").check()
    expect(page.locator("#review-summary")).to_contain_text("2 items left: no total yet")
    no_sideways_scroll(page)
    shot(page, "review-draft")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text("Draft saved: 23 of 25 items rated")
    expect(page.locator("#review-summary")).not_to_contain_text("Total")

    for code in ITEM_CODES[-2:]:
        page.locator(f"input[name=rating_{code}][value='4']").check()
    expect(page.locator("#review-summary")).to_contain_text("Total 100 / 125")
    expect(page.locator("#review-summary [data-band]")).to_have_text("Good fidelity")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text("Review saved: total 100, Good fidelity")
    no_sideways_scroll(page)
    page.goto(f"{live_server.url}/reports/reviews/")
    expect(page.locator(".band-good").first).to_have_text("Good fidelity")
    no_sideways_scroll(page)
    shot(page, "review-list")

    older = services.create_review(
        by=lead,
        reviewed_on=quarter.start,
        kind="external",
        ratings=dict.fromkeys(ITEM_CODES, 3),
    )
    newer = FidelityReview.objects.exclude(pk=older.pk).get()
    page.goto(f"{live_server.url}/reports/reviews/compare/?a={older.pk}&b={newer.pk}")
    expect(page.locator(".compare-table tbody tr.changed-up")).to_have_count(25)
    no_sideways_scroll(page)
    shot(page, "review-compare")
    page.goto(f"{live_server.url}/reports/evaluation-extract/")
    expect(page.get_by_role("heading", name="Pseudonymised evaluation extract")).to_be_visible()
    no_sideways_scroll(page)
