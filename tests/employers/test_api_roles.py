"""Who may do what in the employers API: role, endpoint, and own or other organisation.

Coaches and relations staff read and write, leads only read, organisation admins see none of
it; someone from another organisation gets 404 for Alice's records (never a hint that they
exist) and never sees them in a list."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from crm.accounts.models import Role
from crm.employers.models import Employer
from tests.factories import (
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    FollowUpFactory,
    OpeningFactory,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    kind: str  # list | read | create | create_under | create_naming | change
    body: Callable[[dict], dict] | None = None
    listing: str | None = None  # for lists: which of Alice's records it should show

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", "employers", "list", listing="employer"),
    Endpoint("POST", "employers", "create", lambda r: {"name": "Uusi Oy"}),
    Endpoint("GET", "employers/{employer}", "read"),
    Endpoint("PATCH", "employers/{employer}", "change", lambda r: {"version": 1, "notes": "x"}),
    Endpoint("POST", "employers/{employer}/archive", "change"),
    Endpoint("POST", "employers/{employer}/restore", "change"),
    Endpoint("GET", "employers/{employer}/contacts", "read"),
    Endpoint("POST", "employers/{employer}/contacts", "create_under", lambda r: {"name": "Maija"}),
    Endpoint(
        "PATCH",
        "employers/{employer}/contacts/{person}",
        "change",
        lambda r: {"title": "Kauppias"},
    ),
    Endpoint("GET", "employer-contacts", "list", listing="contact"),
    Endpoint(
        "POST",
        "employer-contacts",
        "create_naming",
        lambda r: {
            "employer_id": r["employer"],
            "channel": "phone",
            "purpose": "introduction",
            "summary": "Puhelu.",
        },
    ),
    Endpoint("GET", "follow-ups", "list", listing="follow_up"),
    Endpoint(
        "POST",
        "follow-ups",
        "create_naming",
        lambda r: {"employer_id": r["employer"], "due_on": r["today"], "title": "Soita"},
    ),
    Endpoint("PATCH", "follow-ups/{follow_up}", "change", lambda r: {"done": True}),
    Endpoint("GET", "openings", "list", listing="opening"),
    Endpoint(
        "POST",
        "openings",
        "create_naming",
        lambda r: {"employer_id": r["employer"], "title": "Kokki"},
    ),
    Endpoint("GET", "openings/{opening}", "read"),
    Endpoint("PATCH", "openings/{opening}", "change", lambda r: {"version": 1, "positions": 2}),
    Endpoint("GET", "openings/{opening}/tailoring-notes", "read"),
    Endpoint(
        "POST",
        "openings/{opening}/tailoring-notes",
        "create_under",
        lambda r: {"adjustments": "Lyhyet vuorot"},
    ),
]
WRITES = {"create", "create_under", "create_naming", "change"}
SUCCESS = {
    "list": 200,
    "read": 200,
    "create": 201,
    "create_under": 201,
    "create_naming": 201,
    "change": 200,
}
# From another organisation: their own lists and creations work; Alice's records do not exist.
FROM_OUTSIDE = {
    "list": 200,
    "read": 404,
    "create": 201,
    "create_under": 404,
    "create_naming": 422,
    "change": 404,
}


def expected_status(role: str, own_organisation: bool, kind: str) -> int:
    if role == Role.ADMIN or (role == Role.LEAD and kind in WRITES):
        return 403
    return SUCCESS[kind] if own_organisation else FROM_OUTSIDE[kind]


@pytest.fixture
def alices_records(org, alice) -> dict:
    employer = EmployerFactory(organization=org, owner=alice)
    contact = EmployerContactFactory(employer=employer, user=alice)
    return {
        "employer": employer.pk,
        "person": ContactPersonFactory(employer=employer).pk,
        "opening": OpeningFactory(employer=employer).pk,
        "follow_up": FollowUpFactory(user=alice, employer=employer).pk,
        "contact": contact.pk,
        "today": str(timezone.localdate()),
    }


def call(client: Client, endpoint: Endpoint, records: dict):
    url = "/api/v1/" + endpoint.path.format(**records)
    if endpoint.body is None:
        return client.generic(endpoint.method, url)
    body = json.dumps(endpoint.body(records))
    return client.generic(endpoint.method, url, body, content_type="application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("own_organisation", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", [Role.COACH, Role.RELATIONS, Role.LEAD, Role.ADMIN])
def test_role_and_organisation_decide_the_answer(
    role, own_organisation, endpoint, make_user, other_org, alices_records, api_for
):
    user = make_user(role=role, organization=None if own_organisation else other_org)

    response = call(api_for(user), endpoint, alices_records)

    assert response.status_code == expected_status(role, own_organisation, endpoint.kind), (
        response.content
    )
    if endpoint.listing and response.status_code == 200:
        visible = {row["id"] for row in response.json()["items"]}
        assert (alices_records[endpoint.listing] in visible) is own_organisation


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_without_credentials_every_endpoint_is_401(endpoint, alices_records):
    response = call(Client(), endpoint, alices_records)

    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_lead_can_read_but_nothing_is_written(make_user, alices_records, api_for):
    lead = make_user(role=Role.LEAD)
    api = api_for(lead)

    response = api.patch(
        f"/api/v1/employers/{alices_records['employer']}",
        {"version": 1, "name": "Muutettu"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Employer.objects.get(pk=alices_records["employer"]).name != "Muutettu"


def test_the_browser_session_works_as_well_as_a_token(alice, client_for, alices_records):
    response = client_for(alice).get(f"/api/v1/employers/{alices_records['employer']}")

    assert response.status_code == 200
