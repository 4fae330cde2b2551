"""Contact texts and follow-up titles about a job seeker are notes about that person: only the
person's coach team reads them. Everyone else in the organisation (a coach of another team,
relations staff, the lead) sees that a contact was made but not its texts or whom it was for —
on the pages, in the API, through the person filter and the text search — and no follow-up
about the person. Every change to a follow-up about a person is audited.

Giving a follow-up about a person to someone outside their coach team, and what its owner then
sees, is in tests/employers/test_access_matrix.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from crm.accounts.models import AuditEvent, Role
from crm.employers.services.contacts import log_employer_contact
from crm.employers.services.follow_ups import (
    complete_follow_up,
    create_follow_up,
    reopen_follow_up,
    reschedule_follow_up,
)
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db

LOG = "/api/v1/employer-contacts"
HIDDEN = "Details are visible to the job seeker's coach team."
SECRET = "Ainon paniikkihäiriö puheeksi"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):
    def login(user):
        user.language = "en"
        user.save(update_fields=["language"])
        return client_for(user)

    return login


@pytest.fixture
def api_for(api_for):
    def make(user):
        client = api_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


@pytest.fixture
def aino(alice):
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")


@pytest.fixture
def others(bob, make_user):
    """Everyone in the organisation outside Aino's coach team."""
    return {
        "other coach": bob,
        "relations": make_user(role=Role.RELATIONS, username="mikko", language="en"),
        "lead": make_user(role=Role.LEAD, username="liisa", language="en"),
    }


def log(employer, by, **fields):
    fields.setdefault("channel", "face_to_face")
    fields.setdefault("purpose", "needs_discovery")
    fields.setdefault("summary", "Käynti myymäläpäällikön luona.")
    return log_employer_contact(employer=employer, by=by, **fields)


def log_about_aino(employer, alice, aino):
    return log(
        employer,
        alice,
        candidates=[aino],
        summary=SECRET,
        outcome="Sovittiin hiljaisesta taukotilasta",
        next_step="Kysy vuorolistasta",
    )


# Contact-log texts ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["employer_detail", "contact_log"])
def test_texts_of_a_contact_about_a_person_reach_only_their_coach_team(
    page, alice, others, client_for, employer, aino
):
    log_about_aino(employer, alice, aino)
    log(employer, alice, summary="Yleinen käynti")
    url = reverse(page, args=[employer.pk]) if page == "employer_detail" else reverse(page)

    for_alice = client_for(alice).get(url).content.decode()
    assert SECRET in for_alice
    assert HIDDEN not in for_alice
    for who, user in others.items():
        html = client_for(user).get(url).content.decode()
        assert "Yleinen käynti" in html, who
        assert HIDDEN in html, who
        for text in (SECRET, "hiljaisesta taukotilasta", "Kysy vuorolistasta"):
            assert text not in html, who


def test_the_api_leaves_out_texts_and_ids_of_people_outside_the_coach_team(
    alice, others, api_for, employer, aino
):
    log_about_aino(employer, alice, aino)

    mine = api_for(alice).get(LOG).json()["items"][0]
    assert (mine["summary"], mine["candidate_ids"], mine["details_hidden"]) == (
        SECRET,
        [aino.pk],
        False,
    )
    for who, user in others.items():
        row = api_for(user).get(LOG).json()["items"][0]
        assert row["details_hidden"] is True, who
        assert (row["summary"], row["outcome"], row["next_step"]) == (None, None, None), who
        assert row["candidate_ids"] == [], who


def test_the_candidate_filter_and_text_search_reveal_nothing_outside_the_coach_team(
    alice, bob, api_for, client_for, employer, aino
):
    contact = log_about_aino(employer, alice, aino)

    def ids(user, **params):
        return [row["id"] for row in api_for(user).get(LOG, params).json()["items"]]

    assert ids(alice, candidate=aino.pk) == [contact.pk]
    assert ids(alice, q="paniikkihäiriö") == [contact.pk]
    assert ids(bob, candidate=aino.pk) == []
    assert ids(bob, q="paniikkihäiriö") == []
    assert ids(bob, candidate=987654) == []  # the same answer as for someone who exists
    assert ids(bob, q="K-Market") == [contact.pk]  # still found by the employer's name
    html = client_for(bob).get(reverse("contact_log"), {"candidate": aino.pk}).content.decode()
    assert "0 contacts" in html


def test_hiding_texts_does_not_add_queries_per_row(alice, bob, api_for, employer):
    api = api_for(bob)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(LOG).status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        for _ in range(n):
            log(employer, alice, candidates=[create_job_seeker(coach=alice)])

    add(1)
    count()  # the first request also notes when the token was last used
    few = count()
    add(5)
    assert count() == few


# Follow-ups about a person -----------------------------------------------------------------


def test_the_employer_page_hides_follow_ups_about_people_of_other_teams(
    alice, others, client_for, employer, aino
):
    today = timezone.localdate()
    create_follow_up(
        user=alice, due_on=today, title="Ainon työkokeilu", employer=employer, job_seeker=aino
    )
    create_follow_up(user=alice, due_on=today, title="Soita HR:lle", employer=employer)
    url = reverse("employer_detail", args=[employer.pk])

    assert "Ainon työkokeilu" in client_for(alice).get(url).content.decode()
    for who, user in others.items():
        html = client_for(user).get(url).content.decode()
        assert "Soita HR:lle" in html, who
        assert "Ainon työkokeilu" not in html, who


def test_every_change_to_a_follow_up_about_a_person_is_audited(alice, aino, employer):
    today = timezone.localdate()
    follow_up = create_follow_up(user=alice, due_on=today, title="Soita", job_seeker=aino)
    complete_follow_up(follow_up=follow_up, by=alice)
    reopen_follow_up(follow_up=follow_up, by=alice)
    reschedule_follow_up(follow_up=follow_up, due_on=today + timedelta(days=2), by=alice)
    create_follow_up(user=alice, due_on=today, title="Ei henkilöä", employer=employer)

    events = AuditEvent.objects.filter(action__startswith="crm.candidate.follow_up")
    assert list(events.order_by("pk").values_list("action", "object_id", "user")) == [
        ("crm.candidate.follow_up_added", str(aino.pk), alice.pk),
        ("crm.candidate.follow_up_done", str(aino.pk), alice.pk),
        ("crm.candidate.follow_up_reopened", str(aino.pk), alice.pk),
        ("crm.candidate.follow_up_rescheduled", str(aino.pk), alice.pk),
    ]
