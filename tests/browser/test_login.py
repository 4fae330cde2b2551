"""A person logs in through the real login page and lands on their home page."""

from __future__ import annotations

import pytest

from crm.accounts.models import Role
from tests.factories import PASSWORD, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def test_a_coach_logs_in_and_sees_my_day(page, live_server, screenshot):
    coach = UserFactory(username="sanna", first_name="Sanna", role=Role.COACH)
    TeamFactory(organization=coach.organization, name="IPS-tiimi Lappeenranta").members.add(coach)

    log_in(page, live_server.url, "sanna", PASSWORD)

    page.wait_for_url(f"{live_server.url}/my-day/")
    assert page.get_by_role("heading", level=1).inner_text() == "Oma päivä"
    assert page.get_by_text("IPS-tiimi Lappeenranta").is_visible()
    assert page.get_by_role("link", name="Oma päivä").get_attribute("aria-current") == "page"
    screenshot("my-day")


def test_a_wrong_password_shows_a_generic_finnish_error(page, live_server, screenshot):
    UserFactory(username="sanna")

    log_in(page, live_server.url, "sanna", "väärä-salasana")

    alert = page.get_by_role("alert")
    assert "syötä kelvollinen käyttäjätunnus ja salasana" in alert.inner_text()
    assert page.get_by_label("Käyttäjätunnus").get_attribute("aria-invalid") == "true"
    screenshot("login-error")


def test_a_lead_switches_the_interface_to_english(page, live_server):
    UserFactory(username="paivi", role=Role.LEAD)
    log_in(page, live_server.url, "paivi", PASSWORD)
    page.wait_for_url(f"{live_server.url}/reports/")

    page.get_by_label("Kieli").select_option("en")
    page.get_by_role("button", name="Vaihda").click()

    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"


def test_the_login_form_works_with_the_keyboard_alone(page, live_server):
    UserFactory(username="mikko", role=Role.RELATIONS)
    page.goto(f"{live_server.url}/login/")

    page.keyboard.type("mikko")  # the username field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/employers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Työnantajat"
