"""The access matrix of issue 11: every report page and endpoint x every viewer.

The rules (crm/reports/access.py):
- the pilot lead and the organisation admin: everything of their organisation — figures of the
  organisation, any team or coach, the reviews (read and write) and the evaluation extract;
- a coach (Alice, team North): her own and her team's figures; no reviews, no extract;
- a coach of another team (Carol, team South): not North's figures (403);
- relations staff: 403 everywhere;
- another organisation's lead: their own organisation's pages, but North, Alice and this
  organisation's review are a 404;
- nobody logged in: the login page (302) for pages, 401 for the API.

Read EXPECTED as a table: one row per page or endpoint, one column per viewer. 422 means
allowed, but the body sent was refused (nothing saved).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from crm.accounts.models import Role
from crm.accounts.services import create_api_token
from crm.reports.models import FidelityRating
from crm.reports.services import reviews as services
from tests.factories import UserFactory
from tests.reports import dataset

pytestmark = pytest.mark.django_db

VIEWERS = ("lead", "admin", "alice", "carol", "relations", "other_lead", "anonymous")
Q1 = "start=2026-01-01&end=2026-03-31"

# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    #                              lead admin alice carol rel  o_lead anon
    "page raportit":               (200, 200, 403, 403, 403, 200, 302),
    "page outcomes":               (200, 200, 200, 200, 403, 200, 302),
    "page outcomes north":         (200, 200, 200, 403, 403, 404, 302),
    "page outcomes coach alice":   (200, 200, 200, 403, 403, 404, 302),
    "page list worked north":      (200, 200, 200, 403, 403, 404, 302),
    "page outcomes.pdf north":     (200, 200, 200, 403, 403, 404, 302),
    "page outcomes.xlsx north":    (200, 200, 200, 403, 403, 404, 302),
    "page reviews":                (200, 200, 403, 403, 403, 200, 302),
    "page review new":             (200, 200, 403, 403, 403, 200, 302),
    "page review detail":          (200, 200, 403, 403, 403, 404, 302),
    "page review pdf":             (200, 200, 403, 403, 403, 404, 302),
    "post review detail bad":      (422, 422, 403, 403, 403, 404, 302),
    "page extract":                (200, 200, 403, 403, 403, 200, 302),
    "GET api outcomes org":        (200, 200, 403, 403, 403, 200, 401),
    "GET api outcomes north":      (200, 200, 200, 403, 403, 404, 401),
    "GET api indicators alice":    (200, 200, 200, 403, 403, 404, 401),
    "GET api reviews":             (200, 200, 403, 403, 403, 200, 401),
    "GET api review":              (200, 200, 403, 403, 403, 404, 401),
    "PATCH api review bad":        (422, 422, 403, 403, 403, 404, 401),
    "GET api extract":             (200, 200, 403, 403, 403, 200, 401),
}
# fmt: on


@pytest.fixture
def world(settings):
    settings.EVALUATION_PSEUDONYM_KEY = "x" * 40
    ns = dataset.build()
    ns.admin = UserFactory(username="m_admin", organization=ns.org, role=Role.ADMIN)
    ns.other_lead = UserFactory(username="m_olead", organization=ns.other_org, role=Role.LEAD)
    ns.review = services.create_review(by=ns.lead, reviewed_on=dataset.d("2026-04-01"), kind="self")
    return ns


def _request(ns, viewer: str, name: str, api: bool):
    user = None if viewer == "anonymous" else getattr(ns, viewer)
    client = Client()
    if user is not None:
        if api:
            _token, raw = create_api_token(user=user, name="matrix")
            client = Client(headers={"authorization": f"Bearer {raw}"})
        else:
            client.force_login(user)
    north, alice, review = ns.north.pk, ns.alice.pk, ns.review.pk
    routes = {
        "page raportit": ("get", "/reports/", None),
        "page outcomes": ("get", f"/reports/outcomes/?{Q1}", None),
        "page outcomes north": ("get", f"/reports/outcomes/?{Q1}&team={north}", None),
        "page outcomes coach alice": ("get", f"/reports/outcomes/?{Q1}&coach={alice}", None),
        "page list worked north": (
            "get",
            f"/reports/outcomes/list/worked/?{Q1}&team={north}",
            None,
        ),
        "page outcomes.pdf north": ("get", f"/reports/outcomes.pdf?{Q1}&team={north}", None),
        "page outcomes.xlsx north": ("get", f"/reports/outcomes.xlsx?{Q1}&team={north}", None),
        "page reviews": ("get", "/reports/reviews/", None),
        "page review new": ("get", "/reports/reviews/new/", None),
        "page review detail": ("get", f"/reports/reviews/{review}/", None),
        "page review pdf": ("get", f"/reports/reviews/{review}/review.pdf", None),
        "post review detail bad": ("post", f"/reports/reviews/{review}/", {"rating_S1": "9"}),
        "page extract": ("get", "/reports/evaluation-extract/?on=2026-03-31", None),
        "GET api outcomes org": ("get", f"/api/v1/reports/outcomes?{Q1}", None),
        "GET api outcomes north": ("get", f"/api/v1/reports/outcomes?{Q1}&team_id={north}", None),
        "GET api indicators alice": (
            "get",
            f"/api/v1/reports/fidelity-indicators?{Q1}&coach_id={alice}",
            None,
        ),
        "GET api reviews": ("get", "/api/v1/fidelity-reviews", None),
        "GET api review": ("get", f"/api/v1/fidelity-reviews/{review}", None),
        "PATCH api review bad": (
            "patch",
            f"/api/v1/fidelity-reviews/{review}",
            {"version": 1, "ratings": {"S1": 9}},
        ),
        "GET api extract": ("get", "/api/v1/reports/evaluation-extract?on=2026-03-31", None),
    }
    method, url, data = routes[name]
    if method == "get":
        return client.get(url)
    if method == "patch":
        return client.patch(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_access_matrix(world, name):
    is_api = " api " in f" {name} "
    got = tuple(_request(world, viewer, name, is_api).status_code for viewer in VIEWERS)
    assert got == EXPECTED[name], dict(zip(VIEWERS, got, strict=True))


def test_nothing_was_saved_by_the_refused_writes(world):
    for viewer in VIEWERS:
        _request(world, viewer, "PATCH api review bad", True)
        _request(world, viewer, "post review detail bad", False)
    assert not FidelityRating.objects.filter(review=world.review, rating__isnull=False).exists()
    world.review.refresh_from_db()
    assert world.review.version == 1
