"""`fidelity-reviews`: drafts, totals and bands, field-level errors, versions, scoping."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.accounts.models import AuditEvent, Role
from crm.reports.models import FidelityItem, FidelityRating, FidelityReview, band_for, mean_for
from crm.reports.scale import ITEM_CODES
from crm.reports.services import reviews as services
from crm.reports.services.scale import current_items, revise_item
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/fidelity-reviews"


@pytest.fixture
def lead(make_user):
    return make_user(Role.LEAD, username="lead")


def all_rated(value: int = 4) -> dict[str, int]:
    return dict.fromkeys(ITEM_CODES, value)


def post(client, **body):
    payload = {"reviewed_on": "2026-06-15", "kind": "self", **body}
    return client.post(URL, payload, content_type="application/json")


def patch(client, review_id, **body):
    return client.patch(f"{URL}/{review_id}", body, content_type="application/json")


def test_a_draft_has_no_total_and_no_band(lead, api_for):
    ratings = all_rated()
    del ratings["V13"], ratings["V14"]  # two items left
    response = post(api_for(lead), ratings=ratings, notes={"S1": "Neljä valmentajaa"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ratings"] == ratings
    assert body["notes"] == {"S1": "Neljä valmentajaa"}
    assert (body["total"], body["mean"], body["band"], body["rated_count"]) == (
        None,
        None,
        None,
        23,
    )
    # The default period of the indicators: the 6 months before the review.
    assert (body["period_start"], body["period_end"]) == ("2025-12-15", "2026-06-14")


def test_completing_a_review_gives_total_mean_and_band(lead, api_for):
    client = api_for(lead)
    created = post(client, ratings={"S1": 5}).json()
    ratings = all_rated(4) | {"S1": 5, "S2": 5, "V14": 1}  # 22 x 4 + 5 + 5 + 1 = 99
    response = patch(client, created["id"], version=created["version"], ratings=ratings)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total"], body["mean"], body["band"]) == (99, 3.96, "fair")
    assert body["version"] == created["version"] + 1
    response = patch(client, created["id"], version=body["version"], ratings={"V14": 2})
    assert (response.json()["total"], response.json()["band"]) == (100, "good")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (125, "exemplary"),
        (115, "exemplary"),
        (114, "good"),
        (100, "good"),
        (99, "fair"),
        (74, "fair"),
        (73, "not_ips"),
        (25, "not_ips"),
        (None, None),
    ],
)
def test_bands(total, band):
    assert band_for(total) == band


@given(st.lists(st.integers(1, 5), min_size=25, max_size=25))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_total_is_the_sum_of_the_ratings(lead, ratings):
    review = services.create_review(
        by=lead,
        reviewed_on=date(2026, 6, 1),
        kind="self",
        ratings=dict(zip(ITEM_CODES, ratings, strict=True)),
    )
    assert review.total == sum(ratings)
    assert 25 <= review.total <= 125
    assert review.mean == mean_for(sum(ratings))
    review.delete()


@pytest.mark.parametrize(
    ("ratings", "field"),
    [
        ({"S1": 6}, "ratings.S1"),
        ({"S1": 0}, "ratings.S1"),
        ({"V2": "viisi"}, "ratings.V2"),
        ({"V2": 2.5}, "ratings.V2"),
        ({"X9": 3}, "ratings.X9"),
    ],
)
def test_bad_ratings_are_field_errors_and_nothing_is_saved(lead, api_for, ratings, field):
    response = post(api_for(lead), ratings=ratings)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", field]]
    assert not FidelityReview.objects.exists()


def test_a_bad_rating_in_a_patch_changes_nothing(lead, api_for):
    client = api_for(lead)
    created = post(client, ratings={"S1": 3}).json()
    response = patch(client, created["id"], version=created["version"], ratings={"S1": 4, "S2": 9})
    assert response.status_code == 422
    assert FidelityRating.objects.get(review_id=created["id"], code="S1").rating == 3


def test_other_fields_are_checked(lead, api_for):
    client = api_for(lead)
    for body, field in (
        ({"kind": "friendly"}, "kind"),
        ({"reviewed_on": "2099-01-01"}, "reviewed_on"),  # outside the dates' sane range
        ({"reviewed_on": "0001-01-01"}, "reviewed_on"),
        ({"period_start": "2026-05-01", "period_end": "2026-04-01"}, "period_end"),
    ):
        response = post(client, **body)
        assert response.status_code == 422, body
        assert field in {error["loc"][-1] for error in response.json()["detail"]}, body
    assert not FidelityReview.objects.exists()


def test_a_stale_version_is_409(lead, api_for):
    client = api_for(lead)
    created = post(client).json()
    assert (
        patch(client, created["id"], version=created["version"], ratings={"S1": 2}).status_code
        == 200
    )
    response = patch(client, created["id"], version=created["version"], ratings={"S1": 5})
    assert response.status_code == 409
    assert FidelityRating.objects.get(review_id=created["id"], code="S1").rating == 2


def test_null_clears_a_rating(lead, api_for):
    client = api_for(lead)
    created = post(client, ratings=all_rated()).json()
    assert created["total"] == 100
    body = patch(client, created["id"], version=created["version"], ratings={"O3": None}).json()
    assert "O3" not in body["ratings"] and body["total"] is None


def test_a_team_review(lead, api_for, org):
    team = TeamFactory(organization=org, name="Tiimi A")
    body = post(api_for(lead), team_id=team.pk).json()
    assert body["team_id"] == team.pk


def test_another_organisations_team_and_review_are_404(lead, api_for, other_org, make_user):
    team = TeamFactory(organization=other_org, name="Muu")
    assert post(api_for(lead), team_id=team.pk).status_code == 404
    created = post(api_for(lead)).json()
    other_lead = make_user(Role.LEAD, organization=other_org)
    client = api_for(other_lead)
    assert client.get(f"{URL}/{created['id']}").status_code == 404
    assert patch(client, created["id"], version=1, ratings={"S1": 1}).status_code == 404
    assert client.get(URL).json()["count"] == 0


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.LEAD, 200, 201),
        (Role.ADMIN, 200, 201),
        (Role.COACH, 403, 403),
        (Role.RELATIONS, 403, 403),
    ],
)
def test_who_works_with_reviews(make_user, api_for, role, read, write):
    client = api_for(make_user(role))
    assert client.get(URL).status_code == read
    assert post(client).status_code == write


def test_old_reviews_keep_the_texts_they_were_rated_on(lead, api_for, make_user):
    client = api_for(lead)
    old = post(client, ratings={"S1": 4}).json()
    admin = make_user(Role.ADMIN)
    item = current_items(lead.organization_id)["S1"]
    anchors = [*item.anchors_fi[:4], "Enintään 20 asiakasta (korjattu)"]
    revise_item(item=item, by=admin, anchors_fi=anchors)
    new = post(client).json()
    assert old["item_revisions"]["S1"] == 1 and new["item_revisions"]["S1"] == 2
    assert FidelityItem.objects.get(organization=lead.organization, code="S1", revision=1)
    rating = FidelityRating.objects.select_related("item").get(review_id=old["id"], code="S1")
    assert rating.item.anchors_fi[4] != "Enintään 20 asiakasta (korjattu)"


def test_every_change_is_audited(lead, api_for):
    client = api_for(lead)
    created = post(client, ratings={"S1": 3}).json()
    patch(client, created["id"], version=created["version"], ratings={"S1": 4})
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(created["id"]), object_type="reports.fidelityreview"
        )
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["crm.reports.review_created", "crm.reports.review_changed"]


def test_the_scale_is_seeded_in_three_languages_with_its_check_marks(lead):
    items = current_items(lead.organization_id)
    assert list(items) == list(ITEM_CODES)
    s1 = items["S1"]
    assert s1.source_check == "verified" and items["V4"].source_check == "unverified"
    assert s1.title_en == "Caseload size" and len(s1.anchors_sv) == 5
    assert s1.title_fi and s1.title_fi != s1.title_en
