"""The rules of the job seeker data, through the services every interface calls."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from crm.accounts.models import AuditEvent, Role
from crm.accounts.services import add_team_member
from crm.candidates import selectors
from crm.candidates.models import (
    CoachTransfer,
    JobSeeker,
    KykyviisariForm,
    MilestoneKind,
    Status,
    StatusChange,
)
from crm.candidates.services.consents import (
    ConsentMissing,
    grant_consent,
    require_consent,
    revoke_consent,
    valid_consent,
)
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.notes import add_case_note
from crm.candidates.services.profile import save_profile
from crm.candidates.services.records import change_status, transfer_job_seeker, update_job_seeker
from crm.core.errors import EditConflict
from tests.factories import EmployerContactFactory, TeamFactory, create_job_seeker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the source language)."""
    with translation.override("en"):
        yield


def test_it_creates_a_person_with_an_empty_profile_a_status_row_and_an_audit_row(alice):
    seeker = create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    assert seeker.profile.pk is not None
    assert StatusChange.objects.filter(job_seeker=seeker, to_status="job_search").exists()
    assert AuditEvent.objects.filter(action="crm.candidate.created", object_id=str(seeker.pk))


def test_it_puts_the_person_in_the_coach_team(org, alice):
    team = TeamFactory(organization=org, name="IPS Imatra")
    add_team_member(team=team, user=alice)
    assert create_job_seeker(coach=alice).team == team


def test_it_derives_the_birth_date_from_the_identity_code(alice):
    seeker = create_job_seeker(coach=alice, henkilotunnus="010190-900p")
    assert seeker.henkilotunnus == "010190-900P"
    assert seeker.birth_date == date(1990, 1, 1)
    assert seeker.masked_henkilotunnus == "010190-****"


def test_it_rejects_an_identity_code_with_a_wrong_check_character(alice):
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=alice, henkilotunnus="010190-900A")
    assert "check character" in str(error.value.message_dict["henkilotunnus"])
    assert not JobSeeker.objects.exists()


def test_it_rejects_an_intake_before_the_referral(alice):
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=alice, referred_on=TODAY, intake_on=TODAY - timedelta(days=1))
    assert "intake_on" in error.value.message_dict
    assert not JobSeeker.objects.exists()


def test_it_warns_of_a_probable_duplicate_until_confirmed(alice, bob):
    born = date(1985, 5, 5)
    create_job_seeker(coach=alice, first_name="Matti", last_name="Virtanen", birth_date=born)
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=bob, first_name="matti", last_name="Virtanen ", birth_date=born)
    assert "already a job seeker" in error.value.message_dict["birth_date"][0]
    create_job_seeker(
        coach=bob, first_name="Matti", last_name="Virtanen", birth_date=born, allow_duplicate=True
    )
    assert JobSeeker.objects.count() == 2


def test_a_namesake_in_another_organisation_is_not_a_duplicate(alice, charlie):
    born = date(1985, 5, 5)
    create_job_seeker(coach=alice, first_name="Matti", last_name="Virtanen", birth_date=born)
    create_job_seeker(coach=charlie, first_name="Matti", last_name="Virtanen", birth_date=born)


def test_an_exit_needs_a_reason(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError) as error:
        change_status(job_seeker=seeker, by=alice, version=1, status=Status.EXITED)
    assert "exit_reason" in error.value.message_dict
    seeker.refresh_from_db()
    assert seeker.status == Status.JOB_SEARCH
    assert seeker.version == 1


def test_a_status_change_is_recorded(alice):
    seeker = create_job_seeker(coach=alice)
    change_status(
        job_seeker=seeker, by=alice, version=1, status=Status.EXITED, exit_reason="education"
    )
    change = StatusChange.objects.filter(job_seeker=seeker).last()
    assert (change.from_status, change.to_status) == ("job_search", "exited")
    assert JobSeeker.objects.get(pk=seeker.pk).exited_on == TODAY


