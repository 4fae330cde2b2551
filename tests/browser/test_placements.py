"""Placements in the real UI on a phone: a coach moves a proposal to hired, records the job
start from it, sees the support plan, logs a support contact with the employer (it appears in
the employer's contact log) and the overdue flag on My day clears; ending the job puts the
person back in job search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crm.accounts.models import Role
from crm.candidates.models import JobSeeker
from crm.candidates.services.consents import grant_consent
from crm.employers.services.openings import create_opening
from crm.matching.models import ProposalStatus
from crm.matching.services import proposals
from crm.placements.models import Placement
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import PASSWORD, EmployerFactory, UserFactory, create_job_seeker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def coach():
    return UserFactory(
        username="sanna", role=Role.COACH, language="en", first_name="Sanna", last_name="Virta"
    )


@pytest.fixture
def interview(coach):
    """Kaisa has been presented to the employer and interviewed."""
    employer = EmployerFactory(organization=coach.organization, name="Saimaan Varasto Oy")
    opening = create_opening(
        employer=employer,
        by=coach,
        title="Varastotyöntekijä",
        occupation="Varastotyöntekijä",
        hours_per_week=30,
        municipality="Lappeenranta",
    )
    kaisa = create_job_seeker(coach=coach, first_name="Kaisa", last_name="Koski")
    grant_consent(
        job_seeker=kaisa,
        by=coach,
        purpose="employer_disclosure",
        granted_on=TODAY - timedelta(days=20),
    )
    proposal = proposals.create_proposal(job_seeker=kaisa, opening=opening, by=coach)
    for status in (ProposalStatus.DISCUSSED, ProposalStatus.PRESENTED, ProposalStatus.INTERVIEW):
        proposal = proposals.move_proposal(
            proposal=proposal, to_status=status, by=coach, version=proposal.version
        )
    return proposal


def test_a_coach_records_a_job_start_and_follows_along_on_a_phone(
    phone_page, live_server, coach, interview
):
    page, base = phone_page, live_server.url
    kaisa, employer = interview.job_seeker, interview.opening.employer
    log_in(page, base, "sanna", PASSWORD)

    # Hired: the proposal page offers to record the job start, pre-filled.
    page.goto(f"{base}/proposals/{interview.pk}/")
    page.get_by_label("Hired", exact=True).check()
    page.get_by_role("button", name="Save the step").click()
    page.wait_for_load_state()
    expect(page.locator(".proposal-status")).to_contain_text("Hired")
    page.get_by_role("button", name="Record job start").click()  # a link styled as a button
    page.wait_for_url(f"{base}/job-seekers/{kaisa.pk}/jobs/new/*")
    expect(page.get_by_label("Job title")).to_have_value("Varastotyöntekijä")
    # Recorded ten days late: the first support contact (within 3 days) is overdue already.
    page.get_by_label("Start date").fill((TODAY - timedelta(days=10)).isoformat())
    page.get_by_label("Hours per week").fill("37.5")
    page.get_by_label("Contract type").select_option("permanent")
    shot(page, "placements-record-job-start-phone")
    page.get_by_role("button", name="Record job start").click()

    page.wait_for_url(f"{base}/placements/*/")
    placement = Placement.objects.get(candidate=kaisa)
    assert placement.proposal_id == interview.pk
    assert str(placement.hours_per_week) == "37.5"
    assert JobSeeker.objects.get(pk=kaisa.pk).status == "working"
    expect(page.locator("#overdue-flag")).to_be_visible()
    expect(page.locator(".plan-slots .slot").first).to_contain_text("Overdue")
    expect(page.locator(".plan-slots")).to_contain_text("Month 12")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    shot(page, "placements-placement-overdue-phone")

    page.goto(f"{base}/my-day/")
    due = page.locator("#support-due")
    expect(due).to_contain_text("Kaisa Koski")
    expect(due.locator(".badge.overdue")).to_be_visible()
    shot(page, "placements-my-day-overdue-phone")

    # A support contact with the employer, logged from the link on My day.
    due.get_by_role("link", name="Kaisa Koski").click()
    page.wait_for_url(f"{base}/placements/{placement.pk}/*")
    form = page.locator("form.support-form")
    form.get_by_label("The employer", exact=True).check()
    form.get_by_label("Face to face").check()
    form.get_by_label("Working hours").check()
    form.get_by_label("Notes").fill("Vuorot sovittu esihenkilön kanssa.")
    form.get_by_role("button", name="Save support contact").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Saimaan Varasto Oy's contact log")
    expect(page.locator("#overdue-flag")).to_have_count(0)
    expect(page.locator(".support-contacts")).to_contain_text("Vuorot sovittu")
    shot(page, "placements-placement-after-contact-phone")

    page.goto(f"{base}/employers/{employer.pk}/")
    entry = page.locator(".timeline li").filter(has_text="Follow-along support").first
    expect(entry).to_contain_text("Support")
    expect(entry).to_contain_text("Kaisa Koski")
    expect(page.locator("#jobs")).to_contain_text("Kaisa Koski")  # people working here

    page.goto(f"{base}/my-day/")
    expect(page.locator("#support-due .badge.overdue")).to_have_count(0)

    # The job ends: Kaisa is back in job search.
    page.goto(f"{base}/placements/{placement.pk}/")
    page.get_by_role("button", name="Record the end").click()
    page.get_by_label("Why the job ended").select_option("quit")
    page.get_by_label("What was learned for the next job").fill("Aamuvuorot sopivat paremmin.")
    page.get_by_role("button", name="Record the end").click()
    page.wait_for_url(f"{base}/placements/{placement.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Kaisa Koski is now: Job search")
    assert JobSeeker.objects.get(pk=kaisa.pk).status == "job_search"
    expect(page.locator("#job")).to_contain_text("The person quit")
    expect(page.locator("#job")).to_contain_text("Aamuvuorot sopivat paremmin.")
    shot(page, "placements-placement-ended-phone")
