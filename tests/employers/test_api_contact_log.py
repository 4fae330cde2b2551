"""The contact log API (`employer-contacts`): logging a contact and reading the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.employers.models import EmployerContact, FollowUp
from tests.employers.test_api_employers import field_errors
from tests.factories import (
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
)

pytestmark = pytest.mark.django_db

LOG = "/api/v1/employer-contacts"


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


def log(api, **fields):
    return api.post(LOG, fields, content_type="application/json")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


# Logging --------------------------------------------------------------------------------------


def test_it_logs_a_face_to_face_contact(api, alice, employer):
    person = ContactPersonFactory(employer=employer)
    opening = OpeningFactory(employer=employer)
    when = timezone.now() - timedelta(hours=2)

    response = log(
        api,
        employer_id=employer.pk,
        occurred_at=when.isoformat(),
        channel="face_to_face",
        purpose="needs_discovery",
        summary="Kävimme läpi kesän rekrytointitarpeet.",
        outcome="Kaksi paikkaa kassalle.",
        next_step="Lähetä työnhakijoiden profiilit",
        follow_up_on=str(timezone.localdate() + timedelta(days=3)),
        contact_person_ids=[person.pk],
        opening_id=opening.pk,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["employer_id"] == employer.pk
    assert body["user_id"] == alice.pk
    assert body["channel"] == "face_to_face"
    assert body["purpose"] == "needs_discovery"
    assert body["contact_person_ids"] == [person.pk]
    assert body["opening_id"] == opening.pk
    assert body["candidate_ids"] == []
    contact = EmployerContact.objects.get(pk=body["id"])
    assert contact.occurred_at == when


def test_a_dated_next_step_becomes_my_follow_up(api, alice, employer):
    due = timezone.localdate() + timedelta(days=2)

    log(
        api,
        employer_id=employer.pk,
        channel="phone",
        purpose="introduction",
        summary="Esittelypuhelu.",
        next_step="Soita uudelleen",
        follow_up_on=str(due),
    )

    follow_up = FollowUp.objects.get()
    assert (follow_up.user, follow_up.due_on, follow_up.title, follow_up.employer) == (
        alice,
        due,
        "Soita uudelleen",
        employer,
    )


def test_a_face_to_face_meeting_moves_a_prospect_to_met(api, employer):
    log(
        api,
        employer_id=employer.pk,
        channel="face_to_face",
        purpose="introduction",
        summary="Esittelykäynti.",
    )

    employer.refresh_from_db()
    assert employer.stage == "met"


def test_unknown_candidate_ids_are_refused_on_that_field(api, employer):
    # Naming job seekers is covered in tests/employers/test_contact_candidates.py.
    response = log(
        api,
        employer_id=employer.pk,
        channel="email",
        purpose="presenting_candidate",
        summary="Lähetin profiilin.",
        candidate_ids=[1, 2],
    )

    assert "candidate_ids" in field_errors(response)
    assert not EmployerContact.objects.exists()


def test_a_time_without_a_zone_is_read_as_local_time(api, employer):
    response = log(
        api,
        employer_id=employer.pk,
        channel="phone",
        purpose="follow_up",
        summary="Kuulumiset.",
        occurred_at="2025-03-03T09:30:00",
    )

    assert response.status_code == 201
    contact = EmployerContact.objects.get()
    assert timezone.localtime(contact.occurred_at).hour == 9


def test_it_rejects_a_contact_in_the_future(api, employer):
    tomorrow = timezone.now() + timedelta(days=1)

    response = log(
        api,
        employer_id=employer.pk,
        channel="phone",
        purpose="introduction",
        summary="Ennustus.",
        occurred_at=tomorrow.isoformat(),
    )

    assert "occurred_at" in field_errors(response)
    assert not EmployerContact.objects.exists()


def test_it_rejects_a_follow_up_before_the_contact(api, employer):
    response = log(
        api,
        employer_id=employer.pk,
        channel="phone",
        purpose="introduction",
        summary="Puhelu.",
        occurred_at=(timezone.now() - timedelta(days=1)).isoformat(),
        follow_up_on=str(timezone.localdate() - timedelta(days=5)),
    )

    assert "follow_up_on" in field_errors(response)
    assert not EmployerContact.objects.exists()
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("channel", "pigeon"), ("purpose", "gossip")])
def test_it_rejects_an_unknown_channel_or_purpose(api, employer, field, value):
    fields = {"channel": "phone", "purpose": "introduction", field: value}

    response = log(api, employer_id=employer.pk, summary="Puhelu.", **fields)

    assert field in field_errors(response)


def test_it_rejects_a_contact_without_a_summary(api, employer):
    response = log(api, employer_id=employer.pk, channel="phone", purpose="introduction")

    assert "summary" in field_errors(response)


def test_it_rejects_a_contact_person_of_another_employer(api, org, employer):
    stranger = ContactPersonFactory(employer=EmployerFactory(organization=org))

    response = log(
        api,
        employer_id=employer.pk,
        channel="phone",
        purpose="introduction",
        summary="Puhelu.",
        contact_person_ids=[stranger.pk],
    )

    assert "contact_person_ids" in field_errors(response)


def test_it_rejects_an_opening_of_another_employer(api, org, employer):
    elsewhere = OpeningFactory(employer=EmployerFactory(organization=org))

    response = log(
        api,
        employer_id=employer.pk,
        channel="phone",
        purpose="introduction",
        summary="Puhelu.",
        opening_id=elsewhere.pk,
    )

    assert "opening_id" in field_errors(response)


@pytest.mark.parametrize("field", ["employer_id", "contact_person_ids", "opening_id"])
def test_records_of_another_organisation_are_unknown_to_the_log(api, other_org, employer, field):
    theirs = EmployerFactory(organization=other_org)
    foreign = {
        "employer_id": {"employer_id": theirs.pk},
        "contact_person_ids": {"contact_person_ids": [ContactPersonFactory(employer=theirs).pk]},
        "opening_id": {"opening_id": OpeningFactory(employer=theirs).pk},
    }[field]
    fields = {"employer_id": employer.pk, **foreign}

    response = log(api, channel="phone", purpose="introduction", summary="Puhelu.", **fields)

    assert field in field_errors(response)
    assert not EmployerContact.objects.exists()


# Reading the log ------------------------------------------------------------------------------


def test_the_log_is_paginated_newest_first(api, alice, employer):
    now = timezone.now()
    contacts = [
        EmployerContactFactory(employer=employer, user=alice, occurred_at=now - timedelta(days=d))
        for d in range(3)
    ]

    response = api.get(LOG, {"limit": 2})

    assert response.json()["count"] == 3
    assert ids(response) == [contacts[0].pk, contacts[1].pk]
    row = response.json()["items"][0]
    assert set(row) >= {
        "id",
        "employer_id",
        "occurred_at",
        "channel",
        "purpose",
        "summary",
        "outcome",
        "next_step",
        "follow_up_on",
        "candidate_ids",
        "opening_id",
        "user_id",
        "contact_person_ids",
    }


def test_the_log_filters_by_employer_user_channel_and_purpose(api, org, alice, bob, employer):
    other = EmployerFactory(organization=org)
    mine = EmployerContactFactory(employer=employer, user=alice, channel="phone")
    bobs = EmployerContactFactory(employer=employer, user=bob, channel="video", purpose="support")
    elsewhere = EmployerContactFactory(employer=other, user=alice, channel="email")

    assert set(ids(api.get(LOG, {"employer": employer.pk}))) == {mine.pk, bobs.pk}
    assert ids(api.get(LOG, {"user": bob.pk})) == [bobs.pk]
    assert set(ids(api.get(f"{LOG}?channel=phone&channel=email"))) == {mine.pk, elsewhere.pk}
    assert ids(api.get(LOG, {"purpose": "support"})) == [bobs.pk]


def test_the_log_filters_by_date_range(api, alice, employer):
    today = timezone.localdate()
    at = timezone.now()
    old = EmployerContactFactory(employer=employer, user=alice, occurred_at=at - timedelta(days=10))
    recent = EmployerContactFactory(
        employer=employer, user=alice, occurred_at=at - timedelta(days=2)
    )

    since = api.get(LOG, {"occurred_from": str(today - timedelta(days=5))})
    until = api.get(LOG, {"occurred_to": str(today - timedelta(days=5))})

    assert ids(since) == [recent.pk]
    assert ids(until) == [old.pk]


def test_a_bad_filter_value_gets_422(api):
    assert "channel" in field_errors(api.get(LOG, {"channel": "pigeon"}))
    assert "occurred_from" in field_errors(api.get(LOG, {"occurred_from": "eilen"}))


def test_the_log_can_be_searched_by_employer_name_with_typos(api, org, alice, employer):
    found = EmployerContactFactory(employer=employer, user=alice)
    EmployerContactFactory(
        employer=EmployerFactory(organization=org, name="Imatran Konepaja"), user=alice
    )

    assert ids(api.get(LOG, {"q": "k-marketti lapenranta"})) == [found.pk]


def test_the_log_can_be_searched_by_words_in_the_summary(api, org, alice, employer):
    found = EmployerContactFactory(employer=employer, user=alice, summary="Trukkikortti puuttuu")
    EmployerContactFactory(employer=employer, user=alice, summary="Kahvilla")

    assert ids(api.get(LOG, {"q": "trukkikortti"})) == [found.pk]


def test_the_log_costs_the_same_number_of_queries_for_3_and_30_contacts(api, org, alice):
    def queries_for_log() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(LOG, {"limit": 100}).status_code == 200
        return len(queries)

    def add_contacts(n: int) -> None:
        for _ in range(n):
            employer = EmployerFactory(organization=org)
            contact = EmployerContactFactory(
                employer=employer, user=alice, opening=OpeningFactory(employer=employer)
            )
            contact.contact_persons.set(ContactPersonFactory.create_batch(2, employer=employer))

    add_contacts(3)
    queries_for_log()
    few = queries_for_log()
    add_contacts(27)

    assert queries_for_log() == few