def test_a_stale_version_is_an_edit_conflict(alice):
    seeker = create_job_seeker(coach=alice)
    update_job_seeker(job_seeker=seeker, by=alice, version=1, phone="040 123 4567")
    stale = JobSeeker.objects.get(pk=seeker.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        update_job_seeker(job_seeker=stale, by=alice, version=1, municipality="Imatra")
    assert JobSeeker.objects.get(pk=seeker.pk).phone == "+358401234567"


def test_a_transfer_moves_the_person_and_is_recorded(alice, bob):
    seeker = create_job_seeker(coach=alice)
    transfer_job_seeker(
        job_seeker=seeker, to_coach=bob, by=alice, version=seeker.version, reason="Lomat"
    )
    seeker.refresh_from_db()
    assert seeker.coach == bob
    transfer = CoachTransfer.objects.get(job_seeker=seeker)
    assert (transfer.from_coach, transfer.to_coach, transfer.reason) == (alice, bob, "Lomat")


def test_a_person_cannot_be_transferred_to_relations_staff_or_another_org(
    alice, charlie, make_user
):
    seeker = create_job_seeker(coach=alice)
    for target in (make_user(role=Role.RELATIONS), charlie):
        with pytest.raises(ValidationError) as error:
            transfer_job_seeker(
                job_seeker=seeker, to_coach=target, by=alice, version=seeker.version
            )
        assert "to_coach" in error.value.message_dict


def test_profile_skills_are_resolved_to_the_shared_vocabulary(alice):
    first = create_job_seeker(coach=alice)
    second = create_job_seeker(coach=alice)
    save_profile(job_seeker=first, by=alice, version=1, skills=["Asiakaspalvelu"])
    save_profile(job_seeker=second, by=alice, version=1, skills=["asiakaspalvelua"])
    assert list(first.profile.skills.all()) == list(second.profile.skills.all())


def test_profile_hours_min_over_max_is_refused_and_nothing_is_saved(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError) as error:
        save_profile(
            job_seeker=seeker, by=alice, version=1, hours_min=30, hours_max=20, education="x"
        )
    assert "hours_max" in error.value.message_dict
    seeker.profile.refresh_from_db()
    assert (seeker.profile.education, seeker.profile.version) == ("", 1)


def test_a_sensitive_profile_change_is_audited_with_its_fields(alice):
    seeker = create_job_seeker(coach=alice)
    save_profile(job_seeker=seeker, by=alice, version=1, accommodation_needs="Rauhallinen työpiste")
    event = AuditEvent.objects.get(action="crm.candidate.profile_changed")
    assert event.fields == ["accommodation_needs"]


def kykyviisari(**overrides):
    values = {
        "assessed_on": TODAY,
        "phase": "start",
        "form": KykyviisariForm.objects.get(version="web-2020"),
        "work_ability": Decimal("5"),
        "functioning": Decimal("6"),
        "life_satisfaction": Decimal("3"),
        "self_rated_health": Decimal("3"),
        "inclusion": Decimal("5"),
        "mind": Decimal("5"),
        "everyday_life": Decimal("5"),
        "skills": Decimal("5"),
        "body": Decimal("5"),
    }
    return values | overrides


def test_kykyviisari_scores_outside_the_ranges_are_refused(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError) as error:
        record_kykyviisari(
            job_seeker=seeker,
            by=alice,
            **kykyviisari(work_ability=Decimal("11"), life_satisfaction=Decimal("0"), mind=99),
        )
    assert {"work_ability", "life_satisfaction", "mind"} <= set(error.value.message_dict)
    assert not seeker.kykyviisari_results.exists()


def test_kykyviisari_change_runs_from_the_start_to_the_latest(alice):
    seeker = create_job_seeker(coach=alice)
    record_kykyviisari(
        job_seeker=seeker, by=alice, **kykyviisari(assessed_on=TODAY - timedelta(days=40))
    )
    record_kykyviisari(
        job_seeker=seeker, by=alice, **kykyviisari(phase="end", work_ability=Decimal("7.5"))
    )
    changes = {
        c.measure: c.change
        for c in selectors.kykyviisari_change(
            selectors.kykyviisari_list(user=alice, job_seeker=seeker)
        )
    }
    assert changes["work_ability"] == Decimal("2.5")
    assert changes["mind"] == 0


def test_a_consent_expiring_before_it_was_granted_is_refused(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError) as error:
        grant_consent(
            job_seeker=seeker,
            by=alice,
            purpose="kela",
            granted_on=TODAY,
            expires_on=TODAY - timedelta(days=1),
        )
    assert "expires_on" in error.value.message_dict


def test_features_needing_a_consent_refuse_without_one_and_say_why(alice):
    seeker = create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    with pytest.raises(ConsentMissing) as error:
        require_consent(seeker, "employer_disclosure")
    assert "Aino Mäkelä has no valid consent" in error.value.messages[0]
    consent = grant_consent(
        job_seeker=seeker, by=alice, purpose="employer_disclosure", granted_on=TODAY
    )
    assert require_consent(seeker, "employer_disclosure") == consent
    revoke_consent(consent=consent, by=alice)
    assert valid_consent(seeker, "employer_disclosure") is None


def test_the_first_face_to_face_employer_contact_naming_the_person_is_a_milestone(alice):
    seeker = create_job_seeker(coach=alice, intake_on=TODAY - timedelta(days=45))
    phone = EmployerContactFactory(user=alice, channel="phone")
    phone.candidates.add(seeker)
    met = EmployerContactFactory(
        user=alice,
        channel="face_to_face",
        occurred_at=timezone.now() - timedelta(days=5),
    )
    met.candidates.add(seeker)
    entries = selectors.timeline(user=alice, job_seeker=seeker)
    first = [e for e in entries if e.kind == MilestoneKind.FIRST_EMPLOYER_CONTACT]
    assert len(first) == 1 and first[0].derived
    annotated = selectors.caseload(user=alice).get(pk=seeker.pk)
    assert selectors.days_to_first_employer_contact(annotated) == 40
    assert selectors.first_contact_overdue(annotated)


def test_a_milestone_cannot_be_in_the_future(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError):
        record_milestone(
            job_seeker=seeker, by=alice, kind="job_start", reached_on=TODAY + timedelta(days=1)
        )


def test_days_since_last_contact_ignore_plain_notes(alice):
    seeker = create_job_seeker(coach=alice)
    add_case_note(
        job_seeker=seeker, by=alice, text="Tapaaminen", written_on=TODAY - timedelta(days=9)
    )
    add_case_note(job_seeker=seeker, by=alice, text="Muistiinpano", contact_type="note")
    assert selectors.caseload(user=alice).get(pk=seeker.pk).last_contact_on == (
        TODAY - timedelta(days=9)
    )


def test_the_caseload_size_counts_only_active_people(alice):
    for status in ("referred", "job_search", "working", "paused", "exited"):
        create_job_seeker(coach=alice, status=status)
    size = selectors.caseload_size(alice)
    assert size.active == 3
    assert not size.over_limit


def test_a_search_typed_without_nordic_letters_finds_the_person(alice):
    seeker = create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    create_job_seeker(coach=alice, first_name="Pekka", last_name="Koskinen")
    found = selectors.job_seeker_list(user=alice, query="aino makela")
    assert list(found) == [seeker]


def test_the_first_contact_clock_stops_at_an_exit_and_is_not_flagged(alice):
    seeker = create_job_seeker(
        coach=alice,
        referred_on=TODAY - timedelta(days=120),
        intake_on=TODAY - timedelta(days=100),
    )
    change_status(
        job_seeker=seeker,
        by=alice,
        version=1,
        status=Status.EXITED,
        exit_reason="no_contact",
        exited_on=TODAY - timedelta(days=40),
    )
    annotated = selectors.job_seeker_list(user=alice).get(pk=seeker.pk)
    assert selectors.days_to_first_employer_contact(annotated) == 60
    assert not selectors.first_contact_overdue(annotated)


# Saving without a change: no new version, no audit row ---------------------------------------


def test_saving_the_same_values_in_another_format_changes_nothing(alice):
    seeker = create_job_seeker(coach=alice, phone="040 123 4567", email="aino@example.fi")
    before = AuditEvent.objects.filter(action="crm.candidate.changed").count()

    update_job_seeker(
        job_seeker=seeker,
        by=alice,
        version=seeker.version,
        phone="0401234567",
        email=" AINO@example.fi ",
        first_name=f" {seeker.first_name} ",
    )

    assert JobSeeker.objects.get(pk=seeker.pk).version == 1
    assert AuditEvent.objects.filter(action="crm.candidate.changed").count() == before


def test_saving_an_unchanged_profile_changes_nothing(alice):
    seeker = create_job_seeker(coach=alice)
    save_profile(
        job_seeker=seeker, by=alice, version=1, strengths=["täsmällinen"], skills=["Excel"]
    )
    before = AuditEvent.objects.filter(action="crm.candidate.profile_changed").count()

    save_profile(
        job_seeker=seeker, by=alice, version=2, strengths=[" täsmällinen "], skills=["excel"]
    )

    seeker.profile.refresh_from_db()
    assert seeker.profile.version == 2
    assert AuditEvent.objects.filter(action="crm.candidate.profile_changed").count() == before


# Dates of the record -------------------------------------------------------------------------


HETU = "010190-900P"  # a temporary (test) identity code, born 1.1.1990


def test_today_is_a_valid_referral_and_intake_date(alice):
    seeker = create_job_seeker(coach=alice, referred_on=TODAY, intake_on=TODAY)
    assert seeker.pk


def test_a_birth_date_that_does_not_match_the_identity_code_is_refused(alice):
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=alice, henkilotunnus=HETU, birth_date=TODAY - timedelta(days=9000))
    assert "birth_date" in error.value.message_dict


