"""The employer demo data of `seed_demo`: realistic, complete across the pipeline, idempotent."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from stdnum.fi import ytunnus

from crm.accounts.models import Organization, User
from crm.employers.demo.business_ids import business_id_check_digit, fictional_business_ids
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
    FollowUp,
    Opening,
    Stage,
    StageChange,
    TailoringNote,
)
from crm.employers.selectors.employers import weekly_activity
from crm.employers.selectors.follow_ups import my_follow_ups

MODELS = [Employer, ContactPerson, EmployerContact, FollowUp, Opening, StageChange, TailoringNote]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seed once for the module (it takes seconds) inside a transaction rolled back at the end;
    each test runs in its own savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db) -> Organization:
    return Organization.objects.get(name="Demo")


def test_about_forty_employers_in_every_pipeline_stage(demo):
    employers = Employer.objects.filter(organization=demo)

    assert 35 <= employers.count() <= 45
    assert set(employers.values_list("stage", flat=True)) == set(Stage.values)
    assert set(employers.values_list("municipality", flat=True)) >= {
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
    assert set(employers.values_list("industry", flat=True)) >= set("CFGHINOQ")
    for employer in employers.exclude(stage=Stage.PROSPECT):
        # every employer's stage history ends in its current stage
        assert employer.stage_changes.order_by("-changed_at", "-id").first().to_stage == (
            employer.stage
        )


def test_every_employer_has_contact_persons_with_one_decision_maker(demo):
    for employer in Employer.objects.filter(organization=demo):
        persons = list(employer.contact_persons.all())
        assert 1 <= len(persons) <= 3
        assert sum(p.is_decision_maker for p in persons) == 1
        assert all(p.phone.startswith("+358") for p in persons)


def test_all_business_ids_are_valid_and_fictional(demo):
    ids = [
        b
        for b in Employer.objects.filter(organization=demo).values_list("business_id", flat=True)
        if b
    ]

    assert len(ids) >= 35
    assert len(set(ids)) == len(ids)
    for business_id in ids:
        assert ytunnus.is_valid(business_id), business_id
        assert business_id.startswith("9")  # the unissued range: no real company's ID


def test_the_check_digit_agrees_with_python_stdnum():
    rng = random.Random(1)
    for _ in range(2000):
        digits = f"{rng.randint(0, 9_999_999):07d}"
        check = business_id_check_digit(digits)
        if check is None:
            assert not any(ytunnus.is_valid(f"{digits}-{c}") for c in range(10))
        else:
            assert ytunnus.is_valid(f"{digits}-{check}")
    assert business_id_check_digit("0112038") == 9  # Nokia's published Y-tunnus 0112038-9
    assert fictional_business_ids(random.Random(5), 3) == fictional_business_ids(
        random.Random(5), 3
    )


def test_contact_log_is_in_the_past_and_follow_ups_never_before_their_contact(demo):
    # The employer demo's own log (the job seeker demo adds older contacts naming people).
    contacts = EmployerContact.objects.filter(organization=demo, candidates=None)
    now = timezone.now()

    assert 120 <= contacts.count() <= 190
    assert not contacts.filter(occurred_at__gt=now).exists()
    assert not contacts.filter(occurred_at__lt=now - timedelta(days=71)).exists()
    assert set(contacts.values_list("user__username", flat=True)) == {
        "coach",
        "coach2",
        "relations",
    }
    face_to_face = contacts.filter(channel=Channel.FACE_TO_FACE).count()
    phone = contacts.filter(channel=Channel.PHONE).count()
    assert face_to_face + phone > 0.75 * contacts.count()
    for contact in contacts.exclude(follow_up_on=None):
        assert contact.follow_up_on >= timezone.localtime(contact.occurred_at).date()


def test_my_day_has_follow_ups_due_today_and_overdue_and_the_week_counter_shows(demo):
    today = timezone.localdate()
    for username in ["coach", "relations"]:
        user = User.objects.get(username=username)
        open_ = FollowUp.objects.filter(user=user, done=False)
        assert open_.filter(due_on=today).count() >= 2
        assert open_.filter(due_on__lt=today).count() == 2
        assert open_.filter(due_on__gt=today).count() >= 3

    coach = User.objects.get(username="coach")
    assert weekly_activity(user=coach).face_to_face == 4
    assert my_follow_ups(user=coach).count() == 5


def test_openings_and_job_tailoring(demo):
    openings = Opening.objects.filter(organization=demo)

    assert 12 <= openings.count() <= 18
    assert openings.filter(status="open").count() > openings.count() / 2
    assert openings.filter(wage_subsidy=True).exists()
    assert all(1 <= o.hours_per_week <= 60 for o in openings)
    licences = set(openings.values_list("licences__name", flat=True))
    assert {"Hygieniapassi", "Työturvallisuuskortti", "Trukkikortti", "Ajokortti B"} <= licences
    assert openings.filter(required_skills__name="Siivous").exists()
    notes = TailoringNote.objects.filter(organization=demo)
    assert 5 <= notes.count() <= 8
    assert all(n.agreed_with.is_decision_maker for n in notes)


def test_a_second_run_changes_nothing(demo):
    counts = {m._meta.label: m.objects.count() for m in MODELS}

    output = seed_demo()

    assert {m._meta.label: m.objects.count() for m in MODELS} == counts
    assert "nothing changed" in output
