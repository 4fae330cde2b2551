"""Recording, changing and ending a job, support contacts and check-ins (the services)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.candidates.models import JobSeeker, StatusChange
from crm.candidates.rights.erase import erase_job_seeker
from crm.employers.models import EmployerContact, OpeningStatus
from crm.placements.models import Placement, SupportContact
from crm.placements.services import check_ins, support
from crm.placements.services import placements as services
from tests.factories import (
    ContactPersonFactory,
    EmployerFactory,
    OpeningFactory,
    create_job_seeker,
    create_placement,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# Recording a job start ---------------------------------------------------------------------


def test_recording_a_job_makes_the_person_working_and_plans_support(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)

    seeker.refresh_from_db()
    assert seeker.status == "working"
    change = StatusChange.objects.filter(job_seeker=seeker).latest("id")
    assert (change.from_status, change.to_status, change.by) == ("job_search", "working", alice)
    assert placement.competitive is True
    assert placement.next_support_due_on == TODAY + timedelta(days=3)
    assert placement.occupation is not None  # the title resolved to the vocabulary


def test_a_job_recorded_ahead_makes_a_contact_due_before_the_start(seeker, employer):
    start = TODAY + timedelta(days=10)
    placement = create_placement(candidate=seeker, employer=employer, start_on=start)
    assert placement.next_support_due_on == start - timedelta(days=1)


def test_hours_take_one_decimal(seeker, employer):
    placement = create_placement(
        candidate=seeker, employer=employer, hours_per_week=Decimal("37.5")
    )
    placement.refresh_from_db()
    assert placement.hours_per_week == Decimal("37.5")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours_per_week", Decimal("0.4")),
        ("hours_per_week", Decimal("60.5")),
        ("hours_per_week", Decimal("37.55")),
        ("hourly_wage", Decimal("-1")),
        ("hourly_wage", Decimal("1000.01")),
        ("start_on", TODAY + timedelta(days=366)),
    ],
)
def test_it_refuses_bad_values_field_by_field(seeker, employer, field, value):
    with pytest.raises(ValidationError) as excinfo:
        create_placement(candidate=seeker, employer=employer, **{field: value})
    assert field in errors_of(excinfo)
    assert not Placement.objects.exists()
    seeker.refresh_from_db()
    assert seeker.status == "job_search"  # nothing half-saved


def test_a_planned_end_before_the_start_is_refused(seeker, employer):
    with pytest.raises(ValidationError) as excinfo:
        create_placement(
            candidate=seeker,
            employer=employer,
            contract_type="fixed_term",
            planned_end_on=TODAY - timedelta(days=30),
        )
    assert "planned_end_on" in errors_of(excinfo)


def test_competitive_is_suggested_and_an_override_needs_a_reason(seeker, employer):
    with pytest.raises(ValidationError) as excinfo:
        create_placement(
            candidate=seeker,
            employer=employer,
            pay_subsidy="reduced_work_ability",
            competitive=True,
        )
    assert "competitive_override_reason" in errors_of(excinfo)

    subsidised = create_placement(
        candidate=seeker, employer=employer, pay_subsidy="reduced_work_ability"
    )
    assert subsidised.competitive is False
    overridden = create_placement(
        candidate=seeker,
        employer=EmployerFactory(organization=seeker.organization),
        set_aside=True,
        competitive=True,
        competitive_override_reason="Avoin haku, tavallinen palkka; vain tehtävänimike erikseen.",
    )
    assert overridden.competitive is True


def test_a_second_current_job_at_the_same_employer_needs_confirming(seeker, employer):
    first = create_placement(candidate=seeker, employer=employer)
    with pytest.raises(services.DuplicatePlacement) as excinfo:
        create_placement(candidate=seeker, employer=employer)
    assert excinfo.value.existing == first
    second = create_placement(candidate=seeker, employer=employer, confirm_duplicate=True)
    assert second.pk != first.pk


def test_no_job_for_an_erased_or_exited_person(seeker, employer, alice):
    exited = create_job_seeker(coach=alice, status="exited")
    with pytest.raises(ValidationError) as excinfo:
        create_placement(candidate=exited, employer=employer)
    assert "candidate" in errors_of(excinfo)
    erase_job_seeker(job_seeker=seeker, by=alice)
    with pytest.raises(ValidationError) as excinfo:
        create_placement(candidate=JobSeeker.objects.get(pk=seeker.pk), employer=employer)
    assert "candidate" in errors_of(excinfo)


def test_the_opening_is_marked_filled_only_when_asked(seeker, org):
    opening = OpeningFactory(organization=org, employer=EmployerFactory(organization=org))
    create_placement(candidate=seeker, employer=opening.employer, opening=opening)
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN
    other = create_job_seeker(coach=seeker.coach)
    create_placement(
        candidate=other, employer=opening.employer, opening=opening, mark_opening_filled=True
    )
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.FILLED


def test_an_opening_of_another_employer_is_refused(seeker, employer, org):
    opening = OpeningFactory(employer=EmployerFactory(organization=org))
    with pytest.raises(ValidationError) as excinfo:
        create_placement(candidate=seeker, employer=employer, opening=opening)
    assert "opening" in errors_of(excinfo)


def test_an_update_keeps_following_the_competitive_suggestion(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    version = placement.version
    updated = services.update_placement(
        placement=placement,
        by=alice,
        version=version,
        pay_subsidy="reduced_work_ability",
        hours_per_week=Decimal("37.5"),
    )
    assert updated.competitive is False
    assert updated.version == version + 1


def test_a_stale_version_is_a_conflict(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    with pytest.raises(services.EditConflict):
        services.update_placement(
            placement=placement, by=alice, version=placement.version + 5, job_title="Muu"
        )


# Ending -------------------------------------------------------------------------------------


def test_ending_sends_the_person_back_to_job_search_and_makes_a_contact_due(
    seeker, employer, alice
):
    placement = create_placement(candidate=seeker, employer=employer)
    ended = services.end_placement(
        placement=placement,
        by=alice,
        ended_on=TODAY,
        end_reason="quit",
        note="Yövuorot eivät sopineet.",
    )
    seeker.refresh_from_db()
    assert seeker.status == "job_search"
    assert ended.next_support_due_on == TODAY + timedelta(days=3)
    assert ended.end_note == "Yövuorot eivät sopineet."


def test_another_current_job_keeps_the_person_working(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    create_placement(candidate=seeker, employer=EmployerFactory(organization=seeker.organization))
    services.end_placement(placement=placement, by=alice, ended_on=TODAY, end_reason="quit")
    seeker.refresh_from_db()
    assert seeker.status == "working"


def test_the_coach_may_choose_exit_instead(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    ended = services.end_placement(
        placement=placement,
        by=alice,
        ended_on=TODAY,
        end_reason="contract_ended",
        exit_reason="education",
    )
    seeker.refresh_from_db()
    assert (seeker.status, seeker.exit_reason, seeker.exited_on) == ("exited", "education", TODAY)
    assert ended.next_support_due_on is None  # the exit stopped support


@pytest.mark.parametrize(
    ("days", "field"), [(1, "ended_on"), (-30, "ended_on")], ids=["future", "before-start"]
)
def test_an_ending_in_the_future_or_before_the_start_is_refused(
    seeker, employer, alice, days, field
):
    placement = create_placement(
        candidate=seeker, employer=employer, start_on=TODAY - timedelta(days=10)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.end_placement(
            placement=placement, by=alice, ended_on=TODAY + timedelta(days=days), end_reason="quit"
        )
    assert field in errors_of(excinfo)
    placement.refresh_from_db()
    assert placement.ended_on is None


# Support contacts ---------------------------------------------------------------------------


def test_a_contact_with_the_employer_is_also_in_the_contact_log(seeker, employer, alice):
    person = ContactPersonFactory(employer=employer, organization=employer.organization)
    placement = create_placement(candidate=seeker, employer=employer)
    contact = support.log_support_contact(
        placement=placement,
        by=alice,
        occurred_on=TODAY,
        with_whom="both",
        channel="message",
        topics=["tasks", "accommodation"],
        notes="Työvuorot sovittu uudelleen.",
        contact_person=person,
    )
    entry = EmployerContact.objects.get(pk=contact.employer_contact_id)
    assert entry.purpose == "support"
    assert entry.channel == "email"  # a message is an e-mail in the contact log
    assert list(entry.candidates.all()) == [seeker]
    assert list(entry.contact_persons.all()) == [person]
    assert "Työvuorot" not in entry.summary  # the notes stay with the coach team


def test_a_contact_with_the_worker_only_is_not_in_the_contact_log(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    contact = support.log_support_contact(
        placement=placement, by=alice, occurred_on=TODAY, with_whom="worker", channel="phone"
    )
    assert contact.employer_contact is None
    assert not EmployerContact.objects.filter(purpose="support").exists()


def test_a_contact_moves_the_next_due_date(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)
    support.log_support_contact(
        placement=placement, by=alice, occurred_on=TODAY, with_whom="worker", channel="phone"
    )
    placement.refresh_from_db()
    assert placement.last_support_on == TODAY
    assert placement.next_support_due_on == TODAY + timedelta(days=7)


@pytest.mark.parametrize(
    ("occurred", "field"),
    [(1, "occurred_on"), (-31, "occurred_on")],
    ids=["future", "over-30-days-before-start"],
)
def test_it_refuses_a_contact_in_the_future_or_long_before_the_start(
    seeker, employer, alice, occurred, field
):
    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        support.log_support_contact(
            placement=placement,
            by=alice,
            occurred_on=TODAY + timedelta(days=occurred),
            with_whom="both",
            channel="phone",
        )
    assert field in errors_of(excinfo)
    assert not SupportContact.objects.exists()
    assert not EmployerContact.objects.filter(purpose="support").exists()


def test_a_refused_contact_log_entry_saves_nothing(seeker, employer, alice):
    """The person exited yesterday: the contact log may not name them today, so neither
    the support contact nor the log entry is saved."""
    placement = create_placement(candidate=seeker, employer=employer)
    services.end_placement(
        placement=placement,
        by=alice,
        ended_on=TODAY - timedelta(days=1),
        end_reason="quit",
        exit_reason="other_service",
    )
    JobSeeker.objects.filter(pk=seeker.pk).update(exited_on=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        support.log_support_contact(
            placement=placement, by=alice, occurred_on=TODAY, with_whom="employer", channel="phone"
        )
    assert "with_whom" in errors_of(excinfo)
    assert not SupportContact.objects.exists()


def test_unknown_topics_are_refused(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    with pytest.raises(ValidationError) as excinfo:
        support.log_support_contact(
            placement=placement,
            by=alice,
            occurred_on=TODAY,
            with_whom="worker",
            channel="phone",
            topics=["tasks", "salary"],
        )
    assert "topics" in errors_of(excinfo)


def test_declining_support_stops_it_and_needs_a_reason(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    with pytest.raises(ValidationError) as excinfo:
        support.set_support_plan(
            placement=placement,
            by=alice,
            version=placement.version,
            cadence="ips_default",
            declined_on=TODAY,
        )
    assert "declined_reason" in errors_of(excinfo)
    declined = support.set_support_plan(
        placement=placement,
        by=alice,
        version=placement.version,
        cadence="ips_default",
        declined_on=TODAY,
        declined_reason="Pärjää itse.",
    )
    assert declined.next_support_due_on is None


def test_the_nightly_task_repairs_a_due_date_written_outside_the_services(seeker, employer):
    from crm.placements.tasks import refresh_support_due_dates

    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)
    Placement.objects.filter(pk=placement.pk).update(next_support_due_on=TODAY - timedelta(days=40))
    assert refresh_support_due_dates() == 1
    placement.refresh_from_db()
    assert placement.next_support_due_on == TODAY + timedelta(days=3)
    assert refresh_support_due_dates() == 0  # idempotent


# Check-ins ---------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 6, None])
def test_a_score_outside_one_to_five_is_refused(seeker, employer, alice, score):
    placement = create_placement(candidate=seeker, employer=employer)
    with pytest.raises(ValidationError) as excinfo:
        check_ins.record_check_in(
            placement=placement, by=alice, checked_on=TODAY, respondent="worker", score=score
        )
    assert "score" in errors_of(excinfo)


def test_a_check_in_in_the_future_is_refused(seeker, employer, alice):
    placement = create_placement(candidate=seeker, employer=employer)
    with pytest.raises(ValidationError) as excinfo:
        check_ins.record_check_in(
            placement=placement,
            by=alice,
            checked_on=TODAY + timedelta(days=1),
            respondent="employer",
            score=4,
        )
    assert "checked_on" in errors_of(excinfo)
