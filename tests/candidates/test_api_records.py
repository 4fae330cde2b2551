"""The job seekers API: the list (as much of each person as the caller may see), search,
filters, one record, adding, editing with optimistic locking, and coach transfers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import Role
from crm.accounts.services import add_team_member
from crm.candidates.models import CoachTransfer, JobSeeker
from tests.employers.test_api_employers import field_errors
from tests.factories import TeamFactory, create_job_seeker

pytestmark = pytest.mark.django_db

CANDIDATES = "/api/v1/candidates"
TODAY = timezone.localdate()
HETU = "010190-900P"  # a temporary (test) identity code


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [f"{row['first_name']} {row['last_name']}" for row in response.json()["items"]]


def new_person(**fields):
    body = {
        "first_name": "Aino",
        "last_name": "Mäkelä",
        "referral_source": "typ",
        "referred_on": str(TODAY - timedelta(days=10)),
        "municipality": "lappeenranta",
        "languages": ["fi", "sv"],
    }
    return body | fields


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


# The list -----------------------------------------------------------------------------------


def test_anonymous_callers_get_401():
    assert Client().get(CANDIDATES).status_code == 401


def test_the_list_is_paginated_with_items_and_count(api, alice):
    for i in range(5):
        create_job_seeker(coach=alice, last_name=f"Henkilö {i}")

    body = api.get(CANDIDATES, {"limit": 2, "offset": 2}).json()

    assert set(body) == {"items", "count"}
    assert body["count"] == 5
    assert [row["last_name"] for row in body["items"]] == ["Henkilö 2", "Henkilö 3"]
    assert api.get(CANDIDATES, {"limit": 501}).status_code == 422


def test_own_people_show_the_record_fields(api, alice):
    seeker = create_job_seeker(
        coach=alice, email="aino@example.fi", phone="040 123 4567", referral_source="typ"
    )

    row = api.get(CANDIDATES).json()["items"][0]

    assert row["access"] == "full"
    assert row["id"] == seeker.pk
    assert row["coach_id"] == alice.pk
    assert row["status"] == "job_search"
    assert row["municipality"] == "Lappeenranta"
    assert row["languages"] == ["fi"]
    assert row["referral_source"] == "typ"
    assert row["referred_on"] == str(seeker.referred_on)
    assert row["intake_on"] == str(seeker.intake_on)
    assert row["email"] == "aino@example.fi"
    assert row["phone"] == "+358401234567"
    assert row["days_to_first_employer_contact"] == 50
    assert row["version"] == 1


def test_another_teams_people_show_only_name_coach_and_status(alice, bob, api_for):
    create_job_seeker(coach=alice, email="aino@example.fi", phone="0401234567")

    row = api_for(bob).get(CANDIDATES).json()["items"][0]

    assert row["access"] == "basic"
    assert row["coach_id"] == alice.pk
    assert row["status"] == "job_search"
    hidden = set(row) - {"id", "first_name", "last_name", "coach_id", "status", "access"}
    assert hidden and all(row[name] is None for name in hidden)


def test_a_team_mate_sees_the_whole_record(org, alice, make_user, api_for):
    team = TeamFactory(organization=org)
    carol = make_user(role=Role.COACH)
    add_team_member(team=team, user=alice)
    add_team_member(team=team, user=carol)
    create_job_seeker(coach=alice, email="aino@example.fi")

    row = api_for(carol).get(CANDIDATES).json()["items"][0]

    assert row["access"] == "full"
    assert row["email"] == "aino@example.fi"


def test_a_lead_sees_records_and_an_admin_only_the_basics(alice, make_user, api_for):
    create_job_seeker(coach=alice, email="aino@example.fi")

    lead_row = api_for(make_user(role=Role.LEAD)).get(CANDIDATES).json()["items"][0]
    admin_row = api_for(make_user(role=Role.ADMIN)).get(CANDIDATES).json()["items"][0]

    assert (lead_row["access"], lead_row["email"]) == ("record", "aino@example.fi")
    assert (admin_row["access"], admin_row["email"]) == ("basic", None)


def test_relations_staff_get_403(make_user, api_for):
    assert api_for(make_user(role=Role.RELATIONS)).get(CANDIDATES).status_code == 403


def test_other_organisations_people_are_not_listed(alice, charlie, api_for):
    create_job_seeker(coach=alice)

    assert api_for(charlie).get(CANDIDATES).json() == {"items": [], "count": 0}


def test_the_identity_code_never_appears_in_the_list(api, alice):
    create_job_seeker(coach=alice, henkilotunnus=HETU)

    response = api.get(CANDIDATES)

    assert "010190" not in response.content.decode()
    assert not any("henkilotunnus" in name for name in response.json()["items"][0])


def test_search_tolerates_typos(api, alice):
    create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    create_job_seeker(coach=alice, first_name="Pekka", last_name="Virtanen")

    assert names(api.get(CANDIDATES, {"q": "Aino Mäklä"})) == ["Aino Mäkelä"]


def test_it_filters_by_several_statuses(api, alice):
    create_job_seeker(coach=alice, last_name="Etsijä", status="job_search")
    create_job_seeker(coach=alice, last_name="Työssä", status="working")
    create_job_seeker(coach=alice, last_name="Tauolla", status="paused")

    response = api.get(f"{CANDIDATES}?status=working&status=paused")

    assert names(response) == ["Aino Tauolla", "Aino Työssä"]


def test_an_unknown_status_is_refused_not_ignored(api):
    assert "status" in field_errors(api.get(CANDIDATES, {"status": "hired"}))


def test_it_filters_by_a_municipality_as_typed(api, alice):
    create_job_seeker(coach=alice, last_name="Lappeenrantalainen", municipality="Lappeenranta")
    create_job_seeker(coach=alice, last_name="Imatralainen", municipality="Imatra")

    query = {"municipality": "Villmanstrand", "mine": True}  # beyond BASIC filters: own people
    assert names(api.get(CANDIDATES, query)) == ["Aino Lappeenrantalainen"]


def test_mine_lists_only_the_callers_caseload(api, alice, bob):
    create_job_seeker(coach=alice, last_name="Oma")
    create_job_seeker(coach=bob, last_name="Bobin")

    assert names(api.get(CANDIDATES, {"mine": "true"})) == ["Aino Oma"]
    assert api.get(CANDIDATES).json()["count"] == 2


def test_it_orders_by_intake(api, alice):
    create_job_seeker(coach=alice, last_name="Myöhempi", intake_on=TODAY - timedelta(days=5))
    create_job_seeker(coach=alice, last_name="Aiempi", intake_on=TODAY - timedelta(days=40))

    query = {"ordering": "-intake", "mine": True}
    assert names(api.get(CANDIDATES, query)) == ["Aino Myöhempi", "Aino Aiempi"]


def test_the_list_costs_the_same_number_of_queries_for_more_people(org, alice, bob, client_for):
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    add_team_member(team=north, user=alice)
    add_team_member(team=south, user=bob)
    browser = client_for(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(CANDIDATES, {"q": "Aino"}).status_code == 200
        return len(captured)

    create_job_seeker(coach=alice)
    create_job_seeker(coach=bob)
    few = queries()
    for _number in range(6):
        create_job_seeker(coach=alice)
        create_job_seeker(coach=bob)

    body = browser.get(CANDIDATES).json()
    assert body["count"] == 14
    assert {row["access"] for row in body["items"]} == {"full", "basic"}
    assert queries() == few


# Filters beyond name, coach and status -------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"referral_source": "typ"},
        {"municipality": "Imatra"},
        {"ordering": "last_contact"},
        {"ordering": "-intake"},
    ],
)
def test_a_coach_cannot_filter_other_teams_people_beyond_name_coach_and_status(
    query, alice, bob, api_for
):
    create_job_seeker(coach=bob, referral_source="typ", municipality="Imatra")

    response = api_for(alice).get(CANDIDATES, query)

    assert response.status_code == 422
    assert list(field_errors(response)) == list(query)


def test_a_coach_filters_their_own_caseload_by_anything(alice, bob, api_for):
    create_job_seeker(coach=alice, last_name="Oma", referral_source="typ")
    create_job_seeker(coach=bob, last_name="Bobin", referral_source="typ")

    response = api_for(alice).get(CANDIDATES, {"referral_source": "typ", "mine": True})

    assert response.status_code == 200
    assert [row["last_name"] for row in response.json()["items"]] == ["Oma"]


def test_basic_filters_and_a_lead_s_filters_still_work(alice, bob, api_for, make_user):
    create_job_seeker(coach=bob, referral_source="typ")

    query = {"status": "job_search", "ordering": "name"}
    assert api_for(alice).get(CANDIDATES, query).status_code == 200
    lead = make_user(role=Role.LEAD)
    assert api_for(lead).get(CANDIDATES, {"referral_source": "typ"}).json()["count"] == 1


# One person ---------------------------------------------------------------------------------


def test_the_coach_team_sees_the_identity_code_masked(api, alice):
    seeker = create_job_seeker(coach=alice, henkilotunnus=HETU, address="Kauppakatu 1")

    response = api.get(f"{CANDIDATES}/{seeker.pk}")

    body = response.json()
    assert body["henkilotunnus_masked"] == "010190-****"
    assert body["birth_date"] == "1990-01-01"
    assert body["address"] == "Kauppakatu 1"
    assert "900P" not in response.content.decode()


def test_a_lead_does_not_see_the_identity_code(alice, make_user, api_for):
    seeker = create_job_seeker(coach=alice, henkilotunnus=HETU)

    response = api_for(make_user(role=Role.LEAD)).get(f"{CANDIDATES}/{seeker.pk}")

    assert response.json()["access"] == "record"
    assert response.json()["henkilotunnus_masked"] is None
    assert "010190" not in response.content.decode()


def test_another_teams_coach_sees_only_the_basics_of_one_person(alice, bob, api_for):
    seeker = create_job_seeker(coach=alice, henkilotunnus=HETU, address="Kauppakatu 1")

    body = api_for(bob).get(f"{CANDIDATES}/{seeker.pk}").json()

    assert (body["access"], body["first_name"], body["coach_id"]) == ("basic", "Aino", alice.pk)
    assert body["address"] is None
    assert body["birth_date"] is None
    assert body["henkilotunnus_masked"] is None


def test_a_person_of_another_organisation_is_404(alice, charlie, api_for):
    seeker = create_job_seeker(coach=alice)

    assert api_for(charlie).get(f"{CANDIDATES}/{seeker.pk}").status_code == 404


def test_relations_staff_get_403_on_a_person(alice, make_user, api_for):
    seeker = create_job_seeker(coach=alice)
    response = api_for(make_user(role=Role.RELATIONS)).get(f"{CANDIDATES}/{seeker.pk}")
    assert response.status_code == 403


# Adding -------------------------------------------------------------------------------------


def test_a_coach_adds_a_person_to_their_caseload(api, alice):
    response = api.post(CANDIDATES, new_person(henkilotunnus=HETU), content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["coach_id"] == alice.pk
    assert body["status"] == "referred"
    assert body["municipality"] == "Lappeenranta"
    assert body["henkilotunnus_masked"] == "010190-****"
    assert JobSeeker.objects.get(pk=body["id"]).henkilotunnus == "010190-900P"


def test_a_coach_adds_a_person_to_a_colleagues_caseload(api, bob):
    response = api.post(CANDIDATES, new_person(coach_id=bob.pk), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["coach_id"] == bob.pk


def test_the_coach_must_be_a_coach_of_the_organisation(api, charlie, make_user):
    lead = make_user(role=Role.LEAD)
    for coach in (charlie, lead):
        response = api.post(
            CANDIDATES, new_person(coach_id=coach.pk), content_type="application/json"
        )
        assert "coach_id" in field_errors(response)
    assert not JobSeeker.objects.exists()


def test_a_probable_duplicate_is_refused_until_confirmed(api, alice):
    create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä", henkilotunnus=HETU)
    body = new_person(birth_date="1990-01-01")

    errors = field_errors(api.post(CANDIDATES, body, content_type="application/json"))

    assert "Aino Mäkelä" in errors["birth_date"][0]
    assert "01.01.1990" in errors["birth_date"][0]
    confirmed = api.post(
        CANDIDATES, body | {"allow_duplicate": True}, content_type="application/json"
    )
    assert confirmed.status_code == 201
    assert JobSeeker.objects.count() == 2


def test_bad_input_gets_field_level_messages(api):
    body = new_person(
        henkilotunnus="010190-900A",
        intake_on=str(TODAY - timedelta(days=20)),
        municipality="Atlantis",
    )
    assert field_errors(api.post(CANDIDATES, body, content_type="application/json")) == {
        "municipality": [_("%(value)s is not a Finnish municipality.") % {"value": "Atlantis"}]
    }

    errors = field_errors(
        api.post(CANDIDATES, body | {"municipality": ""}, content_type="application/json")
    )

    assert errors["henkilotunnus"] == [
        _("The check character of the personal identity code is wrong.")
    ]
    assert errors["intake_on"] == [_("The intake cannot be before the referral.")]
    assert not JobSeeker.objects.exists()


def test_null_characters_are_refused_per_field_not_a_server_error(api, alice):
    seeker = create_job_seeker(coach=alice)

    created = api.post(
        CANDIDATES, new_person(last_name="Mä\x00kelä"), content_type="application/json"
    )
    edited = patch(api, seeker, {"version": 1, "languages": ["fi", "s\x00v"]})

    assert field_errors(created) == {"last_name": [_("Null characters are not allowed.")]}
    assert list(field_errors(edited)) == ["languages.1"]


def test_an_exit_needs_a_reason(api):
    body = new_person(status="exited", exited_on=str(TODAY))

    assert field_errors(api.post(CANDIDATES, body, content_type="application/json")) == {
        "exit_reason": [_("Give the reason for the exit.")]
    }


def test_leads_and_relations_staff_cannot_add_people(make_user, api_for):
    for role in (Role.LEAD, Role.RELATIONS, Role.ADMIN):
        response = api_for(make_user(role=role)).post(
            CANDIDATES, new_person(), content_type="application/json"
        )
        assert response.status_code == 403
    assert not JobSeeker.objects.exists()


# Dates in the future -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["referred_on", "intake_on", "birth_date"])
def test_the_api_refuses_a_future_date(field, alice, api_for):
    body = {
        "first_name": "Aino",
        "last_name": "Tuleva",
        "referral_source": "self",
        "referred_on": TODAY.isoformat(),
        field: (TODAY + timedelta(days=1)).isoformat(),
    }

    response = api_for(alice).post(CANDIDATES, body, content_type="application/json")

    assert response.status_code == 422
    assert field in field_errors(response)


def test_an_exit_cannot_be_dated_in_the_future_through_the_api(alice, api_for):
    seeker = create_job_seeker(coach=alice)
    body = {
        "version": seeker.version,
        "status": "exited",
        "exit_reason": "education",
        "exited_on": (TODAY + timedelta(days=2)).isoformat(),
    }

    response = api_for(alice).patch(
        f"{CANDIDATES}/{seeker.pk}", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert field_errors(response)["exited_on"] == [_("The exit date cannot be in the future.")]


# Editing ------------------------------------------------------------------------------------


def patch(client, seeker, body):
    return client.patch(f"{CANDIDATES}/{seeker.pk}", body, content_type="application/json")


def test_the_coach_edits_the_record_with_its_version(api, alice):
    seeker = create_job_seeker(coach=alice)

    response = patch(api, seeker, {"version": 1, "phone": "040 765 4321", "municipality": "imatra"})

    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "+358407654321"
    assert response.json()["municipality"] == "Imatra"
    assert response.json()["version"] == 2


def test_a_stale_version_gets_409_and_changes_nothing(api, alice):
    seeker = create_job_seeker(coach=alice, phone="0401234567")
    assert patch(api, seeker, {"version": 1, "email": "uusi@example.fi"}).status_code == 200

    response = patch(api, seeker, {"version": 1, "phone": "0409999999"})

    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    seeker.refresh_from_db()
    assert seeker.phone == "+358401234567"


def test_the_version_is_required(api, alice):
    seeker = create_job_seeker(coach=alice)
    assert "version" in field_errors(patch(api, seeker, {"phone": "0401234567"}))


def test_an_exit_through_the_api_needs_reason_and_date(api, alice):
    seeker = create_job_seeker(coach=alice)

    errors = field_errors(patch(api, seeker, {"version": 1, "status": "exited"}))

    assert errors == {
        "exit_reason": [_("Give the reason for the exit.")],
        "exited_on": [_("Give the date of the exit.")],
    }
    exited = patch(
        api,
        seeker,
        {"version": 1, "status": "exited", "exit_reason": "education", "exited_on": str(TODAY)},
    )
    assert exited.status_code == 200
    assert (exited.json()["status"], exited.json()["exit_reason"]) == ("exited", "education")


def test_a_required_field_cannot_be_emptied(api, alice):
    seeker = create_job_seeker(coach=alice)
    assert "first_name" in field_errors(patch(api, seeker, {"version": 1, "first_name": None}))


def test_the_coach_is_not_changed_by_an_edit(api, alice, bob):
    seeker = create_job_seeker(coach=alice)

    errors = field_errors(patch(api, seeker, {"version": 1, "coach_id": bob.pk}))

    assert errors["coach_id"] == [_("The coach is changed by a transfer, so that it is recorded.")]
    seeker.refresh_from_db()
    assert seeker.coach == alice


def test_only_the_coach_team_edits(alice, bob, make_user, api_for):
    seeker = create_job_seeker(coach=alice)

    for user in (bob, make_user(role=Role.LEAD), make_user(role=Role.ADMIN)):
        response = patch(api_for(user), seeker, {"version": 1, "phone": "0401234567"})
        assert response.status_code == 403, user.role
    seeker.refresh_from_db()
    assert seeker.version == 1


def test_another_organisation_gets_404_on_edit(alice, charlie, api_for):
    seeker = create_job_seeker(coach=alice)
    response = patch(api_for(charlie), seeker, {"version": 1, "phone": "0401234567"})
    assert response.status_code == 404


# Transfers ----------------------------------------------------------------------------------


def transfer(client, seeker, body):
    body = {"version": seeker.version, **body}
    return client.post(f"{CANDIDATES}/{seeker.pk}/transfer", body, content_type="application/json")


def test_a_person_is_transferred_to_another_coach_and_it_is_recorded(api, alice, bob):
    seeker = create_job_seeker(coach=alice)

    response = transfer(api, seeker, {"coach_id": bob.pk, "reason": "Muutto Imatralle"})

    assert response.status_code == 200, response.content
    assert response.json()["coach_id"] == bob.pk
    assert response.json()["access"] == "basic"  # Alice is no longer the person's coach
    move = CoachTransfer.objects.get(job_seeker=seeker)
    assert (move.from_coach, move.to_coach, move.reason) == (alice, bob, "Muutto Imatralle")


def test_a_transfer_needs_a_coach_of_the_organisation(api, alice, charlie, make_user):
    seeker = create_job_seeker(coach=alice)

    for user in (charlie, make_user(role=Role.RELATIONS), alice):
        assert "coach_id" in field_errors(transfer(api, seeker, {"coach_id": user.pk}))
    assert not CoachTransfer.objects.exists()


def test_another_teams_coach_cannot_take_a_person(alice, bob, api_for):
    seeker = create_job_seeker(coach=alice)
    assert transfer(api_for(bob), seeker, {"coach_id": bob.pk}).status_code == 403


def test_an_over_long_transfer_reason_is_a_field_error(alice, bob, api_for):
    seeker = create_job_seeker(coach=alice)
    body = {"coach_id": bob.pk, "version": seeker.version, "reason": "x" * 251}

    response = api_for(alice).post(
        f"{CANDIDATES}/{seeker.pk}/transfer", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert "reason" in field_errors(response)
    assert not CoachTransfer.objects.exists()


def test_the_api_says_409_for_a_stale_transfer(alice, bob, api_for):
    seeker = create_job_seeker(coach=alice)
    body = {"coach_id": bob.pk, "version": seeker.version - 1 or 99}

    response = api_for(alice).post(
        f"{CANDIDATES}/{seeker.pk}/transfer", body, content_type="application/json"
    )

    assert response.status_code == 409
