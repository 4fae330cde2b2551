"""The report pages: Raportit, the outcome report with its drill-downs and downloads, reviews."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from crm.accounts.models import Role
from crm.reports.models import FidelityReview
from crm.reports.scale import ITEM_CODES
from crm.reports.services import reviews as services
from tests.reports import dataset

pytestmark = pytest.mark.django_db

Q1 = "start=2026-01-01&end=2026-03-31"


@pytest.fixture
def ns():
    return dataset.build()


def test_raportit_shows_quarter_figures_and_the_latest_review(ns, client_for):
    services.create_review(
        by=ns.lead,
        reviewed_on=dataset.d("2026-06-01"),
        kind="external",
        ratings=dict.fromkeys(ITEM_CODES, 4),
    )
    html = client_for(ns.lead).get(reverse("reports_home")).content.decode()
    assert "No job seekers logged yet" not in html
    assert 'href="/reports/outcomes/' in html
    assert "100" in html  # the latest review's total
    assert "1.6.2027" in html  # next review due: good (100), so a year later


def test_outcome_report_lists_every_figure_with_links(ns, client_for):
    response = client_for(ns.lead).get(f"{reverse('report_outcomes')}?{Q1}")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("served", "worked", "job_starts", "first_jobs", "jobs_reaching_90_days"):
        assert f"/reports/outcomes/list/{name}/?" in html
    assert "61,5 %" in html  # Finnish number format
    assert "/reports/outcomes/quarters/?" in html  # the chart comes in a second request


def test_the_last_eight_quarters(ns, client_for):
    client = client_for(ns.lead)
    url = f"/reports/outcomes/quarters/?{Q1}"
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.count('class="chart"') == 2 and "<html" not in part
    assert "Q1/2026" in part and "Q2/2024" in part
    page = client.get(url).content.decode()  # without htmx: the whole report with the chart
    assert "<html" in page and 'class="chart"' in page


def test_the_worked_list_names_the_people(ns, client_for):
    response = client_for(ns.lead).get(f"/reports/outcomes/list/worked/?{Q1}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "P1 Laskettu" in html and "P3 Laskettu" not in html
    assert "(erased)" in html or "(poistettu)" in html  # P14 without a name


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_drill_down_downloads(ns, client_for, file_format):
    response = client_for(ns.lead).get(f"/reports/outcomes/list/worked/?{Q1}&format={file_format}")
    assert response.status_code == 200
    if file_format == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == 1 + 8
    else:
        assert response.content.decode("utf-8-sig").count("\r\n") == 1 + 8


def test_figures_xlsx_and_pdf(ns, client_for):
    client = client_for(ns.lead)
    xlsx = client.get(f"/reports/outcomes.xlsx?{Q1}")
    assert xlsx.status_code == 200
    values = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    }
    assert any(value == 13 for value in values.values())
    pdf = client.get(f"/reports/outcomes.pdf?{Q1}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "61,5" in text


def test_bad_dates_are_shown_on_the_form(ns, client_for):
    response = client_for(ns.lead).get(
        f"{reverse('report_outcomes')}?start=2026-03-31&end=2026-01-01"
    )
    assert response.status_code == 422


def test_other_organisations_team_is_404(ns, client_for):
    response = client_for(ns.lead).get(f"{reverse('report_outcomes')}?team={ns.other_team.pk}")
    assert response.status_code == 404


def test_a_coach_sees_own_figures_by_default_and_not_other_teams(ns, client_for):
    client = client_for(ns.alice)
    assert client.get(reverse("report_outcomes")).status_code == 200
    assert client.get(f"{reverse('report_outcomes')}?team={ns.south.pk}").status_code == 403
    assert client_for(ns.relations).get(reverse("report_outcomes")).status_code == 403


def test_review_pages(ns, client_for):
    client = client_for(ns.lead)
    assert client.get(reverse("report_review_create")).status_code == 200
    data = {"reviewed_on": "2026-06-01", "kind": "self", "reviewers": "Anna Arvioija"}
    data |= {f"rating_{code}": "3" for code in ITEM_CODES[:-2]}
    response = client.post(reverse("report_review_create"), data)
    assert response.status_code == 302
    review = FidelityReview.objects.get()
    assert review.total is None and review.rated_count == 23
    page = client.get(reverse("report_review_detail", args=[review.pk])).content.decode()
    assert "no total yet" in page or "ei vielä" in page.lower()
    data |= {"rating_V13": "5", "rating_V14": "5", "version": review.version}
    response = client.post(reverse("report_review_detail", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.total == 23 * 3 + 10 and review.band == "fair"
    assert client.get(reverse("report_review_list")).status_code == 200
    pdf = client.get(reverse("report_review_pdf", args=[review.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_live_total(ns, client_for):
    data = {f"rating_{code}": "4" for code in ITEM_CODES}
    html = client_for(ns.lead).post(reverse("report_review_summary"), data).content.decode()
    assert "100" in html and 'data-band="good"' in html
    del data["rating_S1"]
    html = client_for(ns.lead).post(reverse("report_review_summary"), data).content.decode()
    assert "data-band" not in html


def test_two_reviews_side_by_side(ns, client_for):
    first = services.create_review(
        by=ns.lead, reviewed_on=dataset.d("2026-01-10"), kind="self", ratings={"S1": 2}
    )
    second = services.create_review(
        by=ns.lead, reviewed_on=dataset.d("2026-07-10"), kind="self", ratings={"S1": 4}
    )
    response = client_for(ns.lead).get(
        f"{reverse('report_review_compare')}?a={second.pk}&b={first.pk}"
    )
    assert response.status_code == 200
    assert "+2" in response.content.decode()


def test_review_pages_are_for_leads_and_admins(ns, client_for, make_user):
    review = services.create_review(by=ns.lead, reviewed_on=dataset.d("2026-01-10"), kind="self")
    assert client_for(ns.alice).get(reverse("report_review_list")).status_code == 403
    other_lead = make_user(Role.LEAD, organization=ns.other_org)
    detail = reverse("report_review_detail", args=[review.pk])
    assert client_for(other_lead).get(detail).status_code == 404
    assert client_for(ns.charlie).get(detail).status_code == 403  # a coach: role not allowed
    admin = make_user(Role.ADMIN, organization=ns.org)
    assert (
        client_for(admin).get(reverse("report_review_detail", args=[review.pk])).status_code == 200
    )
