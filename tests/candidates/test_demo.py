"""The job seeker demo data of `seed_demo`: three coaches' caseloads at every stage, with the
history a coach and a pilot lead expect to see, and idempotent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from stdnum.fi import hetu

from crm.accounts.models import AuditEvent, Organization, User
from crm.candidates import selectors
from crm.candidates.demo.seeder import temporary_henkilotunnus
from crm.candidates.models import (
    IPS_CASELOAD_LIMIT,
    CareerProfile,
    CaseNote,
    CoachTransfer,
    Consent,
    JobSeeker,
    KykyviisariResult,
    Milestone,
    MilestoneKind,
    Status,
    StatusChange,
    WorkHistoryEntry,
)
from crm.employers.models import Channel, EmployerContact, FollowUp

MODELS = [
    JobSeeker,
    CareerProfile,
    WorkHistoryEntry,
    StatusChange,
    CoachTransfer,
    Milestone,
    KykyviisariResult,
    Consent,
    CaseNote,
    EmployerContact,
    FollowUp,
    AuditEvent,
]
SOUTH_KARELIA = {
    "Lappeenranta",
    "Imatra",
    "Lemi",
    "Luumäki",
    "Parikkala",
    "Rautjärvi",
    "Ruokolahti",
    "Savitaipale",
    "Taipalsaari",
}


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seed once for the module (it takes seconds), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db) -> Organization:
    return Organization.objects.get(name="Demo")


def test_about_sixty_people_on_three_coaches_caseloads_at_every_status(demo):
    people = JobSeeker.objects.filter(organization=demo)

    assert 55 <= people.count() <= 65
    per_coach = Counter(people.values_list("coach__username", flat=True))
    assert set(per_coach) == {"coach", "coach2", "coach3"}
    assert all(15 <= n <= 25 for n in per_coach.values())
    for username in per_coach:
        statuses = set(people.filter(coach__username=username).values_list("status", flat=True))
        assert statuses == set(Status.values), username
    assert set(people.values_list("municipality", flat=True)) == SOUTH_KARELIA
    assert len(set(people.values_list("referral_source", flat=True))) == 6


def test_one_coach_is_exactly_at_the_ips_caseload_limit(demo):
    sizes = {
        u: selectors.caseload_size(User.objects.get(username=u))
        for u in ["coach", "coach2", "coach3"]
    }

    assert sizes["coach"].active == IPS_CASELOAD_LIMIT
    assert not sizes["coach"].over_limit
    assert all(size.active < IPS_CASELOAD_LIMIT for u, size in sizes.items() if u != "coach")


def test_statuses_dates_and_milestones_tell_one_story(demo):
    today = timezone.localdate()
    for person in JobSeeker.objects.filter(organization=demo).prefetch_related("milestones"):
        kinds = {m.kind for m in person.milestones.all()}
        changes = list(person.status_changes.order_by("at", "id"))
        assert changes[0].to_status == Status.REFERRED
        assert changes[-1].to_status == person.status
        assert all(a.at <= b.at for a, b in pairwise(changes))
        assert person.referred_on >= today - timedelta(days=550)
        if person.status == Status.REFERRED:
            assert person.intake_on is None and not kinds
        else:
            assert person.referred_on <= person.intake_on < today
        if person.status in (Status.WORKING, Status.FOLLOW_ALONG):
            assert MilestoneKind.JOB_START in kinds
        if person.status == Status.FOLLOW_ALONG:
            assert MilestoneKind.FOLLOW_ALONG in kinds
        if person.status == Status.EXITED:
            assert person.exit_reason and person.exited_on <= today
        assert all(m.reached_on <= today for m in person.milestones.all())


def test_kykyviisari_history_from_start_to_end_on_the_web_form(demo):
    results = KykyviisariResult.objects.filter(organization=demo).select_related("form")
    by_person: dict[int, list[KykyviisariResult]] = {}
    for result in results.order_by("assessed_on", "id"):
        by_person.setdefault(result.job_seeker_id, []).append(result)

    assert {r.form.version for r in results} == {"web-2020"}
    full = [rs for rs in by_person.values() if [r.phase for r in rs] == ["start", "middle", "end"]]
    assert len(full) >= 3
    assert sum(1 for rs in by_person.values() if rs[0].phase == "start") >= 40
    for rs in full:
        changes = selectors.kykyviisari_change(rs)
        assert {c.measure for c in changes} >= {"work_ability", "functioning", "inclusion"}
    for r in results:
        assert 0 <= r.work_ability <= 10 and 1 <= r.life_satisfaction <= 5
        assert all(0 <= getattr(r, d) <= 10 for d in ("inclusion", "mind", "body"))


def test_first_employer_contact_is_derived_from_the_contact_log_and_some_are_late(demo):
    coach = User.objects.get(username="coach")
    named = EmployerContact.objects.filter(organization=demo).exclude(candidates=None)
    week_start = timezone.localdate() - timedelta(days=timezone.localdate().weekday())

    assert named.count() >= 30
    assert set(named.values_list("channel", flat=True)) == {Channel.FACE_TO_FACE}
    assert all(timezone.localtime(c.occurred_at).date() < week_start for c in named)
    person = named.filter(user=coach).first().candidates.first()
    kinds = [e.kind for e in selectors.timeline(user=coach, job_seeker=person)]
    assert MilestoneKind.FIRST_EMPLOYER_CONTACT in kinds
    seekers = [
        s for u in ("coach", "coach2", "coach3") for s in selectors.caseload(
            user=User.objects.get(username=u), include_inactive=True
        )
    ]  # fmt: skip
    with_contact = [s for s in seekers if s.first_employer_contact_at]
    assert any(selectors.first_contact_overdue(s) for s in with_contact)
    assert any(not selectors.first_contact_overdue(s) for s in with_contact)


def test_days_since_last_contact_vary_and_some_notes_are_sensitive(demo):
    coach = User.objects.get(username="coach")
    today = timezone.localdate()
    days = [
        (today - s.last_contact_on).days
        for s in selectors.caseload(user=coach)
        if s.last_contact_on is not None
    ]

    assert min(days) <= 3
    assert any(d > 14 for d in days)
    notes = CaseNote.objects.filter(organization=demo)
    assert notes.count() >= 200
    assert 5 <= notes.filter(sensitive=True).count() < notes.count() / 4


def test_profiles_are_filled_and_only_a_few_hold_health_information(demo):
    profiles = CareerProfile.objects.filter(organization=demo, job_seeker__intake_on__isnull=False)

    assert all(p.skills.exists() and p.occupations and p.hours_min for p in profiles)
    licences = set(profiles.values_list("licences__name", flat=True))
    assert {"Hygieniapassi", "Työturvallisuuskortti", "Trukkikortti", "Ajokortti B"} <= licences
    assert len(set(profiles.values_list("disclosure", flat=True))) == 3
    sensitive = profiles.exclude(health_restrictions="", accommodation_needs="")
    assert 3 <= sensitive.count() <= 10
    assert WorkHistoryEntry.objects.filter(organization=demo).count() >= 30


def test_consents_include_expired_and_one_revoked(demo):
    today = timezone.localdate()
    consents = Consent.objects.filter(organization=demo)

    assert consents.filter(revoked_on__isnull=False).count() == 1
    assert consents.filter(expires_on__lt=today).exists()
    assert sum(c.is_valid_on(today) for c in consents) > consents.count() / 2


def test_identity_codes_are_rare_and_only_temporary_ones(demo):
    codes = list(
        JobSeeker.objects.filter(organization=demo)
        .exclude(henkilotunnus="")
        .values_list("henkilotunnus", "birth_date")
    )

    assert 1 <= len(codes) <= 3
    for code, birth_date in codes:
        assert hetu.is_valid(code, allow_temporary=True)
        assert 900 <= int(code[7:10]) <= 999
        assert code[:6] == f"{birth_date:%d%m%y}"
    assert hetu.is_valid(temporary_henkilotunnus(date(2004, 2, 29), 945), allow_temporary=True)


def test_follow_ups_about_people_leave_the_coachs_day_to_the_employer_demo(demo):
    today = timezone.localdate()
    about_people = FollowUp.objects.filter(organization=demo, job_seeker__isnull=False)

    assert about_people.count() >= 8
    assert {f.user_id for f in about_people} == {f.job_seeker.coach_id for f in about_people}
    assert not about_people.filter(user__username="coach", due_on__lte=today).exists()
    assert about_people.filter(due_on__lt=today).exists()
    assert CoachTransfer.objects.filter(organization=demo).count() == 2


def test_a_second_run_changes_nothing(demo):
    counts = {m._meta.label: m.objects.count() for m in MODELS}

    output = seed_demo()

    assert {m._meta.label: m.objects.count() for m in MODELS} == counts
    assert "nothing changed" in output
    assert "coach3" in output
