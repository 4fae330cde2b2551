"""The placements API: field-level 422s, 409s, filters, notes hidden from leads, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.accounts.models import AuditEvent, Role
from crm.matching.models import Proposal
from crm.placements.models import Placement
from crm.placements.services.support import log_support_contact
from tests.factories import (
    EmployerFactory,
    OpeningFactory,
    create_job_seeker,
    create_placement,
)
from tests.placements.conftest import field_errors

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
API = "/api/v1/placements"


def body(seeker, employer, **fields):
    return {
        "candidate_id": seeker.pk,
        "employer_id": employer.pk,
        "job_title": "Varastotyöntekijä",
        "start_on": str(TODAY),
        "hours_per_week": 37.5,
        "hourly_wage": 13.2,
        "contract_type": "permanent",
        **fields,
    }


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_coach_records_a_job_start_with_decimal_hours(seeker, employer, alice, api_for):
    response = post(api_for(alice), API, body(seeker, employer, occupation="varastomies"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["hours_per_week"] == 37.5
    assert data["candidate_id"] == seeker.pk
    assert data["competitive"] is True
    assert data["occupation"]  # resolved to a vocabulary term
    assert data["next_support_due_on"] == str(TODAY + timedelta(days=3))
    assert data["version"] == 1
    seeker.refresh_from_db()
    assert seeker.status == "working"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours_per_week": 0.4}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"hours_per_week": 37.55}, "hours_per_week"),
        ({"hourly_wage": -0.5}, "hourly_wage"),
        ({"hourly_wage": 1000.5}, "hourly_wage"),
        ({"start_on": str(TODAY + timedelta(days=400))}, "start_on"),
        ({"contract_type": "zero_hours"}, "contract_type"),
        (
            {"pay_subsidy": "reduced_work_ability", "competitive": True},
            "competitive_override_reason",
        ),
        (
            {"planned_end_on": str(TODAY - timedelta(days=1)), "contract_type": "fixed_term"},
            "planned_end_on",
        ),
        ({"employer_id": 999999}, "employer_id"),
        ({"job_title": ""}, "job_title"),
    ],
)
def test_bad_input_is_a_field_level_422_and_saves_nothing(
    seeker, employer, alice, api_for, fields, field
):
    response = post(api_for(alice), API, body(seeker, employer, **fields))
    assert field in field_errors(response)
    assert not Placement.objects.exists()


def test_an_erased_person_gets_a_422_on_the_person(seeker, employer, alice, api_for):
    from crm.candidates.rights.erase import erase_job_seeker

    erase_job_seeker(job_seeker=seeker, by=alice)
    response = post(api_for(alice), API, body(seeker, employer))
    assert "candidate_id" in field_errors(response)


def test_a_second_current_job_at_the_employer_is_a_409_unless_confirmed(
    seeker, employer, alice, api_for
):
    client = api_for(alice)
    assert post(client, API, body(seeker, employer)).status_code == 201
    response = post(client, API, body(seeker, employer))
    assert response.status_code == 409
    assert "Saimaan Varasto Oy" in response.json()["detail"]
    assert Placement.objects.count() == 1
    confirmed = post(client, API, body(seeker, employer, confirm_duplicate=True))
    assert confirmed.status_code == 201


def test_a_hired_proposal_fills_in_employer_opening_and_title(seeker, alice, org, api_for):
    opening = OpeningFactory(employer=EmployerFactory(organization=org), title="Kassatyöntekijä")
    proposal = Proposal.objects.create(
        organization=org, job_seeker=seeker, opening=opening, status="hired"
    )
    data = {
        "candidate_id": seeker.pk,
        "proposal_id": proposal.pk,
        "start_on": str(TODAY),
        "hours_per_week": 20,
        "contract_type": "fixed_term",
    }
    response = post(api_for(alice), API, data)
    assert response.status_code == 201, response.content
    placement = response.json()
    assert placement["employer_id"] == opening.employer_id
    assert placement["opening_id"] == opening.pk
    assert placement["proposal_id"] == proposal.pk
    assert placement["job_title"] == "Kassatyöntekijä"


def test_a_proposal_not_hired_is_refused(seeker, alice, org, api_for):
    proposal = Proposal.objects.create(
        organization=org,
        job_seeker=seeker,
        opening=OpeningFactory(employer=EmployerFactory(organization=org)),
    )
    data = {
        "candidate_id": seeker.pk,
        "proposal_id": proposal.pk,
        "start_on": str(TODAY),
        "hours_per_week": 20,
        "contract_type": "permanent",
    }
    assert "proposal_id" in field_errors(post(api_for(alice), API, data))


def test_patch_needs_the_current_version(seeker, employer, alice, api_for):
    placement = create_placement(candidate=seeker, employer=employer)
    client = api_for(alice)
    url = f"{API}/{placement.pk}"
    ok = client.patch(url, {"version": 1, "hours_per_week": 37.5}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["hours_per_week"] == 37.5
    assert ok.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "job_title": "Muu"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert Placement.objects.get(pk=placement.pk).job_title == "Varastotyöntekijä"


def test_ending_through_the_api(seeker, employer, alice, api_for):
    placement = create_placement(candidate=seeker, employer=employer)
    client = api_for(alice)
    url = f"{API}/{placement.pk}/end"
    early = post(client, url, {"ended_on": str(TODAY - timedelta(days=60)), "end_reason": "quit"})
    assert "ended_on" in field_errors(early)
    response = post(
        client, url, {"ended_on": str(TODAY), "end_reason": "quit", "note": "Opittiin paljon."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["end_reason"] == "quit"
    assert response.json()["end_note"] == "Opittiin paljon."
    assert response.json()["active"] is False
    seeker.refresh_from_db()
    assert seeker.status == "job_search"


def test_the_plan_can_be_read_and_changed(seeker, employer, alice, api_for):
    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)
    client = api_for(alice)
    url = f"{API}/{placement.pk}/plan"
    plan = client.get(url, headers={"accept-language": "en"}).json()
    assert plan["cadence"] == "ips_default"
    assert plan["first_year"][0] == {
        "due_on": str(TODAY + timedelta(days=3)),
        "label": "First days",
        "status": "due",
        "contacts": 0,
    }
    changed = client.put(
        url, {"version": 1, "cadence": "on_request"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["next_support_due_on"] is None
    stale = client.put(url, {"version": 1, "cadence": "weekly"}, content_type="application/json")
    assert stale.status_code == 409


def test_support_contacts_and_check_ins(seeker, employer, alice, api_for):
    placement = create_placement(candidate=seeker, employer=employer)
    client = api_for(alice)
    url = f"{API}/{placement.pk}/support-contacts"
    future = post(
        client,
        url,
        {"occurred_on": str(TODAY + timedelta(days=1)), "with_whom": "worker", "channel": "phone"},
    )
    assert "occurred_on" in field_errors(future)
    created = post(
        client,
        url,
        {
            "occurred_on": str(TODAY),
            "with_whom": "both",
            "channel": "face_to_face",
            "place": "workplace",
            "topics": ["tasks", "benefits"],
            "notes": "Tulot ilmoitettu.",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["employer_contact_id"] is not None
    listed = client.get(url).json()
    assert listed["count"] == 1
    assert listed["items"][0]["notes"] == "Tulot ilmoitettu."

    checks = f"{API}/{placement.pk}/check-ins"
    bad = post(client, checks, {"checked_on": str(TODAY), "respondent": "worker", "score": 6})
    assert "score" in field_errors(bad)
    ok = post(client, checks, {"checked_on": str(TODAY), "respondent": "employer", "score": 4})
    assert ok.status_code == 201
    assert client.get(checks).json()["items"][0]["score"] == 4


def test_a_lead_reads_support_contacts_without_notes_and_reading_notes_is_audited(
    seeker, employer, alice, make_user, api_for
):
    placement = create_placement(candidate=seeker, employer=employer)
    log_support_contact(
        placement=placement,
        by=alice,
        occurred_on=TODAY,
        with_whom="worker",
        channel="phone",
        notes="SALAINEN-MUISTIINPANO",
    )
    url = f"{API}/{placement.pk}/support-contacts"
    lead = make_user(role=Role.LEAD)
    before = AuditEvent.objects.filter(action="crm.candidate.support_notes_viewed").count()
    response = api_for(lead).get(url)
    assert response.status_code == 200
    assert response.json()["items"][0]["notes"] is None
    assert response.json()["items"][0]["notes_hidden"] is True
    assert "SALAINEN" not in response.content.decode()
    assert AuditEvent.objects.filter(action="crm.candidate.support_notes_viewed").count() == before

    api_for(alice).get(url)
    event = AuditEvent.objects.filter(action="crm.candidate.support_notes_viewed").latest("id")
    assert (event.user, event.object_id) == (alice, str(seeker.pk))


def test_filters_and_search(seeker, employer, alice, bob, api_for, north):
    other = create_job_seeker(coach=alice, first_name="Ville", last_name="Virtanen")
    mine = create_placement(candidate=seeker, employer=employer)
    theirs = create_placement(
        candidate=other,
        employer=EmployerFactory(organization=seeker.organization, name="Kahvila Oy"),
    )
    create_placement(
        candidate=create_job_seeker(coach=bob), employer=employer
    )  # Bob's person: not listed for Alice
    client = api_for(alice)

    def ids(query: str) -> set[int]:
        response = client.get(f"{API}?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["items"]}

    assert ids("") == {mine.pk, theirs.pk}
    assert ids(f"candidate_id={seeker.pk}") == {mine.pk}
    assert ids(f"employer_id={employer.pk}") == {mine.pk}
    assert ids(f"coach_id={alice.pk}") == {mine.pk, theirs.pk}
    assert ids("q=virtasen") == {theirs.pk}
    assert ids("q=kahvla") == {theirs.pk}
    from crm.placements.services.placements import end_placement

    end_placement(placement=theirs, by=alice, ended_on=TODAY, end_reason="quit")
    assert ids("active=true") == {mine.pk}
    assert ids("active=false") == {theirs.pk}
    assert client.get(f"{API}?coach_id=999999").status_code == 422


def test_another_organisations_placement_is_a_404(seeker, employer, charlie, api_for):
    placement = create_placement(candidate=seeker, employer=employer)
    client = api_for(charlie)
    for suffix in ("", "/plan", "/support-contacts", "/check-ins"):
        assert client.get(f"{API}/{placement.pk}{suffix}").status_code == 404
    assert client.get(API).json()["count"] == 0


@pytest.mark.parametrize(
    ("suffix", "body", "field"),
    [
        (
            "/support-contacts",
            {"occurred_on": str(TODAY), "with_whom": "worker", "channel": "phone"},
            "notes",
        ),
        ("/check-ins", {"checked_on": str(TODAY), "respondent": "worker", "score": 3}, "note"),
        ("/end", {"ended_on": str(TODAY), "end_reason": "quit"}, "note"),
    ],
)
def test_a_text_over_10000_characters_is_a_422_and_nothing_is_stored(
    seeker, employer, alice, api_for, suffix, body, field
):
    placement = create_placement(candidate=seeker, employer=employer)
    url = f"{API}/{placement.pk}{suffix}"
    response = post(api_for(alice), url, body | {field: "x" * 10_001})
    assert field in field_errors(response)
    placement.refresh_from_db()
    assert placement.ended_on is None
    assert not placement.support_contacts.exists() and not placement.check_ins.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_on": "0001-01-01"}, "start_on"),
        ({"planned_end_on": "9999-12-31", "contract_type": "fixed_term"}, "planned_end_on"),
    ],
)
def test_a_date_far_outside_any_sense_is_a_422(seeker, employer, alice, api_for, fields, field):
    assert field in field_errors(post(api_for(alice), API, body(seeker, employer, **fields)))


def test_null_for_a_field_that_cannot_be_empty_is_a_422(seeker, employer, alice, api_for):
    placement = create_placement(candidate=seeker, employer=employer)
    response = api_for(alice).patch(
        f"{API}/{placement.pk}",
        {"version": placement.version, "hours_per_week": None, "planned_end_on": None},
        content_type="application/json",
    )
    assert set(field_errors(response)) == {"hours_per_week"}
