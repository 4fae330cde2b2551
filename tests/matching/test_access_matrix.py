"""The access matrix of matching (issue 9, item 8): ranked matches both ways, proposals and the
match weights, pages and API, by viewer — after tests/candidates/test_access_matrix.py.

The rules (README "Matching" and "Who sees what", crm/matching/cards.py, selectors/proposals.py):
- the person's coach team (Alice, her coach; Carol, same team) sees the person by name on
  every match card and proposal, with the proposal notes, and proposes and moves proposals;
- a coach of another team (Bob) sees a pseudonymous profile card (skills, strengths and
  preferences, the coach to talk to), a pseudonym on proposals, no notes, and cannot open the
  person's matches or move the proposal; his own team's people he sees by name;
- relations staff: the same pseudonymous profile cards and proposals; no job seeker pages;
- the pilot lead: pseudonymous cards with the figures only; the person's matches (the lead
  may read the record); reads proposals, changes nothing;
- the organisation admin: no matches or proposals (403); the match weights, for their own
  organisation only;
- another organisation: 404 for our openings, people and proposals, never 403 when the role
  could see such a record; lists and weights are their own; a person or opening of ours named
  in a request body is a field-level 422;
- nobody logged in: the login page (302), 401 for the API.

Never on any matching page or answer, for anyone: health, accommodation needs or case notes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EmployerFactory, TeamFactory, create_job_seeker

pytestmark = pytest.mark.django_db

VIEWERS = (
    "alice",  # the person's coach (team North)
    "carol",  # another coach of team North: the person's coach team
    "bob",  # a coach of team South
    "relations",
    "lead",
    "admin",
    "charlie",  # a coach of another organisation
    "other_relations",
    "other_lead",
    "other_admin",
    "anonymous",
)
OWN_ORG = {"alice", "carol", "bob", "relations", "lead", "admin"}
COACH_TEAM = {"alice", "carol"}
READERS = {"alice", "carol", "bob", "relations", "lead"}  # may see matches and proposals

# 200/201 allowed (302 a page form that saved) · 422 allowed to try, but the person or opening
# named is not one they may propose · 403 role not allowed, or not the person's coach team ·
# 404 another organisation's record · 302 the login page (anonymous) · 401 API, not logged in.
# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    #                            alice carol bob  rel  lead admin charl o_rel o_lead o_adm anon
    # Pages --------------------------------------------------------------------------------
    "page opening matches":      (200, 200, 200, 200, 200, 403, 404, 404, 404, 403, 302),
    "page my caseload matches":  (200, 200, 200, 200, 200, 403, 404, 404, 404, 403, 302),
    "page candidate matches":    (200, 200, 403, 403, 200, 403, 404, 403, 404, 404, 302),
    "page opening detail":       (200, 200, 200, 200, 200, 403, 404, 404, 404, 403, 302),
    "page proposal list":        (200, 200, 200, 200, 200, 403, 200, 200, 200, 403, 302),
    "page proposal create":      (200, 200, 200, 403, 403, 403, 200, 403, 403, 403, 302),
    "page proposal detail":      (200, 200, 200, 200, 200, 403, 404, 404, 404, 404, 302),
    "page match weights":        (403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 302),
    "post proposal create":      (302, 302, 422, 403, 403, 403, 422, 403, 403, 403, 302),
    "post proposal status":      (302, 302, 403, 403, 403, 403, 404, 404, 404, 404, 302),
    "post match weights":        (403, 403, 403, 403, 403, 302, 403, 403, 403, 302, 302),
    # API ----------------------------------------------------------------------------------
    "GET opening matches":       (200, 200, 200, 200, 200, 403, 404, 404, 404, 403, 401),
    "GET my caseload matches":   (200, 200, 200, 200, 200, 403, 404, 404, 404, 403, 401),
    "GET candidate matches":     (200, 200, 403, 403, 200, 403, 404, 403, 404, 404, 401),
    "GET proposals":             (200, 200, 200, 200, 200, 403, 200, 200, 200, 403, 401),
    "POST proposals":            (201, 201, 403, 403, 403, 403, 422, 403, 403, 403, 401),
    "GET proposal":              (200, 200, 200, 200, 200, 403, 404, 404, 404, 404, 401),
    "POST proposal status":      (200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 401),
    "GET match weights":         (403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 401),
    "PUT match weights":         (403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 401),
}
# fmt: on

WRITES = {name for name in EXPECTED if name.startswith(("post ", "POST ", "PUT "))}

# Markers -----------------------------------------------------------------------------------
LAST_NAME = "Matrixdottir"  # Alice's job seeker, proposed for the opening
SOUTH_NAME = "Southdottir"  # Bob's job seeker
STRENGTH = "Matriisitarkka"  # the person's strength: on pseudonymous profile cards
NOTE = "PROPOSAL-NOTE-MARKER"  # the coach team's note on the proposal
OPENING_TITLE = "Matriisivarastoija"
NEVER = ("HEALTH-MARKER", "ACCOMMODATION-MARKER", "CASE-NOTE-MARKER")  # for nobody, ever

ORGANISATION_DATA = (LAST_NAME, SOUTH_NAME, STRENGTH, NOTE, OPENING_TITLE)
# Who may find each marker (besides where SHOWS says they must).
ALLOWED: dict[str, set[str]] = {
    LAST_NAME: COACH_TEAM,
    SOUTH_NAME: {"bob"},
    NOTE: COACH_TEAM,
    STRENGTH: {"bob", "relations"},  # profile cards; the coach team opens the person instead
    OPENING_TITLE: READERS,
}
# The person's own pages name them to whoever may open them (the lead reads the record).
NAMES_THE_PERSON = {"page candidate matches"}

# Where the allowed viewers must find them, so that empty pages would not pass.
SHOWS: dict[str, set[str]] = {
    LAST_NAME: {
        "page opening matches",
        "page my caseload matches",
        "page candidate matches",
        "page opening detail",
        "page proposal list",
        "page proposal create",
        "page proposal detail",
        "GET opening matches",
        "GET my caseload matches",
        "GET proposals",
        "GET proposal",
    },
    SOUTH_NAME: {"page opening matches", "GET opening matches", "page proposal create"},
    NOTE: {"page proposal detail", "GET proposals", "GET proposal"},
    STRENGTH: {"page opening matches", "GET opening matches"},
    OPENING_TITLE: {
        "page opening matches",
        "page candidate matches",
        "page opening detail",
        "page proposal list",
        "page proposal detail",
        "GET candidate matches",
        "GET proposals",
        "GET proposal",
    },
}


# The requests -----------------------------------------------------------------------------

TODAY = timezone.localdate()
API = "/api/v1"


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    body: dict[str, Any] | None = None

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


def call_for(endpoint: str, w: Any) -> Call:
    """The request a row of EXPECTED stands for; writes carry a valid body."""
    o, p, pr = w.opening.pk, w.person.pk, w.proposal
    weights = {**w.weights, "skills": w.weights["skills"] + 1}
    calls = {
        "page opening matches": lambda: Call("GET", reverse("opening_matches", args=[o])),
        "page my caseload matches": lambda: Call(
            "GET", reverse("opening_matches", args=[o]) + "?mine=1"
        ),
        "page candidate matches": lambda: Call("GET", reverse("candidate_matches", args=[p])),
        "page opening detail": lambda: Call("GET", reverse("opening_detail", args=[o])),
        "page proposal list": lambda: Call("GET", reverse("proposal_list") + f"?opening={o}"),
        "page proposal create": lambda: Call("GET", reverse("proposal_create")),
        "page proposal detail": lambda: Call("GET", reverse("proposal_detail", args=[pr["id"]])),
        "page match weights": lambda: Call("GET", reverse("match_weights")),
        "post proposal create": lambda: Call(
            "POST", reverse("proposal_create"), {"job_seeker": p, "opening": w.second.pk}
        ),
        "post proposal status": lambda: Call(
            "POST",
            reverse("proposal_transition", args=[pr["id"]]),
            {"status": "discussed", "version": pr["version"]},
        ),
        "post match weights": lambda: Call("POST", reverse("match_weights"), weights),
        "GET opening matches": lambda: Call("GET", f"{API}/openings/{o}/matches"),
        "GET my caseload matches": lambda: Call("GET", f"{API}/openings/{o}/matches?mine=true"),
        "GET candidate matches": lambda: Call("GET", f"{API}/candidates/{p}/matches"),
        "GET proposals": lambda: Call("GET", f"{API}/proposals"),
        "POST proposals": lambda: Call(
            "POST", f"{API}/proposals", {"candidate_id": p, "opening_id": w.second.pk}
        ),
        "GET proposal": lambda: Call("GET", f"{API}/proposals/{pr['id']}"),
        "POST proposal status": lambda: Call(
            "POST",
            f"{API}/proposals/{pr['id']}/status",
            {"status": "discussed", "version": pr["version"]},
        ),
        "GET match weights": lambda: Call("GET", f"{API}/match-weights"),
        "PUT match weights": lambda: Call("PUT", f"{API}/match-weights", weights),
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


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def _json(api: Client, method: str, url: str, body: dict, status: int = 200) -> dict:
    return _ok(
        api.generic(method, url, data=json.dumps(body), content_type="application/json"), status
    )


# The world --------------------------------------------------------------------------------


def _person(api: Client, coach: Any, last_name: str, **profile: Any) -> Any:
    """A job seeker on `coach`'s caseload who wants warehouse work, with a sensitive section
    and a sensitive case note (neither may reach any matching answer)."""
    person = create_job_seeker(coach=coach, last_name=last_name)
    current = _ok(api.get(f"{API}/candidates/{person.pk}/profile"))
    body = {
        "version": current["version"],
        "skills": ["keräily"],
        "strengths": profile.get("strengths", []),
        "preferences": {
            "occupations": ["varastotyöntekijä"],
            "hours_min": 20,
            "hours_max": 30,
            "municipalities": ["Lappeenranta"],
        },
        "sensitive": {"health_restrictions": NEVER[0], "accommodation_needs": NEVER[1]},
    }
    _json(api, "PUT", f"{API}/candidates/{person.pk}/profile", body)
    note = {"text": f"Vointi {NEVER[2]}", "sensitive": True}
    _json(api, "POST", f"{API}/candidates/{person.pk}/notes", note, 201)
    return person


@pytest.fixture
def world(org, other_org, alice, bob, charlie, make_user, api_for):
    """Organisation A: team North (Alice, Carol) and team South (Bob), relations staff, a lead,
    an admin; an opening and a second one, Alice's person proposed for the first (with a
    note), Bob's person also ranked. Organisation B: a coach, relations staff, a lead, an
    admin."""
    carol = make_user(username="carol")
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    north.members.add(alice, carol)
    south.members.add(bob)
    users = {
        "alice": alice,
        "carol": carol,
        "bob": bob,
        "relations": make_user(role="relations"),
        "lead": make_user(role="lead"),
        "admin": make_user(role="admin"),
        "charlie": charlie,
        "other_relations": make_user(role="relations", organization=other_org),
        "other_lead": make_user(role="lead", organization=other_org),
        "other_admin": make_user(role="admin", organization=other_org),
    }
    as_alice = api_for(alice)
    person = _person(as_alice, alice, LAST_NAME, strengths=[STRENGTH])
    _person(api_for(bob), bob, SOUTH_NAME)
    assert person.team_id == north.pk

    employer = EmployerFactory(organization=org, name="Matriisi Varasto Oy")
    opening_body = {
        "employer_id": employer.pk,
        "title": OPENING_TITLE,
        "occupation": "Varastotyöntekijä",
        "required_skills": ["keräily"],
        "hours_per_week": 25,
        "municipality": "Lappeenranta",
    }
    opening = _json(as_alice, "POST", f"{API}/openings", opening_body, 201)
    second = _json(as_alice, "POST", f"{API}/openings", {**opening_body, "title": "Keräilijä"}, 201)
    proposal = _json(
        as_alice,
        "POST",
        f"{API}/proposals",
        {"candidate_id": person.pk, "opening_id": opening["id"], "note": NOTE},
        201,
    )
    weights = _ok(api_for(users["admin"]).get(f"{API}/match-weights"))
    weights = {name: weights[name] for name in (*weights["defaults"], "version")}
    return SimpleNamespace(
        org=org,
        person=person,
        opening=SimpleNamespace(pk=opening["id"]),
        second=SimpleNamespace(pk=second["id"]),
        proposal=proposal,
        weights=weights,
        users=users,
    )


def client_of(world: Any, viewer: str, call: Call, client_for, api_for) -> Client:
    user = world.users.get(viewer)
    if user is None:
        return Client()
    return api_for(user) if call.is_api else client_for(user)


# What a write may change: proposals, their history, the weights and their history, and the
# employer contact a presenting logs (ranking features are a cache a read may refresh).
SNAPSHOT = ("matching.Proposal", "matching.ProposalEvent", "employers.EmployerContact")


def matching_data(org: Any) -> dict[str, list[str]]:
    """The rows of one organisation a matching write may change, as text."""
    labels = [*SNAPSHOT, "matching.MatchWeights", "matching.HistoricalMatchWeights"]
    snapshot = {}
    for label in labels:
        model = apps.get_model(label)
        rows = model._base_manager.filter(organization=org).order_by("pk").values_list()
        snapshot[label] = [repr(row) for row in rows]
    return snapshot


# The matrix -------------------------------------------------------------------------------


def test_the_table_has_a_column_for_every_viewer():
    assert {len(row) for row in EXPECTED.values()} == {len(VIEWERS)}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_access(world, endpoint, viewer, client_for, api_for):
    expected = EXPECTED[endpoint][VIEWERS.index(viewer)]
    call = call_for(endpoint, world)
    client = client_of(world, viewer, call, client_for, api_for)
    before = matching_data(world.org)

    response = send(client, call)

    assert response.status_code == expected, f"{viewer} {call.method} {call.url}"
    _assert_redirect(response, viewer)
    body = response.content.decode()
    _assert_only_allowed_data(body, endpoint, viewer, response.status_code)
    _assert_shown(body, endpoint, viewer)
    if viewer not in COACH_TEAM and endpoint not in NAMES_THE_PERSON:  # no way round the pseudonym
        assert reverse("candidate_detail", args=[world.person.pk]) not in body
    saved = endpoint in WRITES and viewer in OWN_ORG and expected in (200, 201, 302)
    assert (matching_data(world.org) != before) == saved, "changed" if not saved else "unsaved"


def _assert_redirect(response, viewer: str) -> None:
    if response.status_code != 302:
        return
    to_login = response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert to_login == (viewer == "anonymous"), response["Location"]


def _assert_only_allowed_data(body: str, endpoint: str, viewer: str, status: int) -> None:
    for marker in NEVER:
        assert marker not in body, marker
    for marker in ORGANISATION_DATA:
        allowed = viewer in ALLOWED[marker] and status in (200, 201, 422)  # 422: form again
        if marker == LAST_NAME and endpoint in NAMES_THE_PERSON:
            allowed = allowed or (viewer in READERS and status == 200)
        assert (marker in body) <= allowed, marker


def _assert_shown(body: str, endpoint: str, viewer: str) -> None:
    if EXPECTED[endpoint][VIEWERS.index(viewer)] != 200:
        return
    for marker, endpoints in SHOWS.items():
        readers = ALLOWED[marker]
        if marker == LAST_NAME and endpoint in NAMES_THE_PERSON:
            readers = readers | READERS
        if endpoint in endpoints and viewer in readers:
            assert marker in body, marker


# What the table cannot say ----------------------------------------------------------------

OTHERS = ("charlie", "other_relations", "other_lead", "other_admin")
MISSING = 2**31 - 1
NOT_ABOUT_A_RECORD = {
    "page proposal list",
    "page proposal create",
    "page match weights",
    "post match weights",
    "GET proposals",
    "GET match weights",
    "PUT match weights",
}
NAMED_IN_BODY = ("candidate_id", "opening_id", "job_seeker", "opening")


def _missing(call: Call) -> Call:
    """The same request about records that do not exist: every id in the path and the query,
    and the person and opening named in the body."""
    path, _, query = call.url.partition("?")
    path = "/".join(str(MISSING) if part.isdigit() else part for part in path.split("/"))
    if query:
        key, _, value = query.partition("=")
        path += f"?{key}={MISSING if value.isdigit() else value}"
    body = call.body
    if body is not None:
        body = {**body, **{key: MISSING for key in NAMED_IN_BODY if key in body}}
    return Call(call.method, path, body)


@pytest.mark.parametrize("viewer", OTHERS)
@pytest.mark.parametrize("endpoint", [name for name in EXPECTED if name not in NOT_ABOUT_A_RECORD])
def test_another_organisations_record_answers_as_a_missing_one(
    world, endpoint, viewer, client_for, api_for
):
    """404 (or the role's 403, or 422 "Not found"), word for word the same whether the record
    is ours or does not exist."""
    call = call_for(endpoint, world)
    missing = _missing(call)
    assert missing != call
    assert world.users[viewer].organization_id != world.org.pk

    ours = send(client_of(world, viewer, call, client_for, api_for), call)
    nobodys = send(client_of(world, viewer, missing, client_for, api_for), missing)

    assert ours.status_code == nobodys.status_code, f"{call.url} vs {missing.url}"
    assert ours.status_code in (403, 404, 422)
    assert _as_compared(ours, call) == _as_compared(nobodys, missing)


def _as_compared(response, call: Call) -> str:
    """The body with the page's own address and per-request random strings blanked."""
    body = response.content.decode().replace(call.url, "URL")
    return re.sub(r"[A-Za-z0-9+/_-]{20,}={0,2}", "TOKEN", body)


def _card_of(items: list[dict], world: Any, pseudonym: str) -> dict:
    return next(item for item in items if item["pseudonym"] == pseudonym)


def test_match_cards_as_each_viewer_gets_them(world, api_for):
    """The same person on one opening's list: by name for the coach team, a pseudonymous
    profile card for another team's coach and relations staff, figures for the lead."""
    url = f"{API}/openings/{world.opening.pk}/matches"
    cards = {name: _ok(api_for(world.users[name]).get(url))["items"] for name in READERS}
    own = next(item for item in cards["alice"] if item["candidate_id"] == world.person.pk)
    code = own["pseudonym"]

    assert own["name"].endswith(LAST_NAME) and own["card"] == "full"
    assert _card_of(cards["carol"], world, code)["candidate_id"] == world.person.pk
    for viewer, kind in (("bob", "profile"), ("relations", "profile"), ("lead", "figures")):
        card = _card_of(cards[viewer], world, code)
        assert (card["candidate_id"], card["name"], card["card"]) == (None, None, kind), viewer
        assert card["coach_id"] == world.users["alice"].pk  # whom to talk to
        assert card["score"] == own["score"]
        assert (card["strengths"] == [STRENGTH]) == (kind == "profile"), viewer
        assert (card["skills"] is None) == (kind == "figures"), viewer
    bobs = [item for item in cards["bob"] if item["card"] == "full"]
    assert [item["name"].endswith(SOUTH_NAME) for item in bobs] == [True]  # his own team's
    assert all(item["card"] != "full" for item in cards["relations"] + cards["lead"])


def test_my_caseload_narrows_the_list_to_the_coach_team(world, api_for):
    url = f"{API}/openings/{world.opening.pk}/matches?mine=true"
    names = {
        viewer: [item["name"] for item in _ok(api_for(world.users[viewer]).get(url))["items"]]
        for viewer in ("alice", "carol", "bob")
    }

    assert [name.endswith(LAST_NAME) for name in names["alice"]] == [True]
    assert names["carol"] == names["alice"]  # her team's person, though not hers
    assert [name.endswith(SOUTH_NAME) for name in names["bob"]] == [True]


@pytest.mark.parametrize("viewer", ["bob", "relations", "lead"])
def test_a_proposal_not_yet_presented_is_pseudonymous_to_everyone_else(world, viewer, api_for):
    api = api_for(world.users[viewer])
    proposal = _ok(api.get(f"{API}/proposals/{world.proposal['id']}"))
    by_person = _ok(api.get(f"{API}/proposals", {"candidate": world.person.pk}))

    assert proposal["candidate_id"] is None
    assert LAST_NAME not in proposal["candidate_name"]
    assert proposal["coach_name"] == world.users["alice"].get_full_name()
    assert proposal["next_statuses"] == []  # only the coach team moves it
    assert [event["note"] for event in proposal["history"]] == [""]
    if viewer == "relations":  # may not even look a pseudonym up by the person
        assert by_person["count"] == 0


def _present(world: Any, api_for) -> dict:
    """Alice talks the opening over with the person, who consents, and presents them."""
    api = api_for(world.users["alice"])
    consent = {"purpose": "employer_disclosure", "granted_on": str(TODAY)}
    _json(api, "POST", f"{API}/candidates/{world.person.pk}/consents", consent, 201)
    moved = world.proposal
    for status in ("discussed", "presented"):
        body = {"status": status, "version": moved["version"], "channel": "face_to_face"}
        moved = _json(api, "POST", f"{API}/proposals/{moved['id']}/status", body)
    return moved


@pytest.mark.parametrize("viewer", ["bob", "relations", "lead"])
def test_once_presented_the_employer_side_learns_who_it_is_but_not_the_notes(
    world, viewer, api_for, client_for
):
    """DOMAIN.md: pseudonymous "until the coach and the job seeker agree to present"."""
    presented = _present(world, api_for)
    api = api_for(world.users[viewer])

    proposal = _ok(api.get(f"{API}/proposals/{presented['id']}"))
    page = client_for(world.users[viewer]).get(reverse("proposal_detail", args=[presented["id"]]))

    assert proposal["candidate_id"] == world.person.pk
    assert proposal["candidate_name"].endswith(LAST_NAME)
    assert LAST_NAME in page.content.decode()
    assert NOTE not in json.dumps(proposal) and NOTE not in page.content.decode()
    assert proposal["next_statuses"] == []


def test_match_weights_are_each_organisations_own(world, api_for):
    admin, other_admin = world.users["admin"], world.users["other_admin"]
    body = {**world.weights, "skills": world.weights["skills"] + 5}

    changed = _json(api_for(admin), "PUT", f"{API}/match-weights", body)
    theirs = _ok(api_for(other_admin).get(f"{API}/match-weights"))

    assert changed["skills"] == world.weights["skills"] + 5 and changed["version"] == 1
    assert theirs["skills"] == world.weights["skills"] and theirs["is_default"] is True
