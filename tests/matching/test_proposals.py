"""Proposals: a coach proposes a person they coach for an opening and moves the proposal step
by step; presenting logs the employer contact and needs the person's consent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import Role
from crm.candidates.models import ConsentPurpose
from crm.candidates.selectors import timeline
from crm.candidates.services.consents import grant_consent
from crm.candidates.services.profile import save_profile
from crm.core.errors import EditConflict
from crm.employers.models import EmployerContact
from crm.matching.models import Proposal, ProposalEvent
from crm.matching.services.proposals import create_proposal, move_proposal
from tests.factories import EmployerFactory, OpeningFactory, create_job_seeker

pytestmark = pytest.mark.django_db

LEGAL = [
    ("suggested", "discussed"),
    ("discussed", "presented"),
    ("presented", "interview"),
    ("interview", "hired"),
    ("suggested", "declined_by_candidate"),
    ("discussed", "declined_by_candidate"),
    ("presented", "declined_by_candidate"),
    ("interview", "declined_by_candidate"),
    ("presented", "declined_by_employer"),
    ("interview", "declined_by_employer"),
]
PATH = ["suggested", "discussed", "presented", "interview", "hired"]
ALL = [*PATH, "declined_by_candidate", "declined_by_employer"]
ILLEGAL = [(a, b) for a in ALL for b in ALL if (a, b) not in LEGAL]


@pytest.fixture(autouse=True)
def _english(alice, bob):
    for user in (alice, bob):
        user.language = "en"
        user.save()


@pytest.fixture
def opening(org):
    employer = EmployerFactory(organization=org, name="Saimaan Kauppa Oy")
    return OpeningFactory(employer=employer, title="Myyjä, Lappeenranta")


@pytest.fixture
def seeker(alice):
    person = create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")
    grant_consent(
        job_seeker=person,
        by=alice,
        purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
        granted_on=timezone.localdate() - timedelta(days=10),
    )
    return person


def _at(status, *, seeker, opening, by):
    """A proposal moved along the happy path (or its branch) up to `status`."""
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=by)
    steps = PATH[1 : PATH.index(status) + 1] if status in PATH else []
    if status == "declined_by_candidate":
        steps = ["declined_by_candidate"]
    if status == "declined_by_employer":
        steps = ["discussed", "presented", "declined_by_employer"]
    for step in steps:
        proposal = move_proposal(proposal=proposal, to_status=step, by=by, version=proposal.version)
    return proposal


# Transitions --------------------------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_a_legal_transition_moves_and_records_who_and_when(
    alice, seeker, opening, from_status, to_status
):
    proposal = _at(from_status, seeker=seeker, opening=opening, by=alice)
    moved = move_proposal(
        proposal=proposal, to_status=to_status, by=alice, version=proposal.version, note="ok"
    )
    assert moved.status == to_status
    event = ProposalEvent.objects.filter(proposal=moved).last()
    assert (event.from_status, event.to_status, event.by, event.note) == (
        from_status,
        to_status,
        alice,
        "ok",
    )


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_an_illegal_transition_is_refused_on_status(alice, seeker, opening, from_status, to_status):
    proposal = _at(from_status, seeker=seeker, opening=opening, by=alice)
    with pytest.raises(ValidationError) as exc:
        move_proposal(proposal=proposal, to_status=to_status, by=alice, version=proposal.version)
    assert "status" in exc.value.message_dict
    assert Proposal.objects.get(pk=proposal.pk).status == from_status


def test_a_stale_version_is_a_conflict(alice, seeker, opening):
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=alice)
    move_proposal(proposal=proposal, to_status="discussed", by=alice, version=1)
    with pytest.raises(EditConflict):
        move_proposal(proposal=proposal, to_status="declined_by_candidate", by=alice, version=1)


# Presenting ---------------------------------------------------------------------------------


def test_presenting_logs_exactly_one_contact_naming_the_person_and_the_opening(
    alice, seeker, opening
):
    proposal = _at("discussed", seeker=seeker, opening=opening, by=alice)
    moved = move_proposal(proposal=proposal, to_status="presented", by=alice, version=2)
    contact = EmployerContact.objects.get()
    assert contact.purpose == "presenting_candidate"
    assert contact.channel == "face_to_face"
    assert list(contact.candidates.all()) == [seeker]
    assert contact.opening == opening
    assert contact.employer == opening.employer
    assert opening.title in contact.summary
    assert moved.events.last().employer_contact == contact
    assert moved.presented_at is not None
    kinds = [e.kind for e in timeline(user=alice, job_seeker=seeker)]
    assert kinds.count("first_employer_contact") == 1


def test_presenting_by_phone_is_no_face_to_face_milestone(alice, seeker, opening):
    proposal = _at("discussed", seeker=seeker, opening=opening, by=alice)
    move_proposal(proposal=proposal, to_status="presented", by=alice, version=2, channel="phone")
    assert EmployerContact.objects.get().channel == "phone"
    kinds = [e.kind for e in timeline(user=alice, job_seeker=seeker)]
    assert "first_employer_contact" not in kinds


def test_without_consent_presenting_is_refused_and_nothing_changes(alice, opening):
    person = create_job_seeker(coach=alice, first_name="Eero", last_name="Ilman")
    proposal = _at("discussed", seeker=person, opening=opening, by=alice)
    with pytest.raises(ValidationError) as exc:
        move_proposal(proposal=proposal, to_status="presented", by=alice, version=2)
    assert "Eero Ilman" in exc.value.message_dict["status"][0]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version, proposal.presented_at) == ("discussed", 2, None)
    assert not EmployerContact.objects.exists()
    assert proposal.events.count() == 2


def test_the_presenting_form_shows_the_disclosure_choice_to_the_coach_team(
    alice, bob, seeker, opening, client_for
):
    save_profile(
        job_seeker=seeker,
        by=alice,
        disclosure="do_not_disclose",
        disclosure_notes="Kerro vain työkokemuksesta.",
        version=seeker.profile.version,
    )
    proposal = _at("discussed", seeker=seeker, opening=opening, by=alice)
    page = client_for(alice).get(reverse("proposal_detail", args=[proposal.pk]))
    assert "Do not disclose: say nothing about health or disability." in page.text
    assert "Kerro vain työkokemuksesta." in page.text
    other = client_for(bob).get(reverse("proposal_detail", args=[proposal.pk]))
    assert other.status_code == 200
    assert "Kerro vain työkokemuksesta." not in other.text
    assert "Save the step" not in other.text


def test_the_page_shows_the_consent_refusal_next_to_the_status(alice, opening, client_for):
    person = create_job_seeker(coach=alice, first_name="Eero", last_name="Ilman")
    proposal = _at("discussed", seeker=person, opening=opening, by=alice)
    response = client_for(alice).post(
        reverse("proposal_transition", args=[proposal.pk]),
        {"status": "presented", "channel": "face_to_face", "version": 2},
    )
    assert response.status_code == 422
    assert "no valid consent" in response.text
    assert "field-error" in response.text
    assert Proposal.objects.get(pk=proposal.pk).status == "discussed"


def test_a_coach_presents_through_the_page_and_sees_the_contact_logged(
    alice, seeker, opening, client_for
):
    proposal = _at("discussed", seeker=seeker, opening=opening, by=alice)
    client = client_for(alice)
    response = client.post(
        reverse("proposal_transition", args=[proposal.pk]),
        {"status": "presented", "channel": "face_to_face", "version": 2, "note": "Hyvä keskustelu"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The employer contact was logged in the contact log." in response.text
    assert EmployerContact.objects.filter(candidates=seeker).count() == 1
    log = client.get(reverse("contact_log"))
    assert opening.employer.name in log.text


def test_a_stale_form_shows_a_conflict(alice, seeker, opening, client_for):
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=alice)
    move_proposal(proposal=proposal, to_status="discussed", by=alice, version=1)
    response = client_for(alice).post(
        reverse("proposal_transition", args=[proposal.pk]),
        {"status": "declined_by_candidate", "version": 1},
    )
    assert response.status_code == 409
    assert "Someone else moved this proposal meanwhile" in response.text


# Creating -----------------------------------------------------------------------------------


def test_only_one_open_proposal_per_person_and_opening(alice, seeker, opening):
    create_proposal(job_seeker=seeker, opening=opening, by=alice)
    with pytest.raises(ValidationError) as exc:
        create_proposal(job_seeker=seeker, opening=opening, by=alice)
    assert "opening" in exc.value.message_dict


def test_a_closed_proposal_does_not_block_a_new_one(alice, seeker, opening):
    _at("declined_by_candidate", seeker=seeker, opening=opening, by=alice)
    assert create_proposal(job_seeker=seeker, opening=opening, by=alice).status == "suggested"


@pytest.mark.parametrize("status", ["paused", "exited"])
def test_paused_or_exited_people_cannot_be_proposed(alice, opening, status):
    person = create_job_seeker(coach=alice, status=status)
    with pytest.raises(ValidationError) as exc:
        create_proposal(job_seeker=person, opening=opening, by=alice)
    assert "job_seeker" in exc.value.message_dict


def test_an_opening_that_is_not_open_cannot_get_proposals(alice, seeker, org):
    closed = OpeningFactory(employer=EmployerFactory(organization=org), status="filled")
    with pytest.raises(ValidationError) as exc:
        create_proposal(job_seeker=seeker, opening=closed, by=alice)
    assert "opening" in exc.value.message_dict


def test_an_opening_of_another_organisation_is_refused(alice, seeker, other_org):
    foreign = OpeningFactory(employer=EmployerFactory(organization=other_org))
    with pytest.raises(ValidationError):
        create_proposal(job_seeker=seeker, opening=foreign, by=alice)


def test_only_the_coach_team_proposes(bob, seeker, opening):
    with pytest.raises(PermissionDenied):
        create_proposal(job_seeker=seeker, opening=opening, by=bob)


def test_a_coach_proposes_from_the_form(alice, seeker, opening, client_for):
    response = client_for(alice).post(
        reverse("proposal_create"), {"job_seeker": seeker.pk, "opening": opening.pk}
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("proposal_detail", args=[proposal.pk])


def test_another_coachs_person_is_not_offered_on_the_form(bob, seeker, opening, client_for):
    response = client_for(bob).post(
        reverse("proposal_create"), {"job_seeker": seeker.pk, "opening": opening.pk}
    )
    assert response.status_code == 422
    assert not Proposal.objects.exists()


# Who sees what --------------------------------------------------------------------------------


def test_relations_staff_see_a_pseudonym_until_the_person_is_presented(
    alice, seeker, opening, make_user, client_for
):
    relations = make_user(role=Role.RELATIONS, language="en")
    proposal = _at("discussed", seeker=seeker, opening=opening, by=alice)
    client = client_for(relations)
    page = client.get(reverse("opening_detail", args=[opening.pk]))
    assert f"Job seeker #{proposal.pk}, coach {alice.get_full_name()}" in page.text
    assert "Virtanen" not in page.text
    detail = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert "Virtanen" not in detail.text
    move_proposal(proposal=proposal, to_status="presented", by=alice, version=2)
    assert "Aino Virtanen" in client.get(reverse("opening_detail", args=[opening.pk])).text


def test_relations_staff_cannot_move_a_proposal(alice, seeker, opening, make_user, client_for):
    relations = make_user(role=Role.RELATIONS, language="en")
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=alice)
    response = client_for(relations).post(
        reverse("proposal_transition", args=[proposal.pk]), {"status": "discussed", "version": 1}
    )
    assert response.status_code == 403
    assert Proposal.objects.get().status == "suggested"


def test_a_lead_reads_but_cannot_move(alice, seeker, opening, make_user, client_for):
    lead = make_user(role=Role.LEAD, language="en")
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=alice, note="Salainen")
    client = client_for(lead)
    page = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert "Aino Virtanen" not in page.text  # not presented yet: a pseudonym
    assert "Salainen" not in page.text
    response = client.post(
        reverse("proposal_transition", args=[proposal.pk]), {"status": "discussed", "version": 1}
    )
    assert response.status_code == 403


def test_an_admin_gets_403(alice, seeker, opening, make_user, client_for):
    admin = make_user(role=Role.ADMIN, language="en")
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=alice)
    client = client_for(admin)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("proposal_list")).status_code == 403


def test_another_organisation_gets_404(alice, charlie, seeker, opening, client_for):
    proposal = create_proposal(job_seeker=seeker, opening=opening, by=alice)
    client = client_for(charlie)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 404
    response = client.post(
        reverse("proposal_transition", args=[proposal.pk]), {"status": "discussed", "version": 1}
    )
    assert response.status_code == 404


# Pages ----------------------------------------------------------------------------------------


def test_open_proposals_show_on_the_opening_and_the_job_seeker_page(
    alice, seeker, opening, client_for
):
    create_proposal(job_seeker=seeker, opening=opening, by=alice)
    client = client_for(alice)
    opening_page = client.get(reverse("opening_detail", args=[opening.pk]))
    assert "Aino Virtanen" in opening_page.text
    seeker_page = client.get(reverse("candidate_detail", args=[seeker.pk]))
    assert "Myyjä, Lappeenranta" in seeker_page.text
    assert "Talk the opening over with the person" in seeker_page.text


def _my_day_proposals(client) -> str:
    page = client.get(reverse("my_day")).text
    start = page.index('id="open-proposals"')
    return page[start : page.index("</section>", start)]


def test_my_day_shows_my_caseloads_open_proposals_with_the_next_step(
    alice, bob, seeker, opening, client_for
):
    create_proposal(job_seeker=seeker, opening=opening, by=alice)
    mine = _my_day_proposals(client_for(alice))
    assert "Open proposals" in mine
    assert "Aino Virtanen" in mine
    assert "Myyjä, Lappeenranta" in mine
    assert "Talk the opening over with the person" in mine
    assert "Aino Virtanen" not in _my_day_proposals(client_for(bob))


def test_closed_proposals_leave_my_day(alice, seeker, opening, client_for):
    _at("declined_by_candidate", seeker=seeker, opening=opening, by=alice)
    assert "Aino Virtanen" not in _my_day_proposals(client_for(alice))


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_take_a_constant_number_of_queries(alice, opening, client_for):
    client = client_for(alice)

    def add_one():
        person = create_job_seeker(coach=alice)
        _at("discussed", seeker=person, opening=opening, by=alice)

    add_one()
    urls = [
        reverse("proposal_list"),
        reverse("my_day"),
        reverse("opening_detail", args=[opening.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    for _ in range(3):
        add_one()
    assert [_queries(client, url) for url in urls] == before
