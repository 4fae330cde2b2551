"""Job seekers in the real UI: a coach's caseload and search, editing a career profile on a
phone, relations staff refused, and erasing a person's data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from crm.accounts.models import Role
from crm.candidates.models import CareerProfile, CaseNote, JobSeeker
from crm.candidates.services.notes import add_case_note
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import PASSWORD, UserFactory, create_job_seeker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def coach_named(username: str, **fields):
    # English UI: the Finnish translations are still being written.
    return UserFactory(username=username, role=Role.COACH, language="en", **fields)


def test_a_coach_finds_a_person_on_their_caseload(desktop_page, live_server):
    page = desktop_page
    coach = coach_named("sanna")
    colleague = UserFactory(organization=coach.organization, role=Role.COACH)
    mäkelä = create_job_seeker(coach=coach, first_name="Ilona", last_name="Mäkelä")
    create_job_seeker(coach=coach, first_name="Juha", last_name="Virtanen", status="working")
    create_job_seeker(coach=coach, first_name="Pekka", last_name="Korhonen", status="profiling")
    create_job_seeker(coach=coach, first_name="Aino", last_name="Lepola", status="paused")
    create_job_seeker(coach=colleague, first_name="Eeva", last_name="Mäkinen")
    log_in(page, live_server.url, "sanna", PASSWORD)

    page.locator(".main-nav").get_by_role("link", name="Job seekers").click()

    page.wait_for_url(f"{live_server.url}/job-seekers/")
    assert page.get_by_role("heading", level=1).inner_text() == "My caseload"
    # Paused people are not counted against the IPS limit of 20, nor listed by default.
    expect(page.locator(".caseload-meter")).to_contain_text("3 / 20")
    rows = page.locator(".seeker-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Virtanen, Juha")).to_contain_text("Working")
    expect(rows.filter(has_text="Korhonen, Pekka")).to_contain_text("Career profiling")
    expect(page.locator(".seeker-table")).not_to_contain_text("Mäkinen")  # a colleague's
    shot(page, "candidates-caseload-desktop")

    page.get_by_label("Search by name").fill("makela")  # typed without the umlauts

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mäkelä, Ilona")
    expect(rows.first).to_contain_text("Job search")
    assert "q=makela" in page.url  # the search can be bookmarked and shared

    rows.first.get_by_role("link", name="Mäkelä, Ilona").click()

    page.wait_for_url(f"{live_server.url}/job-seekers/{mäkelä.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ilona Mäkelä"
    expect(page.locator(".seeker-facts")).to_contain_text("Status: Job search")


def test_a_coach_edits_a_career_profile_on_a_phone(phone_page, live_server):
    page = phone_page
    coach = coach_named("sanna")
    seeker = create_job_seeker(coach=coach, first_name="Ilona", last_name="Mäkelä")
    log_in(page, live_server.url, "sanna", PASSWORD)

    page.goto(f"{live_server.url}/job-seekers/{seeker.pk}/profile/")
    page.get_by_role("button", name="Edit profile").click()  # a link styled as a button
    page.wait_for_url(f"{live_server.url}/job-seekers/{seeker.pk}/profile/edit/")

    page.get_by_label("Skills").fill("asiakaspalvelu\nkassatyö")
    page.get_by_label("Hours per week, at least").fill("30")
    page.get_by_label("Hours per week, at most").fill("20")
    page.get_by_label("Evening").check()
    page.get_by_label("Weekend").check()
    page.get_by_label("Do not disclose", exact=True).check()
    page.get_by_label("What may be told to an employer").fill("Ei mitään terveydestä.")
    page.get_by_label("Accommodation needs").fill("Rauhallinen työpiste")
    page.get_by_label("Work-relevant health restrictions").fill("Ei raskaita nostoja")
    page.get_by_role("button", name="Save").click()

    # Refused at the field, with everything typed still in place, and nothing saved.
    hours_max = page.locator(".field.has-error").filter(has=page.locator("#id_hours_max"))
    expect(hours_max.locator(".field-error")).to_have_text(
        "The most hours cannot be fewer than the least hours."
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved.")
    link = alert.get_by_role("link", name="Hours per week, at most")
    assert link.get_attribute("href") == "#id_hours_max"  # the summary leads to the field
    expect(page.get_by_label("Accommodation needs")).to_have_value("Rauhallinen työpiste")
    profile = CareerProfile.objects.get(job_seeker=seeker)
    assert (profile.hours_min, profile.hours_max, profile.accommodation_needs) == (None, None, "")
    assert not profile.skills.exists()
    shot(page, "candidates-profile-error-phone")

    page.get_by_label("Hours per week, at most").fill("35")
    # Keyboard only: Tab from the last hours field onto the first schedule, focus is visible,
    # Space toggles it.
    page.get_by_label("Hours per week, at most").focus()
    page.keyboard.press("Tab")
    day = page.get_by_label("Day", exact=True)
    expect(day).to_be_focused()
    assert day.evaluate("el => el.matches(':focus-visible')")
    assert day.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Space")
    expect(day).to_be_checked()
    page.keyboard.press("Space")
    expect(day).not_to_be_checked()
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"{live_server.url}/job-seekers/{seeker.pk}/profile/")
    expect(page.get_by_role("status")).to_contain_text("Career profile saved.")
    main = page.locator("main")
    expect(main).to_contain_text("30–35 h/week")
    expect(main).to_contain_text("Evening, Weekend")
    expect(main).to_contain_text("Do not disclose")
    expect(main).to_contain_text("Ei mitään terveydestä.")
    # Resolved to the shared skill vocabulary, as openings are.
    expect(main.locator(".tag")).to_have_text(["Asiakaspalvelu", "Kassatyö"])
    sensitive = main.locator(".sensitive-section")
    expect(sensitive).to_contain_text("Rauhallinen työpiste")
    expect(sensitive).to_contain_text("Ei raskaita nostoja")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    shot(page, "candidates-profile-saved-phone")


def test_relations_staff_are_refused_job_seeker_pages(desktop_page, live_server):
    page = desktop_page
    relations = UserFactory(username="mikko", role=Role.RELATIONS, language="en")
    coach = UserFactory(organization=relations.organization, role=Role.COACH)
    seeker = create_job_seeker(coach=coach, first_name="Ilona", last_name="Mäkelä")
    log_in(page, live_server.url, "mikko", PASSWORD)

    nav = page.locator(".main-nav")
    expect(nav.get_by_role("link", name="Employers")).to_be_visible()
    expect(nav.get_by_role("link", name="Job seekers")).to_have_count(0)

    response = page.goto(f"{live_server.url}/job-seekers/{seeker.pk}/")

    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "No access"
    expect(page.locator("main")).to_contain_text("Your role does not give access to job seekers.")
    expect(page.locator("main")).not_to_contain_text("Mäkelä")
    shot(page, "candidates-relations-refused")


def test_a_coach_erases_a_person(desktop_page, live_server):
    page = desktop_page
    coach = coach_named("sanna")
    seeker = create_job_seeker(
        coach=coach, first_name="Ilona", last_name="Mäkelä", phone="+358401112223"
    )
    add_case_note(job_seeker=seeker, by=coach, text="Puhuimme kahvilatyöstä.")
    log_in(page, live_server.url, "sanna", PASSWORD)

    page.goto(f"{live_server.url}/job-seekers/{seeker.pk}/")
    page.locator(".seeker-tabs").get_by_role("link", name="Erase").click()
    page.wait_for_url(f"{live_server.url}/job-seekers/{seeker.pk}/erase/")
    confirmation = page.get_by_label("Type the person's last name to confirm")

    confirmation.fill("Mäkinen")
    page.get_by_role("button", name="Erase permanently").click()

    expect(page.locator(".field-error")).to_have_text(
        "This is not the person's last name. Nothing was erased."
    )
    seeker.refresh_from_db()
    assert not seeker.is_erased

    page.get_by_label("Type the person's last name to confirm").fill("mäkelä")
    page.get_by_role("button", name="Erase permanently").click()

    expect(page.get_by_role("status").first).to_contain_text("The person's data was erased.")
    page.locator(".seeker-tabs").get_by_role("link", name="Overview").click()
    page.wait_for_url(f"{live_server.url}/job-seekers/{seeker.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Poistettu henkilö #{seeker.pk}"
    expect(page.locator(".seeker-facts")).to_contain_text("Erased")
    body = page.locator("body")
    expect(body).not_to_contain_text(re.compile("Ilona|Mäkelä|401112223"))
    page.locator(".seeker-tabs").get_by_role("link", name="Notes").click()
    expect(body).not_to_contain_text("kahvilatyö")
    expect(page.get_by_role("button", name="Add note")).to_have_count(0)  # nothing to add to
    assert not JobSeeker.objects.filter(last_name="Mäkelä").exists()
    assert not CaseNote.objects.filter(text__contains="kahvila").exists()
    shot(page, "candidates-erased")
