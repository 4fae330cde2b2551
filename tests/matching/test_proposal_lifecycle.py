"""A person's proposals through their lifecycle (the hooks matching registers with
crm/candidates/lifecycle.py): an exit or an erasure closes the open ones, erasure blanks their
notes, the export lists them with their history, and lists leave out people out of service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.candidates.models import ConsentPurpose, ExitReason, Status
from crm.candidates.rights.erase import erase_job_seeker
from crm.candidates.rights.export import export_data
from crm.candidates.services.consents import grant_consent
from crm.candidates.services.records import change_status
from crm.matching.models import Proposal, ProposalEvent
from crm.matching.selectors.proposals import my_open_proposals, open_proposals
from crm.matching.services.proposals import close_open_proposals, create_proposal, move_proposal
from tests.factories import EmployerFactory, OpeningFactory, create_job_seeker

pytestmark = pytest.mark.django_db
NOTE = "Aino kertoi paniikkihäiriöstään"


@pytest.fixture(autouse=True)
def _english(alice, bob):
    for user in (alice, bob):
        user.language = "en"
        user.save(update_fields=["language"])


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
        granted_on=timezone.localdate() - timedelta(days=5),
    )
    return person


@pytest.fixture
def proposal(alice, seeker, opening):
    return create_proposal(job_seeker=seeker, opening=opening, by=alice, note=NOTE)


def _exit_behind_the_services(person):
    today = timezone.localdate()
    type(person).objects.filter(pk=person.pk).update(
        status=Status.EXITED, exit_reason=ExitReason.OTHER, exited_on=today
    )


# Erasure and export --------------------------------------------------------------------------


def test_erasing_a_person_blanks_the_notes_of_their_proposals(alice, seeker, proposal):
    erase_job_seeker(job_seeker=seeker, by=alice)
    notes = ProposalEvent.objects.filter(proposal__job_seeker=seeker).values_list("note", flat=1)
    assert list(notes) and not any(notes)


def test_the_export_lists_the_persons_proposals_with_their_history(alice, seeker, proposal):
    move_proposal(proposal=proposal, to_status="discussed", by=alice, version=1, note="Sopii")
    data = export_data(user=alice, job_seeker=seeker)
    [exported] = data["proposals"]
    assert exported["opening"] == "Myyjä, Lappeenranta"
    assert exported["employer"] == "Saimaan Kauppa Oy"
    assert exported["status"] == "discussed"
    assert [e["note"] for e in exported["history"]] == [NOTE, "Sopii"]
    assert all(e["at"] for e in exported["history"])


def test_the_readable_export_page_lists_the_proposals(alice, client_for):
    seeker = create_job_seeker(coach=alice)
    opening = OpeningFactory(employer__organization=alice.organization, title="Varastotyöntekijä")
    Proposal.objects.create(
        organization=alice.organization, job_seeker=seeker, opening=opening, created_by=alice
    )
    html = client_for(alice).get(reverse("candidate_export", args=[seeker.pk])).content.decode()
    assert "Proposals to openings" in html
    assert "Varastotyöntekijä" in html


# Exit and erasure close proposals ------------------------------------------------------------


def test_a_person_exiting_closes_their_open_proposals(alice, seeker, proposal):
    change_status(
        job_seeker=seeker,
        by=alice,
        version=seeker.version,
        status=Status.EXITED,
        exit_reason=ExitReason.OTHER,
    )
    proposal.refresh_from_db()
    assert proposal.status == "declined_by_candidate"
    last = proposal.events.order_by("at", "id").last()
    assert (last.from_status, last.to_status, last.by) == ("suggested", proposal.status, alice)
    assert last.note == "Closed: the person exited the service."
    assert open_proposals(user=alice, job_seeker=seeker) == []


def test_erasing_a_person_closes_their_open_proposals(alice, seeker, proposal):
    erase_job_seeker(job_seeker=seeker, by=alice)
    proposal.refresh_from_db()
    assert proposal.status == "declined_by_candidate"
    assert proposal.events.count() == 2
    assert my_open_proposals(user=alice) == []


def test_closing_leaves_finished_proposals_alone(alice, seeker, proposal, opening):
    Proposal.objects.filter(pk=proposal.pk).update(status="hired")
    assert close_open_proposals(job_seeker=seeker, by=alice, note="") == 0
    proposal.refresh_from_db()
    assert proposal.status == "hired"


def test_lists_leave_out_open_proposals_of_people_out_of_service(alice, seeker, proposal):
    # e.g. rows left open before the fix: the listings do not show them
    _exit_behind_the_services(seeker)
    assert my_open_proposals(user=alice) == []
    assert open_proposals(user=alice, opening=proposal.opening) == []
