"""`reports/outcomes` and `reports/fidelity-indicators` through the API: the hand-computed
figures under their contract names, bad input and who may read what."""

from __future__ import annotations

import pytest
from django.utils import timezone

from crm.reports.periods import quarter_of
from tests.reports import dataset

pytestmark = pytest.mark.django_db

Q1 = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture
def ns():
    return dataset.build()


def get(client, path, **params):
    return client.get(f"/api/v1/reports/{path}", params)


def test_outcomes_carry_the_contract_names(ns, api_for):
    response = get(api_for(ns.lead), "outcomes", **Q1)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["start"] == "2026-01-01" and body["end"] == "2026-03-31"
    assert (body["served"], body["worked"], body["employment_rate"]) == (13, 8, 61.5)
    assert (body["job_starts"], body["competitive_job_starts"]) == (7, 5)
    assert (body["first_jobs"], body["jobs_reaching_90_days"], body["job_endings"]) == (4, 3, 6)
    assert body["job_endings_by_reason"] == {
        "quit": 2,
        "contract_ended": 1,
        "dismissed": 1,
        "temporary_ended": 1,
        "other": 1,
    }
    assert body["days_to_first_employer_contact"] == {
        "n": 4,
        "mean": 34.3,
        "median": 15,
        "without": 1,
    }
    assert body["kykyviisari_work_ability_change"] == {"n": 3, "mean": 0.6}
    assert body["satisfaction"] == {
        "worker": {"n": 3, "mean": 3.7},
        "employer": {"n": 2, "mean": 4.5},
    }
    assert body["benchmarks"] == {"minimal": 31, "average": 41, "excellent": 50}


def test_indicators_carry_value_rating_and_n(ns, api_for):
    response = get(api_for(ns.lead), "fidelity-indicators", **Q1)
    assert response.status_code == 200, response.content
    items = {item["item"]: item for item in response.json()["items"]}
    assert list(items) == ["S1", "V4", "V6", "V8", "V9", "V10", "V12"]
    expected = {
        "S1": (5, 5, 4),
        "V4": (34.3, 4, 4),
        "V6": (1.87, 1, 3),
        "V8": (71.43, 4, 7),
        "V9": (85.71, 5, 7),
        "V10": (71.43, 1, 7),
        "V12": (57.14, 3, 7),
    }
    for code, (value, rating, n) in expected.items():
        assert (items[code]["value"], items[code]["rating"], items[code]["n"]) == (
            value,
            rating,
            n,
        ), code
    coaches = {row["coach_id"]: row for row in response.json()["coaches"]}
    assert coaches[ns.alice.pk]["S1"] == 5 and coaches[ns.alice.pk]["V6"] == 2.1
    assert coaches[ns.bob.pk]["S1"] == 4 and coaches[ns.bob.pk]["V6"] == 3.5
    assert coaches[ns.dave.pk] == {"coach_id": ns.dave.pk, "name": str(ns.dave), "S1": 1}


def test_team_and_coach_scopes(ns, api_for):
    client = api_for(ns.lead)
    north = get(client, "outcomes", team_id=ns.north.pk, **Q1).json()
    assert (north["served"], north["worked"], north["employment_rate"]) == (9, 6, 66.7)
    assert north["team_id"] == ns.north.pk
    alice = get(client, "outcomes", coach_id=ns.alice.pk, **Q1).json()
    assert (alice["served"], alice["worked"], alice["employment_rate"]) == (5, 3, 60.0)


def test_default_period_is_the_current_quarter(ns, api_for):
    body = get(api_for(ns.lead), "outcomes").json()
    quarter = quarter_of(timezone.localdate())
    assert (body["start"], body["end"]) == (str(quarter.start), str(quarter.end))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-03-31", "end": "2026-01-01"}, "end"),  # end before start
        ({"start": "2020-01-01", "end": "2025-01-01"}, "end"),  # longer than 5 years
        ({"start": "2026-01-01"}, "end"),
        ({"end": "2026-01-01"}, "start"),
        ({"start": "2026-13-01", "end": "2026-12-31"}, "start"),
    ],
)
@pytest.mark.parametrize("path", ["outcomes", "fidelity-indicators"])
def test_bad_periods_are_field_errors(ns, api_for, params, field, path):
    response = get(api_for(ns.lead), path, **params)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_a_five_year_period_is_accepted(ns, api_for):
    response = get(api_for(ns.lead), "outcomes", start="2020-01-01", end="2024-12-31")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["outcomes", "fidelity-indicators"])
def test_team_or_coach_of_another_organisation_is_404(ns, api_for, path):
    client = api_for(ns.lead)
    assert get(client, path, team_id=ns.other_team.pk, **Q1).status_code == 404
    assert get(client, path, coach_id=ns.charlie.pk, **Q1).status_code == 404
    assert get(client, path, team_id=999999, **Q1).status_code == 404


@pytest.mark.parametrize("path", ["outcomes", "fidelity-indicators"])
def test_coaches_read_their_own_and_their_teams_figures(ns, api_for, path):
    client = api_for(ns.alice)
    assert get(client, path, coach_id=ns.alice.pk, **Q1).status_code == 200
    assert get(client, path, coach_id=ns.bob.pk, **Q1).status_code == 200  # teammate
    assert get(client, path, team_id=ns.north.pk, **Q1).status_code == 200
    assert get(client, path, team_id=ns.south.pk, **Q1).status_code == 403
    assert get(client, path, coach_id=ns.carol.pk, **Q1).status_code == 403
    assert get(client, path, **Q1).status_code == 403  # the organisation


@pytest.mark.parametrize("path", ["outcomes", "fidelity-indicators"])
def test_relations_staff_get_403_and_strangers_401(ns, api_for, client, path):
    assert get(api_for(ns.relations), path, **Q1).status_code == 403
    assert get(client, path, **Q1).status_code == 401


def test_another_organisations_lead_sees_only_their_own(ns, api_for, make_user):
    from crm.accounts.models import Role

    other_lead = make_user(Role.LEAD, organization=ns.other_org)
    body = get(api_for(other_lead), "outcomes", **Q1).json()
    assert (body["served"], body["worked"]) == (1, 1)
