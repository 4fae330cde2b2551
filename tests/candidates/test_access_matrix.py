"""The access matrix of issue 4: role, page or endpoint, and own team / other team / other
organisation, for every job seeker page and API endpoint.

The rules (crm/candidates/access.py):
- the person's coach team (Alice, her coach; Carol, same team): everything, incl. changes,
  case notes and the export;
- a coach of another team (Bob): BASIC — name, coach and status on the overview; no sub-pages,
  no changes;
- the pilot lead: RECORD — lists, record, profile without its sensitive section, milestones,
  Kykyviisari, consents; no notes, no export, no changes;
- the organisation admin: BASIC, plus the person's audit log and erasure;
- relations staff: 403 on every page and endpoint;
- anyone in another organisation: 404, never 403 (do not reveal that the person exists);
- nobody logged in: the login page (302) for pages, 401 for the API.

Read EXPECTED as a table: one row per page or endpoint, one column per viewer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
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
from crm.candidates.models import JobSeeker, KykyviisariForm
from crm.candidates.services.consents import grant_consent
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.notes import add_case_note
from crm.candidates.services.profile import save_profile
from tests.factories import TeamFactory, create_job_seeker

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
COACH_TEAM = {"alice", "carol"}  # FULL access
RECORD_READERS = COACH_TEAM | {"lead"}  # may see the record, e.g. contact details
OUTSIDERS = {"charlie", "other_lead", "other_admin", "anonymous", "relations"}

# 200/201 allowed · 422 allowed, but the form or body sent was refused (nothing saved) ·
# 302 the login page (anonymous) or, for "page caseload", the list of everyone (leads and admins
# have no caseload) · 403 role not allowed · 404 another organisation's person · 401 API, not
# logged in. The lists and "create" are about the viewer's own organisation: Charlie may list
# and add people there, but never sees this one.
# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    #                           alice carol bob  lead admin rel  charlie o_lead o_admin anon
    # Pages (GET) ------------------------------------------------------------------------
    "page caseload":            (200, 200, 200, 302, 302, 403, 200, 302, 302, 302),
    "page list":                (200, 200, 200, 200, 200, 403, 200, 200, 200, 302),
    "page create":              (200, 200, 200, 403, 403, 403, 200, 403, 403, 302),
    "page detail":              (200, 200, 200, 200, 200, 403, 404, 404, 404, 302),
    "page edit":                (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page status":              (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page transfer":            (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page profile":             (200, 200, 403, 200, 403, 403, 404, 404, 404, 302),
    "page profile edit":        (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page kykyviisari":         (200, 200, 403, 200, 403, 403, 404, 404, 404, 302),
    "page consents":            (200, 200, 403, 200, 403, 403, 404, 404, 404, 302),
    "page notes":               (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page export":              (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page export.json":         (200, 200, 403, 403, 403, 403, 404, 404, 404, 302),
    "page erase":               (200, 200, 403, 403, 200, 403, 404, 404, 404, 302),
    "page audit":               (403, 403, 403, 403, 200, 403, 404, 404, 404, 302),
    # Page forms posted empty (or with a wrong confirmation): 422 = allowed, nothing saved --
    "post edit":                (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post status":              (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post transfer":            (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post milestone add":       (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post follow-up add":       (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post profile edit":        (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post work history add":    (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post kykyviisari":         (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post consents":            (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post consent revoke":      (302, 302, 403, 403, 403, 403, 404, 404, 404, 302),
    "post notes":               (422, 422, 403, 403, 403, 403, 404, 404, 404, 302),
    "post erase":               (422, 422, 403, 403, 422, 403, 404, 404, 404, 302),
    # API ---------------------------------------------------------------------------------
    "GET candidates":           (200, 200, 200, 200, 200, 403, 200, 200, 200, 401),
    "POST candidates":          (201, 201, 201, 403, 403, 403, 201, 403, 403, 401),
    "GET candidate":            (200, 200, 200, 200, 200, 403, 404, 404, 404, 401),
    "PATCH candidate":          (200, 200, 403, 403, 403, 403, 404, 404, 404, 401),
    "POST transfer":            (200, 200, 403, 403, 403, 403, 404, 404, 404, 401),
    "GET profile":              (200, 200, 403, 200, 403, 403, 404, 404, 404, 401),
    "PUT profile":              (200, 200, 403, 403, 403, 403, 404, 404, 404, 401),
    "GET milestones":           (200, 200, 403, 200, 403, 403, 404, 404, 404, 401),
    "POST milestones":          (201, 201, 403, 403, 403, 403, 404, 404, 404, 401),
    "GET kykyviisari":          (200, 200, 403, 200, 403, 403, 404, 404, 404, 401),
    "POST kykyviisari":         (201, 201, 403, 403, 403, 403, 404, 404, 404, 401),
    "GET consents":             (200, 200, 403, 200, 403, 403, 404, 404, 404, 401),
    "POST consents":            (201, 201, 403, 403, 403, 403, 404, 404, 404, 401),
    "POST consent revoke":      (200, 200, 403, 403, 403, 403, 404, 404, 404, 401),
    "GET notes":                (200, 200, 403, 403, 403, 403, 404, 404, 404, 401),
    "POST notes":               (201, 201, 403, 403, 403, 403, 404, 404, 404, 401),
    "GET export":               (200, 200, 403, 403, 403, 403, 404, 404, 404, 401),
    "POST erase":               (422, 422, 403, 403, 422, 403, 404, 404, 404, 401),
}
# fmt: on

# What may appear in a response, and only to the person's coach team, on these endpoints.
SENSITIVE = "SENSITIVE-MARKER"  # the profile's accommodation needs
NOTE = "NOTE-MARKER"  # a sensitive case note
HETU = "010190-900P"  # the full henkilötunnus
HETU_MASKED = "010190-"  # its masked form "010190-****" starts like this
EMAIL = "matrix.person@example.fi"  # contact details: RECORD readers only
LAST_NAME = "Matrixson"

EXPORTS = {"page export", "page export.json", "GET export"}
SHOWS_SENSITIVE = EXPORTS | {
    "page profile",
    "page profile edit",
    "post work history add",  # the refused form is shown on the profile page
    "GET profile",
    "PUT profile",
}
SHOWS_NOTES = EXPORTS | {"page notes", "post notes", "GET notes"}
# Where the name of the person must be listed for everyone in the organisation who may list.
SHOWS_NAME = {"page list", "page detail", "GET candidates", "GET candidate"}
SHOWS_RECORD = {"page detail", "GET candidate"}  # masked henkilötunnus, contact details

# The audit row every allowed read of sensitive data must leave.
READ_ACTIONS = {
    "crm.candidate.sensitive_viewed",
    "crm.candidate.notes_viewed",
    "crm.candidate.exported",
}
AUDITED = {
    "page profile": "crm.candidate.sensitive_viewed",
    "page profile edit": "crm.candidate.sensitive_viewed",
    "GET profile": "crm.candidate.sensitive_viewed",
    "PUT profile": "crm.candidate.sensitive_viewed",
    "page notes": "crm.candidate.notes_viewed",
    "post notes": "crm.candidate.notes_viewed",
    "GET notes": "crm.candidate.notes_viewed",
    "page export": "crm.candidate.exported",
    "page export.json": "crm.candidate.exported",
    "GET export": "crm.candidate.exported",
}


# The requests -----------------------------------------------------------------------------

TODAY = timezone.localdate()
API = "/api/v1/candidates"


def _scores(value: str) -> dict[str, str]:
    return {
        **{name: "6.5" for name in ("work_ability", "functioning")},
        **{name: "3" for name in ("life_satisfaction", "self_rated_health")},
        **{name: value for name in ("inclusion", "mind", "everyday_life", "skills", "body")},
    }


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    body: dict[str, Any] | None = None

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


def page(name: str, w: Any, *args: Any) -> str:
    return reverse(name, args=[w.person.pk, *args])


def call_for(endpoint: str, w: Any) -> Call:
    """The request a row of EXPECTED stands for; writes carry a valid body, so that only
    access decides the answer."""
    p, yesterday, bob = w.person.pk, str(TODAY - timedelta(days=1)), w.users["bob"]
    calls = {
        "page caseload": lambda: Call("GET", reverse("candidate_caseload")),
        "page list": lambda: Call("GET", reverse("candidate_list")),
        "page create": lambda: Call("GET", reverse("candidate_create")),
        "page detail": lambda: Call("GET", page("candidate_detail", w)),
        "page edit": lambda: Call("GET", page("candidate_edit", w)),
        "page status": lambda: Call("GET", page("candidate_status", w)),
        "page transfer": lambda: Call("GET", page("candidate_transfer", w)),
        "page profile": lambda: Call("GET", page("candidate_profile", w)),
        "page profile edit": lambda: Call("GET", page("candidate_profile_edit", w)),
        "page kykyviisari": lambda: Call("GET", page("candidate_kykyviisari", w)),
        "page consents": lambda: Call("GET", page("candidate_consents", w)),
        "page notes": lambda: Call("GET", page("candidate_notes", w)),
        "page export": lambda: Call("GET", page("candidate_export", w)),
        "page export.json": lambda: Call("GET", page("candidate_export_json", w)),
        "page erase": lambda: Call("GET", page("candidate_erase", w)),
        "page audit": lambda: Call("GET", page("candidate_audit", w)),
        "post edit": lambda: Call("POST", page("candidate_edit", w), {}),
        "post status": lambda: Call("POST", page("candidate_status", w), {}),
        "post transfer": lambda: Call("POST", page("candidate_transfer", w), {}),
        "post milestone add": lambda: Call("POST", page("milestone_add", w), {}),
        "post follow-up add": lambda: Call("POST", page("candidate_follow_up_add", w), {}),
        "post profile edit": lambda: Call("POST", page("candidate_profile_edit", w), {}),
        "post work history add": lambda: Call("POST", page("work_history_add", w), {}),
        "post kykyviisari": lambda: Call("POST", page("candidate_kykyviisari", w), {}),
        "post consents": lambda: Call("POST", page("candidate_consents", w), {}),
        "post consent revoke": lambda: Call(
            "POST", page("consent_revoke", w, w.consent.pk), {"revoked_on": "not a date"}
        ),
        "post notes": lambda: Call("POST", page("candidate_notes", w), {}),
        "post erase": lambda: Call("POST", page("candidate_erase", w), {"confirmation": "Väärä"}),
        "GET candidates": lambda: Call("GET", API),
        "POST candidates": lambda: Call(
            "POST",
            API,
            {
                "first_name": "Uusi",
                "last_name": "Henkilö",
                "referral_source": "self",
                "referred_on": yesterday,
            },
        ),
        "GET candidate": lambda: Call("GET", f"{API}/{p}"),
        "PATCH candidate": lambda: Call(
            "PATCH", f"{API}/{p}", {"version": w.person.version, "first_name": "Pekka"}
        ),
        "POST transfer": lambda: Call(
            "POST", f"{API}/{p}/transfer", {"coach_id": bob.pk, "version": w.person.version}
        ),
        "GET profile": lambda: Call("GET", f"{API}/{p}/profile"),
        "PUT profile": lambda: Call(
            "PUT",
            f"{API}/{p}/profile",
            {"version": w.person.profile.version, "education": "Lähihoitaja"},
        ),
        "GET milestones": lambda: Call("GET", f"{API}/{p}/milestones"),
        "POST milestones": lambda: Call(
            "POST", f"{API}/{p}/milestones", {"kind": "job_search_plan", "reached_on": yesterday}
        ),
        "GET kykyviisari": lambda: Call("GET", f"{API}/{p}/kykyviisari"),
        "POST kykyviisari": lambda: Call(
            "POST",
            f"{API}/{p}/kykyviisari",
            {
                "assessed_on": str(TODAY),
                "phase": "middle",
                "form_version": w.form.version,
                **_scores(str(w.form.domain_max)),
            },
        ),
        "GET consents": lambda: Call("GET", f"{API}/{p}/consents"),
        "POST consents": lambda: Call(
            "POST", f"{API}/{p}/consents", {"purpose": "kela", "granted_on": yesterday}
        ),
        "POST consent revoke": lambda: Call(
            "POST", f"{API}/{p}/consents/{w.consent.pk}/revoke", {}
        ),
        "GET notes": lambda: Call("GET", f"{API}/{p}/notes"),
        "POST notes": lambda: Call("POST", f"{API}/{p}/notes", {"text": "Soitettiin."}),
        "GET export": lambda: Call("GET", f"{API}/{p}/export"),
        "POST erase": lambda: Call("POST", f"{API}/{p}/erase", {"confirmation": "Väärä"}),
    }
    return calls[endpoint]()


def send(client: Client, call: Call):
    if call.body is None:
        return client.generic(call.method, call.url)
    if call.is_api:
        return client.generic(
            call.method, call.url, data=_json(call.body), content_type="application/json"
        )
    return client.post(call.url, call.body)


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body)


# The world --------------------------------------------------------------------------------


@pytest.fixture
def world(org, other_org, alice, bob, charlie, make_user):
    """Organisation A: team North (Alice, Carol), team South (Bob), a lead, an admin and
    relations staff; organisation B: Charlie, a lead and an admin. The person is on Alice's
    caseload with something in every protected section."""
    carol = make_user(username="carol")
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    for team, user in ((north, alice), (north, carol), (south, bob)):
        add_team_member(team=team, user=user)
    person = create_job_seeker(
        coach=alice,
        last_name=LAST_NAME,
        henkilotunnus=HETU,
        email=EMAIL,
        address="Matrixkatu 7, 53100 Lappeenranta",
    )
    assert person.team == north
    save_profile(
        job_seeker=person,
        by=alice,
        version=person.profile.version,
        education="Merkonomi",
        accommodation_needs=f"Hiljainen työpiste {SENSITIVE}",
        health_restrictions="Ei yövuoroja",
    )
    add_case_note(job_seeker=person, by=alice, text=f"Vointi {NOTE}", sensitive=True)
    form = KykyviisariForm.objects.first()
    record_kykyviisari(
        job_seeker=person,
        by=alice,
        assessed_on=TODAY - timedelta(days=30),
        phase="start",
        form=form,
        **{name: Decimal(value) for name, value in _scores(str(form.domain_min)).items()},
    )
    consent = grant_consent(
        job_seeker=person, by=alice, purpose="employment_services", granted_on=TODAY
    )
    record_milestone(job_seeker=person, by=alice, kind="benefits_counselling", reached_on=TODAY)
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
    person = JobSeeker.objects.select_related("profile").get(pk=person.pk)
    return SimpleNamespace(person=person, consent=consent, form=form, users=users)


def client_of(world: Any, viewer: str, call: Call, client_for, api_for) -> Client:
    user = world.users.get(viewer)
    if user is None:
        return Client()
    return api_for(user) if call.is_api else client_for(user)


# The matrix -------------------------------------------------------------------------------


def test_the_table_has_a_column_for_every_viewer():
    assert {len(row) for row in EXPECTED.values()} == {len(VIEWERS)}


def _read_events(world: Any, since: int) -> set[str]:
    events = AuditEvent.objects.filter(
        pk__gt=since, object_id=str(world.person.pk), action__in=READ_ACTIONS
    )
    return set(events.values_list("action", flat=True))


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_access(world, endpoint, viewer, client_for, api_for):
    expected = EXPECTED[endpoint][VIEWERS.index(viewer)]
    call = call_for(endpoint, world)
    client = client_of(world, viewer, call, client_for, api_for)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = send(client, call)

    assert response.status_code == expected, f"{viewer} {call.method} {call.url}"
    _assert_redirect(response, viewer, endpoint)
    body = response.content.decode()
    _assert_only_allowed_data(body, endpoint, viewer)
    _assert_shown(body, endpoint, viewer)
    _assert_audited(world, last_event, body, endpoint, viewer, response.status_code)


def _assert_redirect(response, viewer: str, endpoint: str) -> None:
    if response.status_code != 302:
        return
    location = response["Location"]
    if viewer == "anonymous":
        assert location.startswith(resolve_url(settings.LOGIN_URL)), location
    elif endpoint == "page caseload":  # leads and admins have no caseload: the list of all
        assert location == reverse("candidate_list")


def _assert_only_allowed_data(body: str, endpoint: str, viewer: str) -> None:
    coach_team = viewer in COACH_TEAM
    assert (SENSITIVE in body) <= (coach_team and endpoint in SHOWS_SENSITIVE), SENSITIVE
    assert (NOTE in body) <= (coach_team and endpoint in SHOWS_NOTES), NOTE
    assert (HETU in body) <= (coach_team and endpoint in EXPORTS), HETU
    assert (HETU_MASKED in body) <= coach_team, "masked henkilötunnus"
    assert (EMAIL in body) <= (viewer in RECORD_READERS), "contact details"
    if viewer in OUTSIDERS:
        assert LAST_NAME not in body, "the person's name"


def _assert_shown(body: str, endpoint: str, viewer: str) -> None:
    """What the allowed viewers must actually get (so the rules above are not met by pages
    that show nothing)."""
    coach_team = viewer in COACH_TEAM
    assert (SENSITIVE in body) >= (coach_team and endpoint in SHOWS_SENSITIVE), SENSITIVE
    assert (NOTE in body) >= (coach_team and endpoint in SHOWS_NOTES), NOTE
    assert (HETU in body) >= (coach_team and endpoint in EXPORTS), HETU
    assert (HETU_MASKED in body) >= (coach_team and endpoint in SHOWS_RECORD), HETU_MASKED
    assert (EMAIL in body) >= (viewer in RECORD_READERS and endpoint in SHOWS_RECORD), EMAIL
    assert (LAST_NAME in body) >= (viewer not in OUTSIDERS and endpoint in SHOWS_NAME)


def _assert_audited(world, since: int, body: str, endpoint: str, viewer: str, status: int):
    events = _read_events(world, since)
    if viewer not in COACH_TEAM:
        assert not events, f"{viewer} read nothing sensitive, yet the audit log says {events}"
        return
    if endpoint in AUDITED:  # shown to the coach team with 200, or 422 beside a refused form
        assert AUDITED[endpoint] in events
    if SENSITIVE in body:
        assert events & {"crm.candidate.sensitive_viewed", "crm.candidate.exported"}
    if NOTE in body:
        assert events & {"crm.candidate.notes_viewed", "crm.candidate.exported"}


# What the table cannot say ----------------------------------------------------------------


def test_another_team_coach_sees_only_name_coach_and_status(world, client_for, api_for):
    bob = world.users["bob"]
    page_body = client_for(bob).get(reverse("candidate_detail", args=[world.person.pk]))
    text = page_body.content.decode()
    assert LAST_NAME in text
    assert world.users["alice"].get_full_name() in text
    assert "status-job_search" in text
    for tab in ("candidate_profile", "candidate_notes", "candidate_kykyviisari"):
        assert reverse(tab, args=[world.person.pk]) not in text  # no tabs he cannot open

    data = api_for(bob).get(f"{API}/{world.person.pk}").json()
    shown = {name for name, value in data.items() if value is not None}
    assert shown == {"id", "first_name", "last_name", "coach_id", "status", "access"}
    assert data["access"] == "basic"


def test_admin_reviews_who_read_the_sensitive_section(world, client_for):
    client_for(world.users["alice"]).get(reverse("candidate_profile", args=[world.person.pk]))
    audit = client_for(world.users["admin"]).get(reverse("candidate_audit", args=[world.person.pk]))
    rows = [(row["who"], row["code"]) for row in audit.context["rows"]]
    assert ("alice", "crm.candidate.sensitive_viewed") in rows


def test_lead_gets_the_profile_without_its_sensitive_section(world, api_for):
    data = api_for(world.users["lead"]).get(f"{API}/{world.person.pk}/profile").json()
    assert data["education"] == "Merkonomi"
    assert data["sensitive"] is None


def _erase(client: Client, world: Any, *, api: bool, confirmation: str = LAST_NAME):
    if api:
        return client.post(
            f"{API}/{world.person.pk}/erase",
            _json({"confirmation": confirmation}),
            content_type="application/json",
        )
    url = reverse("candidate_erase", args=[world.person.pk])
    return client.post(url, {"confirmation": confirmation})


def _erased_by(world: Any, user: Any) -> bool:
    person = JobSeeker.objects.get(pk=world.person.pk)
    audited = AuditEvent.objects.filter(
        action="crm.candidate.erased", object_id=str(person.pk), user=user
    ).exists()
    assert person.is_erased == audited
    return person.is_erased and LAST_NAME not in person.last_name


def test_admin_erases_the_person_on_the_erase_page(world, client_for):
    admin = world.users["admin"]
    response = _erase(client_for(admin), world, api=False)
    assert response.status_code == 302
    assert _erased_by(world, admin)
    audit = client_for(admin).get(reverse("candidate_audit", args=[world.person.pk]))
    assert "crm.candidate.erased" in [row["code"] for row in audit.context["rows"]]


def test_coach_team_erases_the_person_through_the_api(world, api_for):
    carol = world.users["carol"]
    response = _erase(api_for(carol), world, api=True)
    assert response.status_code == 200, response.content
    assert _erased_by(world, carol)


@pytest.mark.parametrize("api", [True, False], ids=["api", "page"])
@pytest.mark.parametrize(
    ("viewer", "status"),
    [("bob", 403), ("lead", 403), ("relations", 403), ("charlie", 404), ("other_admin", 404)],
)
def test_nobody_else_can_erase_even_with_the_right_confirmation(
    world, client_for, api_for, viewer, status, api
):
    user = world.users[viewer]
    response = _erase(api_for(user) if api else client_for(user), world, api=api)
    assert response.status_code == status
    assert not _erased_by(world, user)
    assert JobSeeker.objects.get(pk=world.person.pk).last_name == LAST_NAME
