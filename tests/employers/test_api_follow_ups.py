"""The follow-ups API: list, add, mark done or open again, reschedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.employers.models import FollowUp
from tests.employers.test_api_employers import field_errors
from tests.factories import EmployerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

FOLLOW_UPS = "/api/v1/follow-ups"


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def days(n: int) -> str:
    return str(timezone.localdate() + timedelta(days=n))


def test_the_list_is_paginated_soonest_first(api, alice):
    later = FollowUpFactory(user=alice, due_on=days(3))
    sooner = FollowUpFactory(user=alice, due_on=days(1))

    response = api.get(FOLLOW_UPS)

    assert response.json()["count"] == 2
    assert ids(response) == [sooner.pk, later.pk]
    row = response.json()["items"][0]
    assert set(row) >= {"id", "due_on", "title", "done", "user_id", "employer_id"}
    assert (row["user_id"], row["employer_id"], row["done"]) == (
        alice.pk,
        sooner.employer_id,
        False,
    )


def test_the_list_filters_by_owner_employer_done_and_due_dates(api, alice, bob):
    mine = FollowUpFactory(user=alice, due_on=days(1))
    bobs = FollowUpFactory(user=bob, due_on=days(5))
    done = FollowUpFactory(user=alice, due_on=days(0), done=True)

    assert ids(api.get(FOLLOW_UPS, {"user": bob.pk})) == [bobs.pk]
    assert ids(api.get(FOLLOW_UPS, {"employer": mine.employer_id})) == [mine.pk]
    assert ids(api.get(FOLLOW_UPS, {"done": "true"})) == [done.pk]
    assert ids(api.get(FOLLOW_UPS, {"due_from": days(2), "due_to": days(9)})) == [bobs.pk]


def test_the_list_can_be_searched_by_employer_name_or_title(api, org, alice):
    kmarket = EmployerFactory(organization=org, name="K-Market Lappeenranta")
    by_employer = FollowUpFactory(user=alice, employer=kmarket, title="Soita")
    by_title = FollowUpFactory(user=alice, title="Lähetä trukkikortin kopio")

    assert ids(api.get(FOLLOW_UPS, {"q": "k-marketti lapenranta"})) == [by_employer.pk]
    assert ids(api.get(FOLLOW_UPS, {"q": "trukkikortin"})) == [by_title.pk]


def test_a_bad_filter_value_gets_422(api):
    assert "due_from" in field_errors(api.get(FOLLOW_UPS, {"due_from": "huomenna"}))


def test_it_adds_my_follow_up_about_an_employer(api, org, alice):
    employer = EmployerFactory(organization=org)

    response = api.post(
        FOLLOW_UPS,
        {"due_on": days(2), "title": "Soita kauppiaalle", "employer_id": employer.pk},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["user_id"], body["employer_id"], body["due_on"], body["done"]) == (
        alice.pk,
        employer.pk,
        days(2),
        False,
    )


def test_it_adds_a_follow_up_for_a_colleague(api, bob):
    response = api.post(
        FOLLOW_UPS,
        {"due_on": days(1), "title": "Tarkista", "user_id": bob.pk},
        content_type="application/json",
    )

    assert response.json()["user_id"] == bob.pk


def test_a_user_of_another_organisation_gets_422_on_user_id(api, charlie):
    response = api.post(
        FOLLOW_UPS,
        {"due_on": days(1), "title": "Tarkista", "user_id": charlie.pk},
        content_type="application/json",
    )

    assert "user_id" in field_errors(response)
    assert not FollowUp.objects.exists()


def test_an_employer_of_another_organisation_gets_422_on_employer_id(api, other_org):
    theirs = EmployerFactory(organization=other_org)

    response = api.post(
        FOLLOW_UPS,
        {"due_on": days(1), "title": "Tarkista", "employer_id": theirs.pk},
        content_type="application/json",
    )

    assert "employer_id" in field_errors(response)


def test_a_follow_up_without_a_title_gets_422(api):
    response = api.post(FOLLOW_UPS, {"due_on": days(1)}, content_type="application/json")

    assert "title" in field_errors(response)


def test_it_marks_a_follow_up_done_and_open_again(api, alice):
    follow_up = FollowUpFactory(user=alice)
    url = f"{FOLLOW_UPS}/{follow_up.pk}"

    done = api.patch(url, {"done": True}, content_type="application/json")
    follow_up.refresh_from_db()
    assert done.status_code == 200
    assert done.json()["done"] is True
    assert follow_up.done_at is not None

    reopened = api.patch(url, {"done": False}, content_type="application/json")
    follow_up.refresh_from_db()
    assert reopened.json()["done"] is False
    assert follow_up.done_at is None


def test_it_reschedules_a_follow_up(api, alice):
    follow_up = FollowUpFactory(user=alice)

    response = api.patch(
        f"{FOLLOW_UPS}/{follow_up.pk}", {"due_on": days(7)}, content_type="application/json"
    )

    assert response.json()["due_on"] == days(7)


def test_rescheduling_into_the_past_gets_422_and_changes_nothing(api, alice):
    follow_up = FollowUpFactory(user=alice, due_on=days(1))

    response = api.patch(
        f"{FOLLOW_UPS}/{follow_up.pk}",
        {"due_on": days(-1), "done": True},
        content_type="application/json",
    )

    assert "due_on" in field_errors(response)
    follow_up.refresh_from_db()
    assert (str(follow_up.due_on), follow_up.done) == (days(1), False)


def test_the_list_costs_the_same_number_of_queries_for_3_and_30_follow_ups(api, alice):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(FOLLOW_UPS, {"limit": 100}).status_code == 200
        return len(queries)

    FollowUpFactory.create_batch(3, user=alice)
    queries_for_list()
    few = queries_for_list()
    FollowUpFactory.create_batch(27, user=alice)

    assert queries_for_list() == few
