"""The proposals API: create, list, read and move, for every role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.accounts.models import Role
from crm.candidates.models import ConsentPurpose
from crm.candidates.services.consents import grant_consent
from crm.employers.models import EmployerContact
from crm.matching.models import Proposal
from crm.matching.services.proposals import create_proposal, move_proposal
from tests.factories import EmployerFactory, OpeningFactory, create_job_seeker

pytestmark = pytest.mark.django_db
URL = "/api/v1/proposals"


@pytest.fixture(autouse=True)
def _english(alice, bob):
    for user in (alice, bob):
        user.language = "en"
        user.save()


@pytest.fixture
def opening(org):
    return OpeningFactory(employer=EmployerFactory(organization=org), title="Varastotyöntekijä")


@pytest.fixture
def seeker(alice):
    person = create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")
    grant_consent(
        job_seeker=person,
        by=alice,
        purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
        granted_on=timezone.localdate() - timedelta(days=5),
    )
    return person


@pytest.fixture
def proposal(alice, seeker, opening):
    return create_proposal(job_seeker=seeker, opening=opening, by=alice, note="Kiinnostunut")


def _move(api, proposal_id, **body):
    return api.post(f"{URL}/{proposal_id}/status", body, content_type="application/json")


def test_a_coach_creates_a_proposal(api_for, alice, seeker, opening):
    response = api_for(alice).post(
        URL, {"candidate_id": seeker.pk, "opening_id": opening.pk}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["candidate_id"] == seeker.pk
    assert body["opening_id"] == opening.pk
    assert body["status"] == "suggested"
    assert body["version"] == 1
    assert body["history"][0]["to_status"] == "suggested"
    assert body["history"][0]["by_id"] == alice.pk


def test_a_duplicate_open_proposal_is_422_on_opening_id(api_for, alice, proposal):
    response = api_for(alice).post(
        URL,
        {"candidate_id": proposal.job_seeker_id, "opening_id": proposal.opening_id},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "opening_id"]


def test_another_organisations_opening_is_422(api_for, alice, seeker, other_org):
    foreign = OpeningFactory(employer=EmployerFactory(organization=other_org))
    response = api_for(alice).post(
        URL, {"candidate_id": seeker.pk, "opening_id": foreign.pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "opening_id"]


def test_the_whole_path_with_history(api_for, alice, proposal):
    api = api_for(alice)
    version = 1
    for status in ["discussed", "presented", "interview", "hired"]:
        response = _move(api, proposal.pk, status=status, version=version, note=status)
        assert response.status_code == 200, response.json()
        version = response.json()["version"]
    body = api.get(f"{URL}/{proposal.pk}").json()
    assert body["status"] == "hired"
    steps = [(h["from_status"], h["to_status"]) for h in body["history"]]
    assert steps == [
        ("", "suggested"),
        ("suggested", "discussed"),
        ("discussed", "presented"),
        ("presented", "interview"),
        ("interview", "hired"),
    ]
    contact = EmployerContact.objects.get()
    assert body["history"][2]["employer_contact_id"] == contact.pk
    assert body["next_statuses"] == []


def test_an_illegal_transition_is_422_on_status(api_for, alice, proposal):
    response = _move(api_for(alice), proposal.pk, status="hired", version=1)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "status"]
    assert Proposal.objects.get().status == "suggested"


def test_an_unknown_status_is_422(api_for, alice, proposal):
    response = _move(api_for(alice), proposal.pk, status="maybe", version=1)
    assert response.status_code == 422


def test_a_stale_version_is_409(api_for, alice, proposal):
    api = api_for(alice)
    assert _move(api, proposal.pk, status="discussed", version=1).status_code == 200
    response = _move(api, proposal.pk, status="declined_by_candidate", version=1)
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


def test_presenting_without_consent_is_422_and_logs_nothing(api_for, alice, opening):
    person = create_job_seeker(coach=alice, first_name="Eero", last_name="Ilman")
    proposal = create_proposal(job_seeker=person, opening=opening, by=alice)
    api = api_for(alice)
    _move(api, proposal.pk, status="discussed", version=1)
    response = _move(api, proposal.pk, status="presented", version=2, channel="phone")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "status"]
    assert "Eero Ilman" in detail["msg"]
    assert Proposal.objects.get().status == "discussed"
    assert not EmployerContact.objects.exists()


def test_the_list_filters_by_opening_candidate_status_and_mine(api_for, alice, bob, proposal, org):
    other_opening = OpeningFactory(employer=EmployerFactory(organization=org))
    bobs = create_job_seeker(coach=bob)
    create_proposal(job_seeker=bobs, opening=other_opening, by=bob)
    api = api_for(alice)
    assert api.get(URL).json()["count"] == 2
    by_opening = api.get(URL, {"opening": proposal.opening_id}).json()
    assert [p["id"] for p in by_opening["items"]] == [proposal.pk]
    assert api.get(URL, {"candidate": bobs.pk}).json()["count"] == 1
    assert api.get(URL, {"mine": True}).json()["items"][0]["id"] == proposal.pk
    assert api.get(URL, {"status": "hired"}).json()["count"] == 0
    assert api.get(URL, {"status": "nonsense"}).status_code == 422


def test_another_coach_reads_without_notes_and_cannot_move(api_for, bob, proposal):
    api = api_for(bob)
    body = api.get(f"{URL}/{proposal.pk}").json()
    assert body["candidate_id"] is None  # not presented yet: another team gets a pseudonym
    assert "Aino" not in body["candidate_name"]
    assert body["history"][0]["note"] == ""
    assert body["next_statuses"] == []
    assert _move(api, proposal.pk, status="discussed", version=1).status_code == 403
    response = api.post(
        URL,
        {"candidate_id": proposal.job_seeker_id, "opening_id": proposal.opening_id},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_coach_team_sees_notes(api_for, alice, proposal):
    body = api_for(alice).get(f"{URL}/{proposal.pk}").json()
    assert body["history"][0]["note"] == "Kiinnostunut"
    assert body["next_statuses"] == ["discussed", "declined_by_candidate"]


def test_relations_staff_see_a_pseudonym_until_presented(api_for, alice, proposal, make_user):
    relations = make_user(role=Role.RELATIONS, language="en")
    api = api_for(relations)
    body = api.get(f"{URL}/{proposal.pk}").json()
    assert body["candidate_id"] is None
    assert body["candidate_name"] == f"Job seeker #{proposal.pk}, coach {alice.get_full_name()}"
    assert "Virtanen" not in str(api.get(URL).json())
    assert api.get(URL, {"candidate": proposal.job_seeker_id}).json()["count"] == 0
    assert _move(api, proposal.pk, status="discussed", version=1).status_code == 403
    moved = move_proposal(proposal=proposal, to_status="discussed", by=alice, version=1)
    move_proposal(proposal=moved, to_status="presented", by=alice, version=2)
    body = api.get(f"{URL}/{proposal.pk}").json()
    assert body["candidate_id"] == proposal.job_seeker_id
    assert body["candidate_name"] == "Aino Virtanen"


def test_a_lead_reads_but_cannot_create_or_move(api_for, proposal, make_user):
    lead = make_user(role=Role.LEAD, language="en")
    api = api_for(lead)
    body = api.get(f"{URL}/{proposal.pk}").json()
    assert body["candidate_id"] is None and "Aino" not in body["candidate_name"]
    assert body["opening_title"] == proposal.opening.title
    assert _move(api, proposal.pk, status="discussed", version=1).status_code == 403


def test_an_admin_gets_403(api_for, proposal, make_user):
    admin = make_user(role=Role.ADMIN, language="en")
    api = api_for(admin)
    assert api.get(URL).status_code == 403
    assert api.get(f"{URL}/{proposal.pk}").status_code == 403


def test_another_organisation_gets_404(api_for, charlie, proposal):
    api = api_for(charlie)
    assert api.get(f"{URL}/{proposal.pk}").status_code == 404
    assert _move(api, proposal.pk, status="discussed", version=1).status_code == 404
    assert api.get(URL).json()["count"] == 0


def test_anonymous_gets_401(client, proposal):
    assert client.get(URL).status_code == 401


def test_the_list_takes_a_constant_number_of_queries(api_for, alice, opening):
    api = api_for(alice)

    def add_one():
        person = create_job_seeker(coach=alice)
        p = create_proposal(job_seeker=person, opening=opening, by=alice)
        move_proposal(proposal=p, to_status="discussed", by=alice, version=1)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(URL).status_code == 200
        return len(ctx.captured_queries)

    add_one()
    count()  # warm-up: the token's first use is recorded once
    before = count()
    for _ in range(3):
        add_one()
    assert count() == before


# Bad ids and probing -------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["opening", "candidate"])
def test_huge_ids_in_the_list_filters_are_a_422_not_a_500(api_for, alice, param):
    response = api_for(alice).get(URL, {param: 2**70})
    assert response.status_code == 422


def test_relations_staff_cannot_probe_which_job_seeker_ids_exist(
    api_for, make_user, seeker, opening
):
    api = api_for(make_user(role=Role.RELATIONS, language="en"))

    def create(candidate_id):
        body = {"candidate_id": candidate_id, "opening_id": opening.pk}
        return api.post(URL, body, content_type="application/json").status_code

    assert create(seeker.pk) == create(seeker.pk + 1000) == 403


# Names before and after presenting -----------------------------------------------------------


def test_another_teams_coach_gets_no_name_before_the_person_is_presented(api_for, bob, proposal):
    body = api_for(bob).get(f"{URL}/{proposal.pk}").json()
    assert body["candidate_id"] is None
    assert "Aino" not in body["candidate_name"]


def test_another_teams_coach_sees_the_name_once_presented(api_for, alice, bob, proposal):
    move_proposal(proposal=proposal, to_status="discussed", by=alice, version=1)
    move_proposal(proposal=proposal, to_status="presented", by=alice, version=2)
    body = api_for(bob).get(f"{URL}/{proposal.pk}").json()
    assert body["candidate_id"] == proposal.job_seeker_id
    assert body["candidate_name"] == "Aino Virtanen"
