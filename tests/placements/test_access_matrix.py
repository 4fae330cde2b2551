"""The access matrix of issue 10: role, page or endpoint, and own team / other team / other
organisation, for every placement page and API endpoint.

The rules (crm/placements/access.py):
- the person's coach team (Alice, her coach; Carol, same team): everything, incl. recording,
  changes and support-contact notes (reading them is audited);
- a coach of another team (Bob): 403 on the person's jobs; the list shows only his own team's;
- the pilot lead: reads every placement, plan, support contact (without notes) and check-in;
  no changes;
- the organisation admin and relations staff: 403 on every placement page and endpoint (the
  employer page shows relations staff numbers only: tests/placements/test_pages.py);
- anyone in another organisation with a placements role: 404, never 403;
- nobody logged in: the login page (302) for pages, 401 for the API.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import AuditEvent, Role
from crm.accounts.services import add_team_member
from crm.placements.models import JobCheckIn, Placement, SupportContact
from crm.placements.services.check_ins import record_check_in
from crm.placements.services.support import log_support_contact
from tests.factories import EmployerFactory, TeamFactory, create_job_seeker, create_placement

pytestmark = pytest.mark.django_db

VIEWERS = (
    "alice",  # the person's own coach (team North)
    "carol",  # another coach of team North
    "bob",  # a coach of team South
    "lead",
    "admin",
    "relations",
    "charlie",  # a coach of another organisation
    "other_lead",
    "other_admin",
    "anonymous",
)
COACH_TEAM = {"alice", "carol"}
READERS = COACH_TEAM | {"lead"}
OUTSIDERS = {"bob", "admin", "relations", "charlie", "other_lead", "other_admin", "anonymous"}

# 200/201 allowed · 422 allowed, but the form or body sent was refused (nothing saved) ·
# 302 the login page · 403 role or person not allowed · 404 another organisation's job ·
# 401 API, not logged in. Lists are of the viewer's own organisation and coach team.
# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    #                           alice carol bob  lead admin rel  charlie o_lead o_admin anon
    # Pages (GET) ------------------------------------------------------------------------
    "page list":                (200, 200, 200, 200, 403, 403, 200, 200, 403, 302),
    "page person's jobs":       (200, 200, 403, 200, 403, 403, 404, 404, 404, 302),
    "page record job start":    (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page detail":              (200, 200, 403, 200, 403, 403, 404, 404, 403, 302),
    "page edit":                (200, 200, 403, 403, 403, 403, 404, 404, 403, 302),
    "page end":                 (200, 200, 403, 403, 403, 403, 404, 404, 403, 302),
    # Page forms posted empty: 422 = allowed, nothing saved -----------------------------
    "post record job start":    (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post edit":                (422, 422, 403, 403, 403, 403, 404, 404, 403, 302),
    "post end":                 (422, 422, 403, 403, 403, 403, 404, 404, 403, 302),
    "post plan":                (422, 422, 403, 403, 403, 403, 404, 404, 403, 302),
    "post support contact":     (422, 422, 403, 403, 403, 403, 404, 404, 403, 302),
    "post check-in":            (422, 422, 403, 403, 403, 403, 404, 404, 403, 302),
    # API ---------------------------------------------------------------------------------
    "GET placements":           (200, 200, 200, 200, 403, 403, 200, 200, 403, 401),
    "POST placements":          (201, 201, 403, 403, 403, 403, 422, 422, 403, 401),
    "GET placement":            (200, 200, 403, 200, 403, 403, 404, 404, 403, 401),
    "PATCH placement":          (200, 200, 403, 403, 403, 403, 404, 404, 403, 401),
    "POST end":                 (200, 200, 403, 403, 403, 403, 404, 404, 403, 401),
    "GET plan":                 (200, 200, 403, 200, 403, 403, 404, 404, 403, 401),
    "PUT plan":                 (200, 200, 403, 403, 403, 403, 404, 404, 403, 401),
    "GET support-contacts":     (200, 200, 403, 200, 403, 403, 404, 404, 403, 401),
    "POST support-contacts":    (201, 201, 403, 403, 403, 403, 404, 404, 403, 401),
    "GET check-ins":            (200, 200, 403, 200, 403, 403, 404, 404, 403, 401),
    "POST check-ins":           (201, 201, 403, 403, 403, 403, 404, 404, 403, 401),
}
# fmt: on

NOTE = "SUPPORT-NOTE-MARKER"  # a support contact's notes: the coach team only
LAST_NAME = "Matrixsonen"  # ASCII: JSON escapes other letters
# The placement page shows them, also when it comes back with a refused form on it.
SHOWS_NOTES = {
    "page detail",
    "GET support-contacts",
    "post plan",
    "post support contact",
    "post check-in",
}
SHOWS_NAME = {"page detail", "page person's jobs", "GET placement", "GET placements"}
WRITES = {
    "POST placements": (Placement, 1),
    "PATCH placement": (Placement, 0),
    "POST support-contacts": (SupportContact, 1),
    "POST check-ins": (JobCheckIn, 1),
}
NOTES_READ = "crm.candidate.support_notes_viewed"
TODAY = timezone.localdate()
API = "/api/v1/placements"


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    body: dict[str, Any] | None = None

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


def call_for(endpoint: str, w: Any) -> Call:
    """The request a row of EXPECTED stands for; API writes carry a valid body, so that only
    access decides the answer."""
    p, person = w.placement.pk, w.person.pk
    item = f"{API}/{p}"
    start = {"employer": w.other_employer.pk}
    calls = {
        "page list": lambda: Call("GET", reverse("placement_list")),
        "page person's jobs": lambda: Call("GET", reverse("candidate_placements", args=[person])),
        "page record job start": lambda: Call(
            "GET", reverse("placement_create", args=[person]) + f"?employer={w.other_employer.pk}"
        ),
        "page detail": lambda: Call("GET", reverse("placement_detail", args=[p])),
        "page edit": lambda: Call("GET", reverse("placement_edit", args=[p])),
        "page end": lambda: Call("GET", reverse("placement_end", args=[p])),
        "post record job start": lambda: Call(
            "POST", reverse("placement_create", args=[person]), start
        ),
        "post edit": lambda: Call("POST", reverse("placement_edit", args=[p]), {}),
        "post end": lambda: Call("POST", reverse("placement_end", args=[p]), {}),
        "post plan": lambda: Call("POST", reverse("placement_plan", args=[p]), {}),
        "post support contact": lambda: Call("POST", reverse("support_contact_add", args=[p]), {}),
        "post check-in": lambda: Call("POST", reverse("check_in_add", args=[p]), {}),
        "GET placements": lambda: Call("GET", API),
        "POST placements": lambda: Call(
            "POST",
            API,
            {
                "candidate_id": person,
                "employer_id": w.other_employer.pk,
                "job_title": "Kiinteistönhoitaja",
                "start_on": str(TODAY),
                "hours_per_week": 37.5,
                "contract_type": "permanent",
            },
        ),
        "GET placement": lambda: Call("GET", item),
        "PATCH placement": lambda: Call(
            "PATCH", item, {"version": w.placement.version, "hours_per_week": 32.5}
        ),
        "POST end": lambda: Call(
            "POST", f"{item}/end", {"ended_on": str(TODAY), "end_reason": "quit"}
        ),
        "GET plan": lambda: Call("GET", f"{item}/plan"),
        "PUT plan": lambda: Call(
            "PUT", f"{item}/plan", {"version": w.placement.version, "cadence": "biweekly"}
        ),
        "GET support-contacts": lambda: Call("GET", f"{item}/support-contacts"),
        "POST support-contacts": lambda: Call(
            "POST",
            f"{item}/support-contacts",
            {"occurred_on": str(TODAY), "with_whom": "worker", "channel": "phone"},
        ),
        "GET check-ins": lambda: Call("GET", f"{item}/check-ins"),
        "POST check-ins": lambda: Call(
            "POST",
            f"{item}/check-ins",
            {"checked_on": str(TODAY), "respondent": "worker", "score": 5},
        ),
    }
    return calls[endpoint]()


def send(client: Client, call: Call):
    if call.body is None:
        return client.generic(call.method, call.url)
    if call.is_api:
        return client.generic(
            call.method, call.url, data=json.dumps(call.body), content_type="application/json"
        )
    return client.post(call.url, call.body)


@pytest.fixture
def world(org, other_org, alice, bob, charlie, make_user):
    """Organisation A: team North (Alice, Carol), team South (Bob), a lead, an admin and
    relations staff; organisation B: Charlie, a lead and an admin. The person is on Alice's
    caseload with a job, a support contact with notes and a check-in."""
    carol = make_user(username="carol")
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    for team, user in ((north, alice), (north, carol), (south, bob)):
        add_team_member(team=team, user=user)
    person = create_job_seeker(coach=alice, last_name=LAST_NAME)
    employer = EmployerFactory(organization=org, name="Matriisi Oy")
    placement = create_placement(
        candidate=person, employer=employer, start_on=TODAY - timedelta(days=20)
    )
    log_support_contact(
        placement=placement,
        by=alice,
        occurred_on=TODAY - timedelta(days=2),
        with_whom="worker",
        channel="face_to_face",
        notes=f"Jaksaminen {NOTE}",
    )
    record_check_in(placement=placement, by=alice, checked_on=TODAY, respondent="worker", score=4)
    # Someone in Charlie's organisation has a job too, so that their lists are not empty.
    create_placement(
        candidate=create_job_seeker(coach=charlie),
        employer=EmployerFactory(organization=other_org),
    )
    users = {
        "alice": alice,
        "carol": carol,
        "bob": bob,
        "lead": make_user(role=Role.LEAD),
        "admin": make_user(role=Role.ADMIN),
        "relations": make_user(role=Role.RELATIONS),
        "charlie": charlie,
        "other_lead": make_user(role=Role.LEAD, organization=other_org),
        "other_admin": make_user(role=Role.ADMIN, organization=other_org),
    }
    placement = Placement.objects.get(pk=placement.pk)
    other_employer = EmployerFactory(organization=org, name="Toinen Työpaikka Oy")
    return SimpleNamespace(
        person=person, placement=placement, users=users, other_employer=other_employer
    )


def client_of(world: Any, viewer: str, call: Call, client_for, api_for) -> Client:
    user = world.users.get(viewer)
    if user is None:
        return Client()
    return api_for(user) if call.is_api else client_for(user)


def test_the_table_has_a_column_for_every_viewer():
    assert {len(row) for row in EXPECTED.values()} == {len(VIEWERS)}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_access(world, endpoint, viewer, client_for, api_for):
    expected = EXPECTED[endpoint][VIEWERS.index(viewer)]
    call = call_for(endpoint, world)
    client = client_of(world, viewer, call, client_for, api_for)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    counts = {model: model.objects.count() for model, _n in WRITES.values()}
    version = world.placement.version

    response = send(client, call)

    assert response.status_code == expected, f"{viewer} {call.method} {call.url}"
    if response.status_code == 302:
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    body = response.content.decode()
    # Notes only for the coach team, and there they must be shown (and the read audited).
    coach_team = viewer in COACH_TEAM
    assert (NOTE in body) == (coach_team and endpoint in SHOWS_NOTES), NOTE
    reads = AuditEvent.objects.filter(pk__gt=last_event, action=NOTES_READ)
    assert reads.exists() == (NOTE in body), "every read of support notes is audited, only those"
    if viewer in OUTSIDERS:
        assert LAST_NAME not in body, "the person's name"
    elif endpoint in SHOWS_NAME:
        assert LAST_NAME in body
    _assert_writes(endpoint, counts, version, world, changed=response.status_code < 300)


def _assert_writes(endpoint: str, counts: dict, version: int, world: Any, *, changed: bool):
    """A refused write changed nothing; an allowed one did."""
    if endpoint in WRITES:
        model, added = WRITES[endpoint]
        assert model.objects.count() == counts[model] + (added if changed else 0)
    if endpoint in {"PATCH placement", "POST end", "PUT plan"}:
        placement = Placement.objects.get(pk=world.placement.pk)
        assert (placement.version > version) == changed


def test_a_lead_sees_the_contacts_but_not_their_notes(world, client_for):
    response = client_for(world.users["lead"]).get(
        reverse("placement_detail", args=[world.placement.pk])
    )
    text = response.content.decode()
    assert "Face to face" in text or "Kasvokkain" in text
    assert NOTE not in text
    assert reverse("support_contact_add", args=[world.placement.pk]) not in text  # no forms


def test_another_team_coach_does_not_see_the_job_in_the_list(world, client_for, api_for):
    bob = world.users["bob"]
    assert api_for(bob).get(API).json()["count"] == 0
    assert LAST_NAME not in client_for(bob).get(reverse("placement_list")).content.decode()
