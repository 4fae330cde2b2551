"""An org admin tunes the match weights: used by the very next ranking, audited, kept in history,
admins only, per organisation, and validated field by field."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.accounts.models import AuditEvent, Role
from crm.candidates.services.profile import save_profile
from crm.employers.services.openings import create_opening
from crm.matching import index
from crm.matching.models import MatchWeights
from crm.matching.selectors.weights import load_weights
from crm.matching.services.weights import save_weights
from crm.matching.weights import DEFAULT_WEIGHTS, stored_defaults
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db

API = "/api/v1/match-weights"
PAGE = "/organisation/match-weights/"
SKILLS_ONLY = {**stored_defaults(), "preferences": 0, "skills": 100}


@pytest.fixture
def admin(make_user):
    return make_user(role=Role.ADMIN, username="anna", language="en")


@pytest.fixture
def warehouse(org):
    employer = EmployerFactory(organization=org, industry="H")
    return create_opening(
        employer=employer,
        by=None,
        title="Varastotyöntekijä",
        occupation="Varastotyöntekijä",
        required_skills=["keräily"],
        hours_per_week=37,
        municipality="Lappeenranta",
    )


@pytest.fixture
def pair(alice, warehouse):
    """`keen` wants warehouse work but has no picking skill; `skilled` is the other way round."""

    def person(**profile):
        seeker = create_job_seeker(coach=alice)
        save_profile(job_seeker=seeker, by=alice, version=seeker.profile.version, **profile)
        return seeker

    keen = person(occupations=["varastotyöntekijä"])
    skilled = person(occupations=["siivooja"], skills=["keräily"])
    return keen, skilled


def ranked(opening, user) -> list[int]:
    weights = load_weights(user.organization_id)
    return [m.job_seeker_id for m in index.rank_candidates(opening, user=user, weights=weights)[1]]


def put(client, **body):
    return client.put(API, data=json.dumps(body), content_type="application/json")


def test_defaults_until_changed(admin, api_for):
    body = api_for(admin).get(API).json()

    assert body["version"] == 0
    assert body["is_default"] is True
    assert body["preferences"] == 40 and body["obtainable_credit_percent"] == 70
    assert body["defaults"] == stored_defaults()
    assert load_weights(admin.organization_id) is DEFAULT_WEIGHTS


def test_a_change_is_used_by_the_next_ranking_at_once(admin, alice, warehouse, pair, api_for):
    keen, skilled = pair
    assert ranked(warehouse, alice) == [keen.pk, skilled.pk]

    response = put(api_for(admin), **SKILLS_ONLY, version=0)

    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1 and response.json()["is_default"] is False
    assert ranked(warehouse, alice) == [skilled.pk, keen.pk]


def test_a_change_is_audited_and_kept_in_history(admin, api_for):
    put(api_for(admin), **{**stored_defaults(), "place": 30, "hours_step": 8}, version=0)

    event = AuditEvent.objects.get(action="crm.matching.weights_changed")
    assert event.user == admin
    assert event.fields == ["hours_step", "place"]
    assert event.organization_id == admin.organization_id
    weights = MatchWeights.objects.get(organization=admin.organization)
    history = list(weights.history.all())
    assert [(h.place, h.history_user) for h in history] == [(30, admin)]


def test_saving_the_same_values_changes_nothing(admin, api_for):
    client = api_for(admin)
    put(client, **{**stored_defaults(), "place": 30}, version=0)

    response = put(client, **{**stored_defaults(), "place": 30}, version=1)

    assert response.json()["version"] == 1
    assert AuditEvent.objects.filter(action="crm.matching.weights_changed").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("preferences", 101, "Give a whole number from 0 to 100."),
        ("skills", -1, "Give a whole number from 0 to 100."),
        ("hours_step", 26, "Give a whole number from 0 to 25."),
        ("obtainable_credit_percent", 150, "Give a whole number from 0 to 100."),
    ],
)
def test_out_of_range_is_a_field_level_422_and_nothing_is_saved(
    admin, api_for, field, value, message
):
    response = put(api_for(admin), **{**stored_defaults(), field: value}, version=0)

    assert response.status_code == 422
    assert {"loc": ["body", field], "msg": message, "type": "value_error"} in response.json()[
        "detail"
    ]
    assert not MatchWeights.objects.exists()


def test_every_part_at_zero_is_refused(admin, api_for):
    zeros = {name: 0 for name in ("preferences", "skills", "licences", "languages")}
    zeros |= {"hours": 0, "schedule": 0, "place": 0}

    response = put(api_for(admin), **{**stored_defaults(), **zeros}, version=0)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "At least one part of the match needs a weight above 0."
    )


def test_a_stale_version_is_a_conflict(admin, make_user, api_for):
    other_admin = make_user(role=Role.ADMIN, language="en")
    put(api_for(other_admin), **SKILLS_ONLY, version=0)

    response = put(api_for(admin), **{**stored_defaults(), "place": 30}, version=0)

    assert response.status_code == 409
    assert response.json()["current_version"] == 1
    assert MatchWeights.objects.get().place == stored_defaults()["place"]


@pytest.mark.parametrize("role", [Role.COACH, Role.RELATIONS, Role.LEAD])
def test_other_roles_may_neither_read_nor_change(make_user, api_for, client_for, role):
    user = make_user(role=role, language="en")

    assert api_for(user).get(API).status_code == 403
    assert put(api_for(user), **SKILLS_ONLY, version=0).status_code == 403
    assert client_for(user).get(PAGE).status_code == 403
    data = {**SKILLS_ONLY, "version": 0}
    assert client_for(user).post(PAGE, data).status_code == 403
    assert not MatchWeights.objects.exists()


def test_weights_are_per_organisation(admin, other_org, make_user, api_for):
    outsider = make_user(role=Role.ADMIN, organization=other_org, language="en")
    put(api_for(admin), **SKILLS_ONLY, version=0)

    assert api_for(outsider).get(API).json()["is_default"] is True
    assert load_weights(other_org.pk) is DEFAULT_WEIGHTS
    put(api_for(outsider), **{**stored_defaults(), "place": 50}, version=0)
    assert load_weights(admin.organization_id).skills == 100
    assert load_weights(admin.organization_id).place == stored_defaults()["place"]


def test_loading_weights_is_one_query(admin):
    save_weights(organization_id=admin.organization_id, by=admin, version=0, **SKILLS_ONLY)

    with CaptureQueriesContext(connection) as queries:
        weights = load_weights(admin.organization_id)

    assert len(queries) == 1
    assert weights.skills == 100.0 and weights.obtainable_credit == 0.7


# The page ------------------------------------------------------------------------------------


def test_the_overview_links_to_the_page_and_the_page_shows_the_weights(admin, client_for):
    client = client_for(admin)
    assert reverse("match_weights") in client.get(reverse("organization_overview")).text

    page = client.get(PAGE).text

    assert 'name="preferences"' in page and 'value="40"' in page
    assert "Default: 40." in page
    assert "The default weights are in use." in page


def test_saving_on_the_page_reranks_and_says_so(admin, alice, warehouse, pair, client_for):
    keen, skilled = pair
    client = client_for(admin)

    response = client.post(PAGE, {**SKILLS_ONLY, "version": 0}, follow=True)

    assert "Match weights saved. The next ranking uses them." in response.text
    assert ranked(warehouse, alice) == [skilled.pk, keen.pk]
    assert f"by {admin.get_full_name()}" in response.text


def test_a_wrong_value_on_the_page_is_shown_at_the_field(admin, client_for):
    response = client_for(admin).post(PAGE, {**stored_defaults(), "place": "abc", "version": 0})

    assert response.status_code == 422
    assert 'id="id_place_error"' in response.text
    assert "Give a whole number from 0 to 100." in response.text
    assert not MatchWeights.objects.exists()


def test_restoring_the_defaults(admin, alice, warehouse, pair, client_for):
    keen, skilled = pair
    client = client_for(admin)
    client.post(PAGE, {**SKILLS_ONLY, "version": 0})

    response = client.post(PAGE, {"restore": "1", "version": 1}, follow=True)

    assert "Default weights restored." in response.text
    assert MatchWeights.objects.get().skills == stored_defaults()["skills"]
    assert ranked(warehouse, alice) == [keen.pk, skilled.pk]


def test_a_conflict_on_the_page_keeps_my_values(admin, make_user, client_for):
    other_admin = make_user(role=Role.ADMIN, language="en")
    client_for(other_admin).post(PAGE, {**SKILLS_ONLY, "version": 0})

    response = client_for(admin).post(PAGE, {**stored_defaults(), "place": 30, "version": 0})

    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in response.text
    assert MatchWeights.objects.get().place == stored_defaults()["place"]


def test_the_matches_api_follows_a_change_at_once(admin, alice, warehouse, pair, api_for):
    keen, skilled = pair
    coach = api_for(alice)
    url = f"/api/v1/openings/{warehouse.pk}/matches"

    def order() -> list[int]:
        response = coach.get(url)
        assert response.status_code == 200, response.content
        return [item["candidate_id"] for item in response.json()["items"]]

    assert order() == [keen.pk, skilled.pk]
    put(api_for(admin), **SKILLS_ONLY, version=0)
    assert order() == [skilled.pk, keen.pk]