# A deactivated coach -------------------------------------------------------------------------


def test_a_deactivated_coach_s_people_can_still_be_edited_and_transferred(alice, bob):
    seeker = create_job_seeker(coach=bob)
    bob.is_active = False
    bob.save()

    update_job_seeker(job_seeker=seeker, by=alice, version=1, address="Koulukatu 5")
    transfer_job_seeker(job_seeker=seeker, to_coach=alice, by=alice, version=2)

    seeker.refresh_from_db()
    assert (seeker.address, seeker.coach) == ("Koulukatu 5", alice)


def test_a_person_cannot_be_given_to_a_deactivated_coach(bob):
    bob.is_active = False
    bob.save()
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=bob)
    assert "coach" in error.value.message_dict


# Transfers are optimistically locked ---------------------------------------------------------


def test_a_stale_transfer_is_a_conflict(alice, bob):
    seeker = create_job_seeker(coach=alice)
    update_job_seeker(job_seeker=seeker, by=alice, version=1, address="Uusi osoite")

    with pytest.raises(EditConflict):
        transfer_job_seeker(job_seeker=seeker, to_coach=bob, by=alice, version=1)
    assert not CoachTransfer.objects.exists()


# Nothing cut ---------------------------------------------------------------------------------


def test_an_over_long_strength_is_a_field_error_naming_it(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError) as error:
        save_profile(job_seeker=seeker, by=alice, version=1, strengths=["ok", "pitkä " * 30])
    assert "strengths" in error.value.message_dict
    assert "pitkä" in error.value.message_dict["strengths"][0]
