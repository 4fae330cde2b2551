"""My day for a job coach: the caseload card and follow-ups about the people they coach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import Role
from crm.candidates.services.notes import add_case_note
from crm.candidates.services.records import transfer_job_seeker
from crm.employers.services.contacts import log_employer_contact
from crm.employers.services.follow_ups import create_follow_up
from tests.factories import (
    ContactPersonFactory,
    EmployerFactory,
    FollowUpFactory,
    OpeningFactory,
    create_job_seeker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client_for):
    """Pages in English, the source language, so that the assertions read as the strings do."""

    def login(user):
        user.language = "en"
        user.save(update_fields=["language"])
        return client_for(user)

    return login


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def my_day(client) -> str:
    response = client.get(reverse("my_day"))
    assert response.status_code == 200
    return response.content.decode()


def contacted(seeker, coach, days: int) -> None:
    add_case_note(
        job_seeker=seeker,
        by=coach,
        text="Tapaaminen",
        written_on=days_ago(days),
        contact_type="phone",
    )


def test_the_card_shows_active_people_against_the_ips_limit(alice, bob, client_for):
    for _ in range(3):
        create_job_seeker(coach=alice)
    create_job_seeker(coach=alice, status="paused")
    create_job_seeker(coach=bob)

    html = my_day(client_for(alice))

    assert "My caseload" in html
    assert "<strong>3</strong> / 20" in html
    assert "over the IPS limit" not in html
    assert f'href="{reverse("candidate_caseload")}"' in html


def test_over_twenty_active_people_is_a_written_warning(alice, client_for):
    for _ in range(21):
        create_job_seeker(coach=alice)

    html = my_day(client_for(alice))

    assert "<strong>21</strong> / 20" in html
    assert "Warning:" in html
    assert "over the IPS limit of 20" in html


def test_people_without_contact_for_two_weeks_are_listed_longest_first(alice, client_for):
    quiet = create_job_seeker(coach=alice, first_name="Hiljainen")
    contacted(quiet, alice, 20)
    quieter = create_job_seeker(coach=alice, first_name="Hiljaisin")
    contacted(quieter, alice, 30)
    recent = create_job_seeker(coach=alice, first_name="Tuore")
    contacted(recent, alice, 3)
    never = create_job_seeker(coach=alice, first_name="Tavoittamaton")  # intake 50 days ago

    html = my_day(client_for(alice))

    section = html[html.index("No contact for two weeks") : html.index("First employer contact")]
    assert "Hiljainen" in section
    assert "last contact 20 days ago" in section
    assert "Tavoittamaton" in section and "no contact recorded yet" in section
    assert "Tuore" not in section
    assert section.index("Tavoittamaton") < section.index("Hiljaisin") < section.index("Hiljainen")
    assert f'href="{reverse("candidate_detail", args=[quiet.pk])}"' in section
    assert f'href="{reverse("candidate_detail", args=[never.pk])}"' in section


def test_people_waiting_over_30_days_for_a_first_employer_contact_are_listed(
    org, alice, client_for
):
    employer = EmployerFactory(organization=org)
    waiting = create_job_seeker(coach=alice, first_name="Odottava", intake_on=days_ago(45))
    met = create_job_seeker(coach=alice, first_name="Esitelty", intake_on=days_ago(45))
    log_employer_contact(
        employer=employer,
        by=alice,
        channel="face_to_face",
        purpose="needs_discovery",
        summary="Esittely",
        candidates=[met],
    )
    create_job_seeker(coach=alice, first_name="Uusi", intake_on=days_ago(10))
    create_job_seeker(coach=alice, first_name="Töissä", intake_on=days_ago(45), status="working")

    html = my_day(client_for(alice))

    section = html[html.index("First employer contact overdue") :]
    assert "Odottava" in section
    assert "45 days since intake, no face-to-face employer contact yet" in section
    assert f'href="{reverse("candidate_detail", args=[waiting.pk])}"' in section
    for name in ("Esitelty", "Uusi", "Töissä"):
        assert name not in section


def test_relations_staff_have_no_caseload_card(make_user, client_for):
    relations = make_user(role=Role.RELATIONS)

    html = my_day(client_for(relations))

    assert "My caseload" not in html


def test_a_follow_up_about_a_person_names_them_to_their_coach_only(alice, bob, client_for):
    aino = create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")
    create_follow_up(
        user=alice, due_on=timezone.localdate(), title="Kysy voinnista", job_seeker=aino
    )
    moved = create_job_seeker(coach=alice, first_name="Siirretty")
    create_follow_up(user=alice, due_on=days_ago(1), title="Vanha muistutus", job_seeker=moved)
    transfer_job_seeker(job_seeker=moved, to_coach=bob, by=alice, version=moved.version)

    html = my_day(client_for(alice))

    today = html[html.index("Today and overdue") : html.index("Coming up this week")]
    assert "Kysy voinnista" in today
    assert f'<a href="{reverse("candidate_detail", args=[aino.pk])}">Aino Virtanen</a>' in today
    # Still Alice's reminder, but the person is no longer in her coach team: neither whom it
    # is about nor its title (a note about them) is shown to her any more.
    assert "Vanha muistutus" not in today
    assert "Siirretty" not in today
    assert "About a job seeker" in today
    assert "Follow-up about a job seeker" in today


def test_my_day_query_count_does_not_grow_with_job_seekers_and_follow_ups(org, alice, client_for):
    client = client_for(alice)
    employer = EmployerFactory(organization=org, owner=alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            my_day(client)
        return len(ctx)

    def add(n: int) -> None:
        for i in range(n):
            other = EmployerFactory(organization=org, owner=alice)
            ContactPersonFactory(employer=other)
            OpeningFactory(employer=other)
            FollowUpFactory(user=alice, employer=other)
            seeker = create_job_seeker(coach=alice, intake_on=days_ago(40))
            contacted(seeker, alice, 20)
            create_follow_up(user=alice, due_on=days_ago(i % 3), title="Soita", job_seeker=seeker)
            log_employer_contact(
                employer=employer,
                by=alice,
                channel="face_to_face",
                purpose="needs_discovery",
                summary="Esittely",
                candidates=[create_job_seeker(coach=alice)],
            )

    add(2)
    few = count()
    add(15)
    assert count() == few
