"""The access matrix of the employer-relations pages and API (issue 9, item 8): role, page or
endpoint, and own organisation / another organisation, after tests/candidates/test_access_matrix.py.

The rules (README "Employer relations", crm/accounts/roles.py, crm/employers/access.py and
selectors/):
- coaches and relations staff read and write everything about employers;
- pilot leads read, and get 403 for every write;
- organisation admins have no employer pages or endpoints (403);
- someone of another organisation gets 404 for this organisation's records, never a hint that
  they exist; lists, exports and new records are about their own organisation; a record of
  ours named in a request body is a field-level 422 "Not found", as an unknown id is;
- nobody logged in: the login page (302) for pages, 401 for the API.

A contact-log entry made on a job seeker's behalf is a note about that person: its summary,
outcome and next step, the person's name and a follow-up about them are shown only to the
person's coach team (Alice here) — not to a coach of another team, relations staff or the lead.
Such a follow-up cannot be given to anyone outside the coach team, and one that is theirs all
the same (e.g. after the person's transfer) keeps its title and person hidden from them.

Read EXPECTED as a table: one row per page or endpoint, one column per viewer. Every write
carries a valid body, so that only access decides the answer, and every refused write is
checked to have changed nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    FollowUpFactory,
    OpeningFactory,
    TeamFactory,
    create_job_seeker,
)

pytestmark = pytest.mark.django_db

VIEWERS = (
    "alice",  # a coach, the job seeker's own coach (team North)
    "bob",  # a coach of another team (South)
    "relations",
    "lead",
    "admin",
    "charlie",  # a coach of another organisation
    "other_relations",
    "other_lead",
    "other_admin",
    "anonymous",
)
OWN_ORG = {"alice", "bob", "relations", "lead", "admin"}
READERS = {"alice", "bob", "relations", "lead"}  # everyone here with employer pages
COACH_TEAM = {"alice"}  # the job seeker's coach team among the viewers

# 200/201 allowed (302 for a page form that saved and went on) · 422 allowed, but the record
# named in the body is not found (another organisation's) · 403 role not allowed · 404 another
# organisation's record, or a follow-up about a person outside the viewer's coach team ·
# 302 the login page (anonymous) · 401 API, not logged in.
# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    #                               alice bob  rel  lead admin charl o_rel o_lead o_adm anon
    # Pages (GET) ---------------------------------------------------------------------------
    "page employer list":           (200, 200, 200, 200, 403, 200, 200, 200, 403, 302),
    "page employer create":         (200, 200, 200, 403, 403, 200, 200, 403, 403, 302),
    "page employer detail":         (200, 200, 200, 200, 403, 404, 404, 404, 403, 302),
    "page employer edit":           (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page board":                   (200, 200, 200, 200, 403, 200, 200, 200, 403, 302),
    "page contact person add":      (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page contact person edit":     (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page log contact":             (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page log contact (any)":       (200, 200, 200, 403, 403, 200, 200, 403, 403, 302),
    "page contact log":             (200, 200, 200, 200, 403, 200, 200, 200, 403, 302),
    "page opening list":            (200, 200, 200, 200, 403, 200, 200, 200, 403, 302),
    "page opening detail":          (200, 200, 200, 200, 403, 404, 404, 404, 403, 302),
    "page opening add":             (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page opening edit":            (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page tailoring add":           (200, 200, 200, 403, 403, 404, 404, 403, 403, 302),
    "page import":                  (200, 200, 200, 403, 403, 200, 200, 403, 403, 302),
    "page export":                  (200, 200, 200, 200, 403, 200, 200, 200, 403, 302),
    # Page forms posted with valid data: 302 = saved ----------------------------------------
    "post employer create":         (302, 302, 302, 403, 403, 302, 302, 403, 403, 302),
    "post employer edit":           (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post employer archive":        (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post employer restore":        (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post employer stage":          (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post contact person add":      (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post contact person edit":     (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post log contact":             (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post log contact (any)":       (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post opening add":             (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post opening edit":            (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post tailoring add":           (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post follow-up done":          (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post follow-up reopen":        (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post follow-up reschedule":    (302, 302, 302, 403, 403, 404, 404, 403, 403, 302),
    "post person follow-up done":   (302, 404, 404, 403, 403, 404, 404, 403, 403, 302),
    "post import preview":          (200, 200, 200, 403, 403, 200, 200, 403, 403, 302),
    # API -----------------------------------------------------------------------------------
    "GET employers":                (200, 200, 200, 200, 403, 200, 200, 200, 403, 401),
    "POST employers":               (201, 201, 201, 403, 403, 201, 201, 403, 403, 401),
    "GET employer":                 (200, 200, 200, 200, 403, 404, 404, 404, 403, 401),
    "PATCH employer":               (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "PATCH employer stage":         (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "POST employer archive":        (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "POST employer restore":        (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "GET contact persons":          (200, 200, 200, 200, 403, 404, 404, 404, 403, 401),
    "POST contact persons":         (201, 201, 201, 403, 403, 404, 404, 403, 403, 401),
    "PATCH contact person":         (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "GET employer-contacts":        (200, 200, 200, 200, 403, 200, 200, 200, 403, 401),
    "POST employer-contacts":       (201, 201, 201, 403, 403, 422, 422, 403, 403, 401),
    "GET follow-ups":               (200, 200, 200, 200, 403, 200, 200, 200, 403, 401),
    "POST follow-ups":              (201, 201, 201, 403, 403, 422, 422, 403, 403, 401),
    "PATCH follow-up done":         (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "PATCH follow-up reschedule":   (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "PATCH person follow-up":       (200, 404, 404, 403, 403, 404, 404, 403, 403, 401),
    "GET openings":                 (200, 200, 200, 200, 403, 200, 200, 200, 403, 401),
    "POST openings":                (201, 201, 201, 403, 403, 422, 422, 403, 403, 401),
    "GET opening":                  (200, 200, 200, 200, 403, 404, 404, 404, 403, 401),
    "PATCH opening":                (200, 200, 200, 403, 403, 404, 404, 403, 403, 401),
    "GET tailoring notes":          (200, 200, 200, 200, 403, 404, 404, 404, 403, 401),
    "POST tailoring notes":         (201, 201, 201, 403, 403, 404, 404, 403, 403, 401),
}
# fmt: on

# The writes: allowed, each changes this organisation's employer data; refused, nothing.
# (Allowed writes of another organisation change only their own data.)
WRITES = {
    name
    for name in EXPECTED
    if name.startswith(("post ", "POST ", "PATCH ")) and name != "post import preview"
}

# Markers: what this organisation's records say, found in a response only where allowed.
EMPLOYER_NAME = "Matriisi Konepaja Oy"
CONTACT_NAME = "Kalle Matriisikoski"  # the employer's contact person
PERSON_EMAIL = "matriisi.yhteys@example.fi"  # their e-mail
OPENING_TITLE = "Matriisihitsaaja"
TAILORING = "TAILORING-MARKER"
PLAIN_SUMMARY = "PLAIN-CONTACT-MARKER"  # a contact about no job seeker
FOLLOW_UP = "FOLLOW-UP-MARKER"  # a follow-up about no job seeker
# A contact made on a job seeker's behalf, and a follow-up about them: the coach team's only.
PERSON_TEXTS = ("PERSON-SUMMARY-MARKER", "PERSON-OUTCOME-MARKER", "PERSON-NEXT-MARKER")
PERSON_FOLLOW_UP = "PERSON-FOLLOW-UP-MARKER"
LAST_NAME = "Matrixdottir"  # the job seeker

ORGANISATION_DATA = (
    EMPLOYER_NAME,
    CONTACT_NAME,
    PERSON_EMAIL,
    OPENING_TITLE,
    TAILORING,
    PLAIN_SUMMARY,
    FOLLOW_UP,
    *PERSON_TEXTS,
    PERSON_FOLLOW_UP,
    LAST_NAME,
)
COACH_TEAM_ONLY = (*PERSON_TEXTS, PERSON_FOLLOW_UP, LAST_NAME)

# Where an allowed reader must find them (so the rules are not met by pages that show nothing).
SHOWS: dict[str, set[str]] = {
    EMPLOYER_NAME: {
        "page employer list",
        "page employer detail",
        "page employer edit",
        "page board",
        "page contact log",
        "page opening list",
        "page opening detail",
        "page export",
        "GET employers",
        "GET employer",
        "GET employer-contacts",
        "GET openings",
        "GET opening",
    },
    CONTACT_NAME: {
        "page employer detail",
        "page contact person edit",
        "page log contact",
        "GET contact persons",
    },
    PERSON_EMAIL: {"page employer detail", "page contact person edit", "GET contact persons"},
    OPENING_TITLE: {
        "page employer detail",
        "page opening list",
        "page opening detail",
        "page opening edit",
        "GET openings",
        "GET opening",
    },
    TAILORING: {"page employer detail", "page opening detail", "GET tailoring notes"},
    PLAIN_SUMMARY: {"page employer detail", "page contact log", "GET employer-contacts"},
    FOLLOW_UP: {"page employer detail", "GET follow-ups"},
    # The log lists the summary only; the employer page and the API all three texts.
    PERSON_TEXTS[0]: {"page employer detail", "page contact log", "GET employer-contacts"},
    PERSON_TEXTS[1]: {"page employer detail", "GET employer-contacts"},
    PERSON_TEXTS[2]: {"page employer detail", "GET employer-contacts"},
    PERSON_FOLLOW_UP: {"page employer detail", "GET follow-ups"},
    # "On behalf of <name>" in the log, and the coach's caseload to tick on the contact form.
    LAST_NAME: {
        "page employer detail",
        "page contact log",
        "page log contact",
    },
}


def y_tunnus(digits: str) -> str:
    """A valid Y-tunnus for seven digits (DOMAIN.md: weights 7,9,10,5,8,4,2, mod 11)."""
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    assert remainder != 1, "no valid check digit for these digits"
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


BUSINESS_ID = y_tunnus("2345671")


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


def _csv_upload() -> SimpleUploadedFile:
    """A row with our employer's Y-tunnus: the preview says who has it — in our organisation."""
    text = f"Nimi;Y-tunnus;Kunta\r\nTuonti Oy;{BUSINESS_ID};Imatra\r\n"
    return SimpleUploadedFile("tyonantajat.csv", text.encode("utf-8-sig"), "text/csv")


