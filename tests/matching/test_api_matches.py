"""GET /api/v1/openings/{id}/matches and /api/v1/candidates/{id}/matches: ranked, explained,
and each card showing only what the caller may see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.accounts.models import Role
from crm.candidates.models import ExitReason, Status
from crm.candidates.services.profile import save_profile
from crm.candidates.services.records import change_status
from crm.employers.services.openings import create_opening
from crm.matching import cards
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db

SECRET_HEALTH = "Selkävaiva, ei nostoja"
SECRET_ACCOMMODATION = "Tarvitsee hiljaisen taukotilan"


@pytest.fixture(autouse=True)
def _english(alice, bob):
    for user in (alice, bob):
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.fixture
def user_with(make_user):
    def make(role: str):
        return make_user(role=role, language="en", first_name="Sanna", last_name="Virtanen")

    return make


@pytest.fixture
def warehouse(org):
    employer = EmployerFactory(organization=org, industry="H", name="Saimaan Varasto Oy")
    return create_opening(
        employer=employer,
        by=None,
        title="Varastotyöntekijä",
        occupation="Varastotyöntekijä",
        required_skills=["keräily"],
        licences=["trukkikortti"],
        hours_per_week=30,
        municipality="Lappeenranta",
    )


def seeker(coach, *, profile=None, **fields):
    person = create_job_seeker(coach=coach, **fields)
    if profile:
        save_profile(job_seeker=person, by=coach, version=person.profile.version, **profile)
    person.refresh_from_db()
    return person


KEEN = {
    "occupations": ["varastotyöntekijä"],
    "skills": ["keräily"],
    "strengths": ["täsmällinen"],
    "hours_min": 20,
    "hours_max": 30,
    "schedules": ["day"],
    "municipalities": ["Imatra"],
    "health_restrictions": SECRET_HEALTH,
    "accommodation_needs": SECRET_ACCOMMODATION,
}


def matches_of(client, opening, **params):
    response = client.get(f"/api/v1/openings/{opening.pk}/matches", params)
    assert response.status_code == 200, response.content
    return response.json()


# Ranking and reasons ----------------------------------------------------------------------


def test_job_seekers_come_ordered_by_score_with_reasons(alice, api_for, warehouse):
    other = seeker(alice, profile={"occupations": ["kokki"]}, first_name="Olli")
    keen = seeker(alice, profile=KEEN, first_name="Kaisa")

    body = matches_of(api_for(alice), warehouse)

    assert body["count"] == 2
    assert [i["candidate_id"] for i in body["items"]] == [keen.pk, other.pk]
    assert body["items"][0]["score"] > body["items"][1]["score"]
    reasons = {c["name"]: c for c in body["items"][0]["components"]}
    assert "Wants this kind of work" in reasons["preferences"]["reason"]
    assert reasons["preferences"]["fit"] == "fits"
    assert "obtainable" in reasons["licences"]["reason"]
    assert reasons["licences"]["fit"] == "gap"
    assert set(reasons) >= {"preferences", "skills", "licences", "hours", "place"}


def test_the_coach_team_sees_names_and_others_see_pseudonyms(alice, bob, api_for, warehouse):
    own = seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")

    mine = matches_of(api_for(alice), warehouse)["items"][0]
    theirs = matches_of(api_for(bob), warehouse)["items"][0]

    assert mine["name"] == "Kaisa Koski" and mine["candidate_id"] == own.pk
    assert mine["card"] == "full"
    assert theirs["name"] is None and theirs["candidate_id"] is None
    assert theirs["pseudonym"] == mine["pseudonym"]
    assert theirs["coach_id"] == alice.pk
    assert theirs["coach_name"] == alice.get_full_name()


def test_relations_staff_get_profile_cards_without_identity_or_health(
    alice, api_for, user_with, warehouse
):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    relations = user_with(Role.RELATIONS)

    response = api_for(relations).get(f"/api/v1/openings/{warehouse.pk}/matches")

    item = response.json()["items"][0]
    assert item["card"] == "profile"
    assert [s.lower() for s in item["skills"]] == ["keräily"]
    assert item["strengths"] == ["täsmällinen"]
    assert item["occupations"] == ["varastotyöntekijä"]
    assert (item["hours_min"], item["hours_max"]) == (20, 30)
    assert item["municipalities"] == ["Imatra"]
    text = response.content.decode()
    for secret in ("Kaisa", "Koski", SECRET_HEALTH, SECRET_ACCOMMODATION, "henkilotunnus"):
        assert secret not in text


def test_leads_get_figures_only(alice, api_for, user_with, warehouse):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")

    item = matches_of(api_for(user_with(Role.LEAD)), warehouse)["items"][0]

    assert item["card"] == "figures"
    assert item["name"] is None and item["skills"] is None
    assert item["components"]


def test_admins_are_refused(api_for, user_with, warehouse):
    response = api_for(user_with(Role.ADMIN)).get(f"/api/v1/openings/{warehouse.pk}/matches")
    assert response.status_code == 403


def test_mine_narrows_to_the_callers_caseload(alice, bob, api_for, warehouse):
    own = seeker(alice, profile=KEEN)
    seeker(bob, profile=KEEN)

    body = matches_of(api_for(alice), warehouse, mine="true")

    assert body["count"] == 1
    assert [i["candidate_id"] for i in body["items"]] == [own.pk]


def test_limit_and_offset_page_through_the_ranking(alice, api_for, warehouse):
    people = [seeker(alice, profile=KEEN) for _ in range(3)]
    client = api_for(alice)

    first = matches_of(client, warehouse, limit=2)
    rest = matches_of(client, warehouse, limit=2, offset=2)

    assert first["count"] == rest["count"] == 3
    ids = [i["candidate_id"] for i in first["items"] + rest["items"]]
    assert sorted(ids) == sorted(p.pk for p in people) and len(first["items"]) == 2
    too_many = client.get(f"/api/v1/openings/{warehouse.pk}/matches", {"limit": 501})
    assert too_many.status_code == 422


def test_a_saved_profile_change_shows_in_the_next_request(alice, api_for, warehouse):
    first = seeker(alice, profile={"occupations": ["varastotyöntekijä"]})
    second = seeker(alice, profile={"occupations": ["kokki"]})
    client = api_for(alice)
    assert [i["candidate_id"] for i in matches_of(client, warehouse)["items"]] == [
        first.pk,
        second.pk,
    ]

    save_profile(
        job_seeker=second,
        by=alice,
        version=second.profile.version,
        occupations=["varastotyöntekijä"],
        skills=["keräily"],
        licences=["trukkikortti"],
    )

    assert [i["candidate_id"] for i in matches_of(client, warehouse)["items"]] == [
        second.pk,
        first.pk,
    ]


def test_the_organisations_weights_take_effect_at_once(alice, api_for, org, warehouse):
    from crm.matching.services.weights import save_weights
    from crm.matching.weights import stored_defaults

    keen = seeker(alice, profile={"occupations": ["varastotyöntekijä"]})
    skilled = seeker(
        alice,
        profile={"occupations": ["kokki"], "skills": ["keräily"], "licences": ["trukkikortti"]},
    )
    client = api_for(alice)
    assert [i["candidate_id"] for i in matches_of(client, warehouse)["items"]] == [
        keen.pk,
        skilled.pk,
    ]

    values = {**stored_defaults(), "preferences": 0}
    save_weights(organization_id=org.pk, by=alice, version=0, **values)

    assert [i["candidate_id"] for i in matches_of(client, warehouse)["items"]] == [
        skilled.pk,
        keen.pk,
    ]


def test_paused_and_exited_people_are_not_listed(alice, api_for, warehouse):
    stays = seeker(alice, profile=KEEN)
    paused = seeker(alice, profile=KEEN)
    exited = seeker(alice, profile=KEEN)
    change_status(job_seeker=paused, by=alice, version=paused.version, status="paused")
    change_status(
        job_seeker=exited, by=alice, version=exited.version, status="exited", exit_reason="moved"
    )

    body = matches_of(api_for(alice), warehouse)

    assert body["count"] == 1
    assert [i["candidate_id"] for i in body["items"]] == [stays.pk]


def test_another_organisations_opening_is_404(charlie, api_for, warehouse):
    response = api_for(charlie).get(f"/api/v1/openings/{warehouse.pk}/matches")
    assert response.status_code == 404


def test_anonymous_callers_get_401(client, warehouse):
    assert client.get(f"/api/v1/openings/{warehouse.pk}/matches").status_code == 401


def test_the_query_count_does_not_grow_with_the_number_of_matches(
    alice, api_for, user_with, warehouse
):
    relations = user_with(Role.RELATIONS)
    seeker(alice, profile=KEEN)
    clients = {"coach": api_for(alice), "relations": api_for(relations)}

    def queries(client) -> int:
        matches_of(client, warehouse)  # warm: the index and the token
        with CaptureQueriesContext(connection) as ctx:
            matches_of(client, warehouse)
        return len(ctx.captured_queries)

    few = {name: queries(c) for name, c in clients.items()}
    for _ in range(6):
        seeker(alice, profile=KEEN)
    many = {name: queries(c) for name, c in clients.items()}

    assert many == few


# A job seeker's matching openings ----------------------------------------------------------


def openings_of(client, person):
    return client.get(f"/api/v1/candidates/{person.pk}/matches")


def test_openings_are_ranked_for_the_coach_team_with_reasons(alice, api_for, org, warehouse):
    kitchen = create_opening(
        employer=warehouse.employer,
        by=None,
        title="Keittiöapulainen",
        occupation="Keittiöapulainen",
        hours_per_week=30,
        municipality="Lappeenranta",
    )
    person = seeker(alice, profile=KEEN)

    response = openings_of(api_for(alice), person)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [i["opening_id"] for i in body["items"]] == [warehouse.pk, kitchen.pk]
    top = body["items"][0]
    assert top["title"] == "Varastotyöntekijä" and top["employer_name"] == "Saimaan Varasto Oy"
    assert any("✓" in c["reason"] for c in top["components"])


def test_leads_see_a_persons_matching_openings(alice, api_for, user_with, warehouse):
    person = seeker(alice, profile=KEEN)
    response = openings_of(api_for(user_with(Role.LEAD)), person)
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("role", [Role.RELATIONS, Role.ADMIN])
def test_relations_staff_and_admins_get_403_on_a_persons_matches(
    alice, api_for, user_with, warehouse, role
):
    person = seeker(alice, profile=KEEN)
    assert openings_of(api_for(user_with(role)), person).status_code == 403


def test_another_coach_gets_403_on_a_persons_matches(alice, bob, api_for, warehouse):
    person = seeker(alice, profile=KEEN)
    assert openings_of(api_for(bob), person).status_code == 403


def test_another_organisation_gets_404_on_a_persons_matches(alice, charlie, api_for, warehouse):
    person = seeker(alice, profile=KEEN)
    assert openings_of(api_for(charlie), person).status_code == 404


def test_a_paused_person_has_no_matching_openings(alice, api_for, warehouse):
    person = seeker(alice, profile=KEEN)
    change_status(job_seeker=person, by=alice, version=person.version, status="paused")

    body = openings_of(api_for(alice), person).json()

    assert body == {"items": [], "count": 0}


# Match cards ---------------------------------------------------------------------------------


def _exit_behind_the_services(person):
    today = timezone.localdate()
    type(person).objects.filter(pk=person.pk).update(
        status=Status.EXITED, exit_reason=ExitReason.OTHER, exited_on=today
    )


def test_a_card_pseudonym_differs_from_opening_to_opening():
    assert cards.pseudonym(7, 1) == cards.pseudonym(7, 1)
    assert cards.pseudonym(7, 1) != cards.pseudonym(7, 2)


def test_cards_leave_out_people_out_of_service_even_if_still_ranked(alice, org):
    active = create_job_seeker(coach=alice)
    exited = create_job_seeker(coach=alice)
    _exit_behind_the_services(exited)
    people = cards._seekers(alice, [active.pk, exited.pk])
    assert set(people) == {active.pk}
