"""Matching in the real UI: a coach reads why people match an opening, proposes one and moves
the proposal up to presenting them to the employer, which logs the employer contact; without
the person's consent to disclosure, presenting is refused and nothing moves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crm.accounts.models import Role
from crm.candidates.services.consents import grant_consent
from crm.candidates.services.profile import save_profile
from crm.employers.services.openings import create_opening
from crm.matching.models import Proposal, ProposalStatus
from crm.matching.services.proposals import create_proposal, move_proposal
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import PASSWORD, EmployerFactory, UserFactory, create_job_seeker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAREHOUSE_WORK = {
    "occupations": ["varastotyöntekijä"],
    "skills": ["keräily"],
    "hours_min": 20,
    "hours_max": 30,
    "schedules": ["day"],
}


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def seeker(coach, *, profile, **fields):
    person = create_job_seeker(coach=coach, **fields)
    save_profile(job_seeker=person, by=coach, version=person.profile.version, **profile)
    person.refresh_from_db()
    return person


@pytest.fixture
def coach():
    # English UI: the Finnish translations are still being written.
    return UserFactory(
        username="sanna", role=Role.COACH, language="en", first_name="Sanna", last_name="Virta"
    )


@pytest.fixture
def opening(coach):
    employer = EmployerFactory(organization=coach.organization, name="Saimaan Varasto Oy")
    return create_opening(
        employer=employer,
        by=coach,
        title="Varastotyöntekijä",
        occupation="Varastotyöntekijä",
        required_skills=["keräily"],
        licences=["trukkikortti"],
        hours_per_week=30,
        municipality="Lappeenranta",
    )


def move(page, status_label: str) -> None:
    page.get_by_label(status_label, exact=True).check()
    page.get_by_role("button", name="Save the step").click()
    page.wait_for_load_state()


def test_a_coach_proposes_a_matching_person_and_presents_them(
    desktop_page, live_server, coach, opening
):
    page = desktop_page
    seeker(coach, profile={"occupations": ["kokki"]}, first_name="Olli", last_name="Ojala")
    kaisa = seeker(coach, profile=WAREHOUSE_WORK, first_name="Kaisa", last_name="Koski")
    grant_consent(
        job_seeker=kaisa,
        by=coach,
        purpose="employer_disclosure",
        granted_on=timezone.localdate() - timedelta(days=1),
    )
    log_in(page, live_server.url, "sanna", PASSWORD)

    page.goto(f"{live_server.url}/openings/{opening.pk}/")
    page.get_by_role("button", name="Matching job seekers").click()  # a link styled as a button

    page.wait_for_url(f"{live_server.url}/openings/{opening.pk}/matches/")
    assert page.get_by_role("heading", level=1).inner_text() == "Matching job seekers"
    cards = page.locator(".match-card")
    expect(cards).to_have_count(2)
    # The person who wants this kind of work ranks first, and the card says why, in words.
    expect(cards.first.get_by_role("heading", level=2)).to_have_text("Kaisa Koski")
    first = cards.first.locator(".match-reasons")
    expect(first).to_contain_text("Wants this kind of work: Varastotyöntekijä ✓")
    expect(first).to_contain_text("No Trukkikortti — obtainable")  # a gap, not an exclusion
    expect(first).to_contain_text("Prefers 20–30 h/week, the opening is 30 h ✓")
    expect(cards.nth(1).locator(".match-reasons")).to_contain_text("Wants other work: Kokki")
    shot(page, "matching-opening-matches-desktop")

    cards.first.get_by_role("button", name="Propose").click()

    page.wait_for_url(f"{live_server.url}/proposals/*/")
    proposal = Proposal.objects.get(job_seeker=kaisa, opening=opening)
    expect(page.get_by_role("status")).to_contain_text("Proposal created: Kaisa Koski")
    expect(page.locator(".proposal-status")).to_contain_text("Suggested")

    move(page, "Discussed with the job seeker")
    expect(page.locator(".proposal-status")).to_contain_text("Discussed with the job seeker")
    expect(
        page.locator(".disclosure-box")
    ).to_be_visible()  # the disclosure choice, before presenting

    move(page, "Presented to the employer")

    expect(page.locator(".proposal-status")).to_contain_text("Presented to the employer")
    expect(page.locator("main")).to_contain_text("The employer contact was logged")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PRESENTED and proposal.presented_at is not None
    shot(page, "matching-proposal-presented-desktop")

    page.get_by_role("link", name="Saimaan Varasto Oy").first.click()
    page.wait_for_url(f"{live_server.url}/employers/{opening.employer_id}/")
    contact = page.locator(".timeline li").filter(has_text="Presenting a job seeker").first
    expect(contact).to_contain_text("Face to face")
    expect(contact).to_contain_text("Presented a job seeker for the opening “Varastotyöntekijä”.")
    expect(contact).to_contain_text("On behalf of: Kaisa Koski")

    page.goto(f"{live_server.url}/job-seekers/{kaisa.pk}/")
    milestone = page.locator(".milestone-first_employer_contact")
    expect(milestone).to_contain_text("First face-to-face employer contact")
    expect(milestone).to_contain_text("from the contact log")


def test_presenting_without_consent_shows_why_and_nothing_moves(
    desktop_page, live_server, coach, opening
):
    page = desktop_page
    kaisa = seeker(coach, profile=WAREHOUSE_WORK, first_name="Kaisa", last_name="Koski")
    proposal = create_proposal(job_seeker=kaisa, opening=opening, by=coach)
    proposal = move_proposal(
        proposal=proposal, to_status=ProposalStatus.DISCUSSED, by=coach, version=proposal.version
    )
    log_in(page, live_server.url, "sanna", PASSWORD)

    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    move(page, "Presented to the employer")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The proposal was not moved.")
    expect(alert).to_contain_text("has no valid consent")  # the reason, not only at the field
    expect(alert.get_by_role("link", name="Open the person's consents")).to_be_visible()
    expect(page.locator(".field-error")).to_contain_text(
        "Kaisa Koski has no valid consent for: Disclosure to an employer. Record the consent first."
    )
    expect(page.locator(".proposal-status")).to_contain_text("Discussed with the job seeker")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISCUSSED and proposal.presented_at is None
    assert not opening.employer.contacts.exists()
    shot(page, "matching-present-refused-desktop")