def call_for(endpoint: str, w: Any) -> Call:
    """The request a row of EXPECTED stands for."""
    e, o, fu = w.employer, w.opening, w.follow_up
    now = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=1)
    later = str(TODAY + timedelta(days=7))
    contact = {
        "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "purpose": "introduction",
        "summary": "Soitto myymäläpäällikölle.",
    }
    opening_form = {
        "title": "Varastotyöntekijä",
        "municipality": "Lappeenranta",
        "positions": "1",
        "status": "open",
    }
    calls = {
        "page employer list": lambda: Call("GET", reverse("employer_list")),
        "page employer create": lambda: Call("GET", reverse("employer_create")),
        "page employer detail": lambda: Call("GET", reverse("employer_detail", args=[e.pk])),
        "page employer edit": lambda: Call("GET", reverse("employer_edit", args=[e.pk])),
        "page board": lambda: Call("GET", reverse("pipeline_board")),
        "page contact person add": lambda: Call(
            "GET", reverse("contact_person_create", args=[e.pk])
        ),
        "page contact person edit": lambda: Call(
            "GET", reverse("contact_person_edit", args=[w.contact_person.pk])
        ),
        "page log contact": lambda: Call("GET", reverse("contact_create", args=[e.pk])),
        "page log contact (any)": lambda: Call("GET", reverse("contact_create_any")),
        "page contact log": lambda: Call("GET", reverse("contact_log")),
        "page opening list": lambda: Call("GET", reverse("opening_list")),
        "page opening detail": lambda: Call("GET", reverse("opening_detail", args=[o.pk])),
        "page opening add": lambda: Call("GET", reverse("opening_create", args=[e.pk])),
        "page opening edit": lambda: Call("GET", reverse("opening_edit", args=[o.pk])),
        "page tailoring add": lambda: Call("GET", reverse("tailoring_create", args=[e.pk])),
        "page import": lambda: Call("GET", reverse("employer_import")),
        "page export": lambda: Call("GET", reverse("employer_export") + "?format=csv"),
        "post employer create": lambda: Call(
            "POST",
            reverse("employer_create"),
            {"name": "Pohjolan Leipomo Oy", "municipality": "Imatra"},
        ),
        "post employer edit": lambda: Call(
            "POST",
            reverse("employer_edit", args=[e.pk]),
            {
                "name": EMPLOYER_NAME,
                "business_id": BUSINESS_ID,
                "municipality": "Lappeenranta",
                "notes": "Muutettu.",
                "version": e.version,
            },
        ),
        "post employer archive": lambda: Call("POST", reverse("employer_archive", args=[e.pk]), {}),
        "post employer restore": lambda: Call(
            "POST", reverse("employer_restore", args=[w.archived.pk]), {}
        ),
        "post employer stage": lambda: Call(
            "POST", reverse("employer_stage_update", args=[e.pk]), {"stage": "met"}
        ),
        "post contact person add": lambda: Call(
            "POST", reverse("contact_person_create", args=[e.pk]), {"name": "Maija Mallikas"}
        ),
        "post contact person edit": lambda: Call(
            "POST",
            reverse("contact_person_edit", args=[w.contact_person.pk]),
            {"name": CONTACT_NAME, "title": "Kauppias", "email": PERSON_EMAIL},
        ),
        "post log contact": lambda: Call("POST", reverse("contact_create", args=[e.pk]), contact),
        "post log contact (any)": lambda: Call(
            "POST", reverse("contact_create_any"), {**contact, "employer": e.pk}
        ),
        "post opening add": lambda: Call(
            "POST", reverse("opening_create", args=[e.pk]), opening_form
        ),
        "post opening edit": lambda: Call(
            "POST",
            reverse("opening_edit", args=[o.pk]),
            {**opening_form, "title": "Muokattu", "version": o.version},
        ),
        "post tailoring add": lambda: Call(
            "POST",
            reverse("tailoring_create", args=[e.pk]),
            {"tasks_carved_out": "Lajittelu", "agreed_on": str(TODAY)},
        ),
        "post follow-up done": lambda: Call("POST", reverse("follow_up_done", args=[fu.pk]), {}),
        "post follow-up reopen": lambda: Call(
            "POST", reverse("follow_up_reopen", args=[w.done_follow_up.pk]), {}
        ),
        "post follow-up reschedule": lambda: Call(
            "POST", reverse("follow_up_reschedule", args=[fu.pk]), {"due_on": later}
        ),
        "post person follow-up done": lambda: Call(
            "POST", reverse("follow_up_done", args=[w.person_follow_up.pk]), {}
        ),
        "post import preview": lambda: Call(
            "POST", reverse("employer_import"), {"file": _csv_upload()}
        ),
        "GET employers": lambda: Call("GET", f"{API}/employers"),
        "POST employers": lambda: Call(
            "POST", f"{API}/employers", {"name": "Pohjolan Leipomo Oy", "municipality": "Imatra"}
        ),
        "GET employer": lambda: Call("GET", f"{API}/employers/{e.pk}"),
        "PATCH employer": lambda: Call(
            "PATCH", f"{API}/employers/{e.pk}", {"version": e.version, "notes": "Muutettu."}
        ),
        "PATCH employer stage": lambda: Call(
            "PATCH", f"{API}/employers/{e.pk}", {"version": e.version, "stage": "met"}
        ),
        "POST employer archive": lambda: Call("POST", f"{API}/employers/{e.pk}/archive"),
        "POST employer restore": lambda: Call("POST", f"{API}/employers/{w.archived.pk}/restore"),
        "GET contact persons": lambda: Call("GET", f"{API}/employers/{e.pk}/contacts"),
        "POST contact persons": lambda: Call(
            "POST", f"{API}/employers/{e.pk}/contacts", {"name": "Maija Mallikas"}
        ),
        "PATCH contact person": lambda: Call(
            "PATCH", f"{API}/employers/{e.pk}/contacts/{w.contact_person.pk}", {"title": "Kauppias"}
        ),
        "GET employer-contacts": lambda: Call("GET", f"{API}/employer-contacts"),
        "POST employer-contacts": lambda: Call(
            "POST",
            f"{API}/employer-contacts",
            {
                "employer_id": e.pk,
                "channel": "phone",
                "purpose": "introduction",
                "summary": "Puhelu.",
            },
        ),
        "GET follow-ups": lambda: Call("GET", f"{API}/follow-ups"),
        "POST follow-ups": lambda: Call(
            "POST",
            f"{API}/follow-ups",
            {"employer_id": e.pk, "due_on": str(TODAY), "title": "Soita"},
        ),
        "PATCH follow-up done": lambda: Call("PATCH", f"{API}/follow-ups/{fu.pk}", {"done": True}),
        "PATCH follow-up reschedule": lambda: Call(
            "PATCH", f"{API}/follow-ups/{fu.pk}", {"due_on": later}
        ),
        "PATCH person follow-up": lambda: Call(
            "PATCH", f"{API}/follow-ups/{w.person_follow_up.pk}", {"done": True}
        ),
        "GET openings": lambda: Call("GET", f"{API}/openings"),
        "POST openings": lambda: Call(
            "POST", f"{API}/openings", {"employer_id": e.pk, "title": "Varastotyöntekijä"}
        ),
        "GET opening": lambda: Call("GET", f"{API}/openings/{o.pk}"),
        "PATCH opening": lambda: Call(
            "PATCH", f"{API}/openings/{o.pk}", {"version": o.version, "title": "Muokattu"}
        ),
        "GET tailoring notes": lambda: Call("GET", f"{API}/openings/{o.pk}/tailoring-notes"),
        "POST tailoring notes": lambda: Call(
            "POST", f"{API}/openings/{o.pk}/tailoring-notes", {"tasks_carved_out": "Lajittelu"}
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


# The world --------------------------------------------------------------------------------


@pytest.fixture
def world(org, other_org, alice, bob, charlie, make_user):
    """Organisation A: Alice (team North), Bob (team South), relations staff, a lead and an
    admin, and an employer with everything on it; organisation B: a coach, relations staff, a
    lead and an admin. A job seeker of Alice's is named on one contact and one follow-up."""
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    north.members.add(alice)
    south.members.add(bob)
    seeker = create_job_seeker(coach=alice, last_name=LAST_NAME)
    assert seeker.team_id == north.pk

    employer = EmployerFactory(
        organization=org, name=EMPLOYER_NAME, business_id=BUSINESS_ID, created_by=alice
    )
    archived = EmployerFactory(organization=org, name="Arkistoitu Oy")
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    contact_person = ContactPersonFactory(employer=employer, name=CONTACT_NAME, email=PERSON_EMAIL)
    opening = OpeningFactory(employer=employer, title=OPENING_TITLE)
    apps.get_model("employers", "TailoringNote").objects.create(
        organization=org,
        employer=employer,
        opening=opening,
        user=alice,
        agreed_on=TODAY,
        tasks_carved_out=TAILORING,
    )
    EmployerContactFactory(employer=employer, user=bob, summary=PLAIN_SUMMARY)
    on_behalf = EmployerContactFactory(
        employer=employer,
        user=alice,
        summary=PERSON_TEXTS[0],
        outcome=PERSON_TEXTS[1],
        next_step=PERSON_TEXTS[2],
    )
    on_behalf.candidates.add(seeker)
    follow_up = FollowUpFactory(user=alice, employer=employer, title=FOLLOW_UP)
    done_follow_up = FollowUpFactory(
        user=alice, employer=employer, title="Lähetä esite", done=True, done_at=timezone.now()
    )
    person_follow_up = FollowUpFactory(
        user=alice, employer=employer, job_seeker=seeker, title=PERSON_FOLLOW_UP
    )
    users = {
        "alice": alice,
        "bob": bob,
        "relations": make_user(role="relations"),
        "lead": make_user(role="lead"),
        "admin": make_user(role="admin"),
        "charlie": charlie,
        "other_relations": make_user(role="relations", organization=other_org),
        "other_lead": make_user(role="lead", organization=other_org),
        "other_admin": make_user(role="admin", organization=other_org),
    }
    for user in users.values():  # English, the source language: assertions read as the strings
        user.language = "en"
        user.save(update_fields=["language"])
    return SimpleNamespace(
        org=org,
        employer=employer,
        archived=archived,
        contact_person=contact_person,
        opening=opening,
        follow_up=follow_up,
        done_follow_up=done_follow_up,
        person_follow_up=person_follow_up,
        seeker=seeker,
        users=users,
    )


def client_of(world: Any, viewer: str, call: Call, client_for, api_for) -> Client:
    user = world.users.get(viewer)
    if user is None:
        return Client()
    return api_for(user) if call.is_api else client_for(user)


def employer_data(org: Any) -> dict[str, list[str]]:
    """Every employer-app row of one organisation, as text: equal before and after means
    nothing of theirs changed."""
    snapshot = {}
    for model in apps.get_app_config("employers").get_models():
        rows = model._base_manager.filter(organization=org).order_by("pk").values_list()
        snapshot[model._meta.label] = [repr(row) for row in rows]
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
    before = employer_data(world.org)

    response = send(client, call)

    assert response.status_code == expected, f"{viewer} {call.method} {call.url}"
    _assert_redirect(response, viewer)
    body = response.content.decode()
    _assert_only_allowed_data(body, viewer, response.status_code)
    _assert_shown(body, endpoint, viewer)
    saved = endpoint in WRITES and viewer in OWN_ORG and expected in (200, 201, 302)
    assert (employer_data(world.org) != before) == saved, "changed" if not saved else "unsaved"


def _assert_redirect(response, viewer: str) -> None:
    if response.status_code != 302:
        return
    to_login = response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert to_login == (viewer == "anonymous"), response["Location"]


def _assert_only_allowed_data(body: str, viewer: str, status: int) -> None:
    if viewer not in OWN_ORG or status not in (200, 201):
        for marker in ORGANISATION_DATA:
            assert marker not in body, marker
    if viewer not in COACH_TEAM:
        for marker in COACH_TEAM_ONLY:
            assert marker not in body, marker


def _assert_shown(body: str, endpoint: str, viewer: str) -> None:
    """What the allowed readers must actually get (so that pages showing nothing would not
    pass the rules above)."""
    if EXPECTED[endpoint][VIEWERS.index(viewer)] != 200:
        return
    for marker, endpoints in SHOWS.items():
        readers = COACH_TEAM if marker in COACH_TEAM_ONLY else READERS
        if endpoint in endpoints and viewer in readers:
            assert marker in body, marker


# What the table cannot say ----------------------------------------------------------------


OTHERS = ("charlie", "other_relations", "other_lead", "other_admin")
MISSING = 2**31 - 1
# Rows about no one record of ours: lists, exports, and new records of one's own organisation.
NOT_ABOUT_A_RECORD = {
    "page employer list",
    "page employer create",
    "page board",
    "page log contact (any)",
    "page contact log",
    "page opening list",
    "page import",
    "page export",
    "post employer create",
    "post import preview",
    "GET employers",
    "POST employers",
    "GET employer-contacts",
    "GET follow-ups",
    "GET openings",
}


def _missing(call: Call, world: Any) -> Call:
    """The same request about records that do not exist at all: every id in the path, and
    the employer named in the body."""
    path = "/".join(str(MISSING) if part.isdigit() else part for part in call.url.split("/"))
    body = call.body
    if body is not None:
        named = {key for key in ("employer_id", "employer") if key in body}
        body = {**body, **dict.fromkeys(named, MISSING)}
    return Call(call.method, path, body)


@pytest.mark.parametrize("viewer", OTHERS)
@pytest.mark.parametrize("endpoint", [name for name in EXPECTED if name not in NOT_ABOUT_A_RECORD])
def test_another_organisations_record_answers_as_a_missing_one(
    world, endpoint, viewer, client_for, api_for
):
    """404 (or the role's 403, or 422 "Not found"), word for word the same whether the record
    is ours or does not exist: the answer says nothing about what we have."""
    call = call_for(endpoint, world)
    missing = _missing(call, world)
    assert missing != call
    user = world.users[viewer]
    assert user.organization_id != world.org.pk

    ours = send(client_of(world, viewer, call, client_for, api_for), call)
    nobodys = send(client_of(world, viewer, missing, client_for, api_for), missing)

    assert ours.status_code == nobodys.status_code, f"{call.url} vs {missing.url}"
    assert ours.status_code in (403, 404, 422)
    assert _as_compared(ours, call) == _as_compared(nobodys, missing)


def _as_compared(response, call: Call) -> str:
    """The body with the page's own address (in the language form) and per-request random
    strings (CSRF token, CSP nonce) blanked."""
    body = response.content.decode().replace(call.url, "URL")
    return re.sub(r"[A-Za-z0-9+/_-]{20,}={0,2}", "TOKEN", body)


def test_the_lists_of_another_organisation_leave_our_records_out(world, api_for):
    """Charlie's organisation has its own employer; the lists show it and nothing of ours."""
    charlie = world.users["charlie"]
    theirs = EmployerFactory(organization=charlie.organization, name="Toisen Puoti Oy")
    api = api_for(charlie)
    for path in ("employers", "employer-contacts", "follow-ups", "openings"):
        data = api.get(f"{API}/{path}").json()
        assert world.employer.pk not in {
            item.get("employer_id", item.get("id")) for item in data["items"]
        }, path
    assert [e["name"] for e in api.get(f"{API}/employers").json()["items"]] == [theirs.name]
    assert api.get(f"{API}/employers", {"q": EMPLOYER_NAME}).json()["count"] == 0
    assert api.get(f"{API}/employers", {"q": BUSINESS_ID}).json()["count"] == 0


def test_duplicate_checks_do_not_look_into_another_organisation(world, client_for, api_for):
    """Our Y-tunnus and our employer's name are free in another organisation: no block, no
    warning naming our employer."""
    charlie = world.users["charlie"]
    before = employer_data(world.org)

    created = api_for(charlie).post(
        f"{API}/employers",
        json.dumps({"name": "Matriisi Oy", "business_id": BUSINESS_ID}),
        content_type="application/json",
    )
    similar = client_for(charlie).post(
        reverse("employer_create"), {"name": EMPLOYER_NAME, "municipality": "Lappeenranta"}
    )

    assert created.status_code == 201, created.content
    assert similar.status_code == 302
    assert employer_data(world.org) == before
    ours = api_for(world.users["alice"]).post(
        f"{API}/employers",
        json.dumps({"name": "Matriisi Oy", "business_id": BUSINESS_ID}),
        content_type="application/json",
    )
    assert ours.status_code == 422  # the same Y-tunnus is blocked within one organisation


def test_the_import_preview_names_our_duplicate_only_to_us(world, client_for):
    upload = {"file": _csv_upload()}
    ours = client_for(world.users["relations"]).post(reverse("employer_import"), upload)
    upload = {"file": _csv_upload()}
    theirs = client_for(world.users["other_relations"]).post(reverse("employer_import"), upload)

    assert ours.status_code == theirs.status_code == 200
    assert EMPLOYER_NAME in ours.content.decode()
    assert EMPLOYER_NAME not in theirs.content.decode()


# A contact on a job seeker's behalf -------------------------------------------------------


@pytest.fixture
def carol(world, make_user):
    """Another coach of Alice's team North: in the person's coach team as well."""
    carol = make_user(username="carol", language="en")
    world.seeker.team.members.add(carol)
    return carol


def _person_contact(data: dict) -> dict:
    return next(i for i in data["items"] if i["summary"] != PLAIN_SUMMARY and i["candidate_ids"])


@pytest.mark.parametrize("viewer", ["alice", "carol"])
def test_the_coach_team_reads_the_contact_and_who_it_was_for(world, carol, viewer, api_for):
    user = carol if viewer == "carol" else world.users[viewer]
    api = api_for(user)

    items = api.get(f"{API}/employer-contacts").json()["items"]
    mine = next(i for i in items if i["summary"] == PERSON_TEXTS[0])
    by_person = api.get(f"{API}/employer-contacts", {"candidate": world.seeker.pk}).json()
    by_text = api.get(f"{API}/employer-contacts", {"q": PERSON_TEXTS[0]}).json()
    follow_ups = api.get(f"{API}/follow-ups").json()["items"]

    assert (mine["outcome"], mine["next_step"]) == PERSON_TEXTS[1:]
    assert mine["candidate_ids"] == [world.seeker.pk] and mine["details_hidden"] is False
    assert [i["summary"] for i in by_person["items"]] == [PERSON_TEXTS[0]]
    assert by_text["count"] == 1
    assert PERSON_FOLLOW_UP in {f["title"] for f in follow_ups}


@pytest.mark.parametrize("viewer", ["bob", "relations", "lead"])
def test_everyone_else_sees_that_a_contact_was_made_but_not_about_whom_or_what(
    world, viewer, api_for, client_for
):
    user = world.users[viewer]
    api = api_for(user)

    items = api.get(f"{API}/employer-contacts").json()["items"]
    hidden = [i for i in items if i["details_hidden"]]
    by_person = api.get(f"{API}/employer-contacts", {"candidate": world.seeker.pk}).json()
    by_text = api.get(f"{API}/employer-contacts", {"q": PERSON_TEXTS[0]}).json()
    follow_ups = api.get(f"{API}/follow-ups").json()["items"]
    pages = [
        client_for(user).get(url).content.decode()
        for url in (reverse("employer_detail", args=[world.employer.pk]), reverse("contact_log"))
    ]

    assert len(items) == 2 and len(hidden) == 1
    assert hidden[0]["candidate_ids"] == []
    assert hidden[0]["summary"] is hidden[0]["outcome"] is hidden[0]["next_step"] is None
    assert by_person["count"] == 0  # the person filter matches nothing for them
    assert by_text["count"] == 0  # and the hidden text cannot be searched for
    assert PERSON_FOLLOW_UP not in {f["title"] for f in follow_ups}
    assert world.person_follow_up.pk not in {f["id"] for f in follow_ups}
    for html in pages:
        assert PLAIN_SUMMARY in html
        assert "Details are visible to the job seeker" in html or "coach team" in html
        for marker in COACH_TEAM_ONLY:
            assert marker not in html, marker


@pytest.mark.parametrize("viewer", ["bob", "relations"])
def test_only_the_coach_team_names_a_person_on_a_contact_or_follow_up(world, viewer, api_for):
    user = world.users[viewer]
    before = employer_data(world.org)

    contact = api_for(user).post(
        f"{API}/employer-contacts",
        json.dumps(
            {
                "employer_id": world.employer.pk,
                "channel": "phone",
                "purpose": "introduction",
                "summary": "Puhelu.",
                "candidate_ids": [world.seeker.pk],
            }
        ),
        content_type="application/json",
    )
    follow_up = api_for(user).post(
        f"{API}/follow-ups",
        json.dumps({"due_on": str(TODAY), "title": "Soita", "job_seeker_id": world.seeker.pk}),
        content_type="application/json",
    )

    assert contact.status_code == 422, contact.content
    assert "candidate_ids" in contact.content.decode()
    assert follow_up.status_code == 422, follow_up.content
    assert "job_seeker_id" in follow_up.content.decode()
    assert employer_data(world.org) == before


# A follow-up about a job seeker ------------------------------------------------------------

ABOUT_A_JOB_SEEKER = "Follow-up about a job seeker"


def _give_follow_up(world: Any, api_for, owner: Any, title: str):
    """Alice adds a follow-up about her job seeker and gives it to `owner`."""
    return api_for(world.users["alice"]).post(
        f"{API}/follow-ups",
        json.dumps(
            {
                "due_on": str(TODAY),
                "title": title,
                "employer_id": world.employer.pk,
                "job_seeker_id": world.seeker.pk,
                "user_id": owner.pk,
            }
        ),
        content_type="application/json",
    )


def _what_the_owner_is_shown(world: Any, owner: Any, follow_up: Any, api_for, client_for):
    """The owner's view of the follow-up: its API row (found by id and by a word of its
    title), My day, the employer page, and the item htmx swaps in after marking it done."""
    api = api_for(owner)
    items = api.get(f"{API}/follow-ups").json()["items"]
    row = next(item for item in items if item["id"] == follow_up.pk)
    found_by_title = api.get(f"{API}/follow-ups", {"q": follow_up.title}).json()["count"]
    client = client_for(owner)
    pages = [
        client.get(url).content.decode()
        for url in (reverse("my_day"), reverse("employer_detail", args=[world.employer.pk]))
    ]
    done = client.post(
        reverse("follow_up_done", args=[follow_up.pk]), headers={"HX-Request": "true"}
    )
    assert done.status_code == 200
    return row, found_by_title, [*pages, done.content.decode()]


@pytest.mark.parametrize("owner", ["relations", "bob"])
def test_a_follow_up_about_a_job_seeker_cannot_be_given_outside_their_coach_team(
    world, owner, api_for
):
    """Relations staff never learn who a job seeker is; a coach of another team is not the
    person's coach team either. The owner is refused on `user_id`, and nothing is saved."""
    before = employer_data(world.org)

    response = _give_follow_up(world, api_for, world.users[owner], "Soita kuntoutusohjaajalle")

    assert response.status_code == 422, response.content
    [error] = [e for e in response.json()["detail"] if e["loc"][-1] == "user_id"]
    assert "coach team" in error["msg"]
    assert employer_data(world.org) == before


def test_a_follow_up_about_a_job_seeker_can_be_given_to_their_coach_team(world, carol, api_for):
    response = _give_follow_up(world, api_for, carol, "Soita kuntoutusohjaajalle")

    assert response.status_code == 201, response.content
    assert (response.json()["user_id"], response.json()["job_seeker_id"]) == (
        carol.pk,
        world.seeker.pk,
    )


def test_a_follow_up_about_a_job_seeker_never_reaches_relations_staff(world, api_for, client_for):
    """DOMAIN.md: relations staff see no job seeker's notes and never learn who they are. A
    follow-up about the person cannot be given to them, and one that is theirs all the same
    (given before the refusal existed, or they moved from coaching to relations) keeps its
    due date, employer and done, but neither its title (a note about the person) nor whom it
    is about: in GET follow-ups, on My day, on the employer page."""
    _assert_the_owner_gets_no_title_or_person(world, world.users["relations"], api_for, client_for)


def test_a_coach_of_another_team_gets_no_title_or_person_of_a_follow_up_either(
    world, api_for, client_for
):
    _assert_the_owner_gets_no_title_or_person(world, world.users["bob"], api_for, client_for)


def _assert_the_owner_gets_no_title_or_person(world: Any, owner: Any, api_for, client_for):
    title = "ASSIGNED-PERSON-FOLLOW-UP-MARKER"
    refused = _give_follow_up(world, api_for, owner, title)
    assert refused.status_code == 422
    theirs = FollowUpFactory(
        user=owner, employer=world.employer, job_seeker=world.seeker, title=title
    )

    row, found_by_title, pages = _what_the_owner_is_shown(world, owner, theirs, api_for, client_for)

    assert (row["title"], row["job_seeker_id"], row["details_hidden"]) == (None, None, True)
    assert (row["user_id"], row["employer_id"]) == (owner.pk, world.employer.pk)
    assert found_by_title == 0  # the hidden title cannot be searched for either
    for html in pages:
        assert title not in html
        assert LAST_NAME not in html
        assert ABOUT_A_JOB_SEEKER in html


def _transfer_to_bob(world: Any, api_for) -> None:
    """Alice transfers her job seeker to Bob: the person's coach team is now team South."""
    moved = api_for(world.users["alice"]).post(
        f"{API}/candidates/{world.seeker.pk}/transfer",
        json.dumps({"coach_id": world.users["bob"].pk, "version": world.seeker.version}),
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content


def test_after_a_transfer_the_old_coach_keeps_the_follow_up_but_not_its_title(
    world, api_for, client_for
):
    """Alice's own follow-up about her job seeker; the person moves to Bob (team South).
    Alice falls outside the coach team: she still has the reminder, without its title or the
    person; Bob, now the coach team, reads it in full."""
    alice, bob = world.users["alice"], world.users["bob"]
    follow_up = world.person_follow_up
    _transfer_to_bob(world, api_for)

    row, found_by_title, pages = _what_the_owner_is_shown(
        world, alice, follow_up, api_for, client_for
    )
    bobs = api_for(bob).get(f"{API}/follow-ups").json()["items"]

    assert (row["title"], row["job_seeker_id"], row["details_hidden"]) == (None, None, True)
    assert found_by_title == 0
    for html in pages:
        assert PERSON_FOLLOW_UP not in html
        assert LAST_NAME not in html
    assert {(i["id"], i["title"], i["job_seeker_id"], i["details_hidden"]) for i in bobs} >= {
        (follow_up.pk, PERSON_FOLLOW_UP, world.seeker.pk, False)
    }


def test_after_a_transfer_a_refused_reschedule_page_keeps_the_title_hidden(
    world, api_for, client_for
):
    """The reschedule page shown with an error (no htmx) hides the title as the lists do."""
    alice = world.users["alice"]
    _transfer_to_bob(world, api_for)

    response = client_for(alice).post(
        reverse("follow_up_reschedule", args=[world.person_follow_up.pk]),
        {"due_on": str(TODAY - timedelta(days=1))},
    )

    assert response.status_code == 422
    assert PERSON_FOLLOW_UP not in response.content.decode()
    assert ABOUT_A_JOB_SEEKER in response.content.decode()
