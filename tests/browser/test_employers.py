"""Relations staff and coaches in the real UI: log a contact on a phone, move an employer on
the board, resolve a follow-up in place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.accounts.models import Role
from crm.employers.models import EmployerContact, FollowUp, Stage
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import (
    PASSWORD,
    ContactPersonFactory,
    EmployerFactory,
    FollowUpFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_coach_logs_a_contact_from_a_phone(phone_page, live_server):
    page = phone_page
    coach = UserFactory(username="sanna", role=Role.COACH)
    employer = EmployerFactory(
        organization=coach.organization, name="Lemin Leipomo", municipality="Lemi"
    )
    ContactPersonFactory(employer=employer, name="Maija Mäkinen")
    log_in(page, live_server.url, "sanna", PASSWORD)

    page.goto(f"{live_server.url}/my-day/")
    page.locator("a[href='/log-contact/']").click()
    page.locator("#picker-q").fill("lemin leipomo")
    page.get_by_role("link", name="Lemin Leipomo · Lemi").click()

    page.get_by_label("Maija Mäkinen").check()
    page.locator("#id_summary").fill("Kävimme läpi leipomon aamuvuoron tehtävät.")
    page.locator("details summary").click()
    page.locator("#id_next_step").fill("Vie työnhakijan profiili")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.locator("#id_follow_up_on").fill(tomorrow.isoformat())
    shot(page, "log-contact-phone")
    page.locator("form.contact-form button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/my-day/")
    contact = EmployerContact.objects.get()
    assert contact.channel == "face_to_face"  # the default a coach in the field expects
    assert list(contact.contact_persons.values_list("name", flat=True)) == ["Maija Mäkinen"]
    assert FollowUp.objects.get().due_on == tomorrow
    assert page.get_by_text("Vie työnhakijan profiili", exact=True).is_visible()
    shot(page, "my-day-after-contact-phone")


def test_an_employer_is_dragged_to_another_column(desktop_page, live_server):
    page = desktop_page
    user = UserFactory(username="mikko", role=Role.RELATIONS)
    employer = EmployerFactory(organization=user.organization, name="Saimaan Logistiikka")
    log_in(page, live_server.url, "mikko", PASSWORD)
    page.goto(f"{live_server.url}/pipeline/")

    page.drag_and_drop(f"#card-{employer.pk}", ".board-column[data-stage='met']")

    page.locator(f".board-column[data-stage='met'] #card-{employer.pk}").wait_for()
    assert page.url == f"{live_server.url}/pipeline/"  # moved without a page load
    employer.refresh_from_db()
    assert employer.stage == Stage.MET
    assert employer.stage_changes.filter(to_stage=Stage.MET, user=user).exists()
    shot(page, "board-after-drag")


def test_an_employer_is_moved_with_the_keyboard(phone_page, live_server):
    page = phone_page
    user = UserFactory(username="mikko", role=Role.RELATIONS)
    employer = EmployerFactory(organization=user.organization, name="Imatran Siivous")
    log_in(page, live_server.url, "mikko", PASSWORD)
    page.goto(f"{live_server.url}/pipeline/")

    page.locator(f"#stage-{employer.pk}").focus()
    page.keyboard.press("ArrowDown")  # prospect → contacted
    page.locator(f"#stage-{employer.pk}").select_option("needs_identified")
    page.locator(f"#card-{employer.pk} button[type=submit]").press("Enter")

    page.locator(f".board-column[data-stage='needs_identified'] #card-{employer.pk}").wait_for()
    employer.refresh_from_db()
    assert employer.stage == Stage.NEEDS_IDENTIFIED


def test_a_follow_up_is_resolved_in_place_on_my_day(phone_page, live_server):
    page = phone_page
    coach = UserFactory(username="sanna", role=Role.COACH)
    overdue = FollowUpFactory(
        user=coach, title="Soita kauppiaalle", due_on=timezone.localdate() - timedelta(days=2)
    )
    later = FollowUpFactory(user=coach, title="Käy leipomolla")
    log_in(page, live_server.url, "sanna", PASSWORD)
    page.goto(f"{live_server.url}/my-day/")

    page.locator(f"#follow-up-{overdue.pk} form[action$='/done/'] button").click()
    page.locator(f"#follow-up-{overdue.pk}.is-done").wait_for()

    new_date = timezone.localdate() + timedelta(days=3)
    page.locator(f"#due-{later.pk}").fill(new_date.isoformat())
    page.locator(f"#follow-up-{later.pk} form.reschedule button").click()
    page.locator(f"#follow-up-{later.pk}").get_by_text(new_date.strftime("%-d.%-m.%Y")).wait_for()

    overdue.refresh_from_db()
    later.refresh_from_db()
    assert overdue.done
    assert later.due_on == new_date
    assert page.url == f"{live_server.url}/my-day/"
    shot(page, "my-day-follow-ups-phone")


def test_the_save_button_is_disabled_while_the_contact_is_being_saved(desktop_page, live_server):
    """static/js/submit-once.js: a second submit while the first is in flight is dropped (the
    server would also save it once: tests/core/test_idempotency.py)."""
    page = desktop_page
    coach = UserFactory(username="sanna", role=Role.COACH)
    employer = EmployerFactory(organization=coach.organization, name="Lemin Leipomo")
    log_in(page, live_server.url, "sanna", PASSWORD)
    url = f"{live_server.url}/employers/{employer.pk}/log-contact/"
    page.goto(url)
    page.locator("#id_summary").fill("Kävimme läpi leipomon aamuvuoron tehtävät.")
    posts = []  # answered "204 No Content": the browser stays on the page as if still waiting

    def no_answer(route):
        if route.request.method == "POST":
            posts.append(route.request.post_data)
            route.fulfill(status=204)
        else:
            route.continue_()

    page.route(url, no_answer)
    button = page.locator("form.contact-form button[type=submit]")
    button.click()

    page.wait_for_function("() => document.querySelector('form.contact-form button').disabled")
    second_dropped = page.evaluate(
        """() => {
            let dropped = null;
            const note = (event) => { dropped = event.defaultPrevented; };
            window.addEventListener("submit", note, {once: true});
            document.querySelector("form.contact-form").requestSubmit();
            return dropped;
        }"""
    )
    assert second_dropped is True
    assert len(posts) == 1 and "submission_token" in posts[0]
    assert page.locator("form.contact-form").get_attribute("aria-busy") == "true"
