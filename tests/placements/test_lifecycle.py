"""Placements in the person's lifecycle: export, erase, exit, and the derived job start."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from crm.candidates import selectors as candidate_selectors
from crm.candidates.rights.erase import erase_job_seeker
from crm.candidates.rights.export import export_data
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.records import change_status
from crm.placements.models import JobCheckIn, Placement, SupportContact
from crm.placements.services.check_ins import record_check_in
from crm.placements.services.placements import end_placement
from crm.placements.services.support import log_support_contact, set_support_plan
from tests.factories import create_placement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def history(seeker, employer, alice):
    """A job with a support contact, a check-in, an override reason and an ending note."""
    placement = create_placement(
        candidate=seeker,
        employer=employer,
        start_on=TODAY - timedelta(days=40),
        set_aside=True,
        competitive=True,
        competitive_override_reason="Avoin haku; OHITUSPERUSTE",
    )
    log_support_contact(
        placement=placement,
        by=alice,
        occurred_on=TODAY - timedelta(days=30),
        with_whom="both",
        channel="face_to_face",
        place="workplace",
        topics=["accommodation"],
        notes="Selkä kipeytyy; TUKIMUISTIINPANO",
    )
    record_check_in(
        placement=placement,
        by=alice,
        checked_on=TODAY - timedelta(days=10),
        respondent="worker",
        score=5,
        note="Viihtyy; PALAUTE",
    )
    end_placement(
        placement=placement,
        by=alice,
        ended_on=TODAY - timedelta(days=5),
        end_reason="quit",
        note="Liian raskas; OPITTUA",
    )
    return Placement.objects.get(pk=placement.pk)


def test_the_export_has_the_jobs_plans_contacts_and_check_ins(history, seeker, alice):
    data = export_data(user=alice, job_seeker=seeker)
    [job] = data["placements"]
    assert job["employer"] == "Saimaan Varasto Oy"
    assert job["hours_per_week"] == 30.0
    assert job["end_reason"] == "quit"
    assert job["what_was_learned"] == "Liian raskas; OPITTUA"
    assert job["support_plan"]["cadence"] == "ips_default"
    assert job["support_contacts"][0]["notes"] == "Selkä kipeytyy; TUKIMUISTIINPANO"
    assert job["support_contacts"][0]["in_employer_contact_log"] is True
    assert job["check_ins"] == [
        {
            "checked_on": str(TODAY - timedelta(days=10)),
            "respondent": "worker",
            "score": 5,
            "note": "Viihtyy; PALAUTE",
        }
    ]
    assert "job_start" in [m["kind"] for m in data["milestones"]]


def test_erase_blanks_the_free_texts_and_keeps_dates_and_codes(history, seeker, alice):
    erase_job_seeker(job_seeker=seeker, by=alice)

    placement = Placement.objects.get(pk=history.pk)
    assert (placement.end_note, placement.competitive_override_reason) == ("", "")
    assert placement.start_on == history.start_on
    assert placement.ended_on == history.ended_on
    assert (placement.end_reason, placement.contract_type) == ("quit", "permanent")
    assert placement.hours_per_week == Decimal("30.0")
    assert placement.competitive is True
    assert placement.next_support_due_on is None
    contact = SupportContact.objects.get(placement=placement)
    assert contact.notes == ""
    assert (contact.with_whom, contact.topics) == ("both", ["accommodation"])
    check_in = JobCheckIn.objects.get(placement=placement)
    assert (check_in.note, check_in.score) == ("", 5)


def test_exit_stops_support_but_the_job_goes_on(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    seeker.refresh_from_db()
    change_status(
        job_seeker=seeker,
        by=alice,
        version=seeker.version,
        status="exited",
        exited_on=TODAY,
        exit_reason="employed",
    )
    placement.refresh_from_db()
    assert placement.ended_on is None
    assert placement.support_declined_on == TODAY
    assert placement.next_support_due_on is None


def test_support_can_resume_after_declining(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)
    set_support_plan(
        placement=placement,
        by=alice,
        version=placement.version,
        cadence="ips_default",
        declined_on=TODAY,
        declined_reason="Ei tarvetta nyt.",
    )
    resumed = set_support_plan(
        placement=placement, by=alice, version=placement.version, cadence="monthly"
    )
    assert resumed.next_support_due_on == TODAY + timedelta(days=3)


def test_the_timeline_derives_the_job_start_from_the_placement(seeker, employer, alice):
    start = TODAY - timedelta(days=3)
    record_milestone(job_seeker=seeker, by=alice, kind="job_start", reached_on=start)
    create_placement(candidate=seeker, employer=employer, start_on=start)

    entries = candidate_selectors.timeline(user=alice, job_seeker=seeker)
    starts = [e for e in entries if e.kind == "job_start"]
    assert len(starts) == 1  # typed once before, derived now: shown once
    assert starts[0].derived is True
    assert "Saimaan Varasto Oy" in starts[0].note
