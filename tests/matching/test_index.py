"""The ranking index against the database: fresh after every save, scoped, constant queries."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from crm.candidates.rights.erase import erase_job_seeker
from crm.candidates.services.profile import save_profile
from crm.candidates.services.records import change_status, update_job_seeker
from crm.employers.services.openings import create_opening, update_opening
from crm.matching import cards, features, index
from crm.matching.models import CandidateFeatures, OpeningFeatures
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db
WAREHOUSE_WORKER = "varastotyöntekijä"


@pytest.fixture(autouse=True)
def _fresh_index():
    index.reset()
    with translation.override("en"):
        yield
    index.reset()


@pytest.fixture
def warehouse(org):
    employer = EmployerFactory(organization=org, industry="H")
    return create_opening(
        employer=employer,
        by=None,
        title="Varastotyöntekijä, Lappeenranta",
        occupation="Varastotyöntekijä",
        required_skills=["keräily"],
        licences=["trukkikortti"],
        hours_per_week=37,
        municipality="Lappeenranta",
    )


def seeker(coach, *, profile=None, **fields):
    person = create_job_seeker(coach=coach, **fields)
    if profile:
        save_profile(job_seeker=person, by=coach, version=person.profile.version, **profile)
    return person


def ranked_ids(opening, user, **kwargs):
    return [m.job_seeker_id for m in index.rank_candidates(opening, user=user, **kwargs)[1]]


def test_the_person_who_wants_the_work_comes_first_with_reasons(alice, warehouse):
    skilled = seeker(alice, profile={"skills": ["keräily"], "occupations": ["siivooja"]})
    keen = seeker(alice, profile={"occupations": ["varastotyöntekijä"]})

    count, matches = index.rank_candidates(warehouse, user=alice)

    assert count == 2
    assert [m.job_seeker_id for m in matches] == [keen.pk, skilled.pk]
    reasons = {c.name: c.reason for c in matches[0].components}
    assert reasons["preferences"].endswith("✓")
    assert "obtainable" in reasons["licences"]


def test_a_saved_profile_change_shows_in_the_next_ranking_without_a_worker(alice, warehouse):
    first = seeker(alice, profile={"occupations": ["varastotyöntekijä"]})
    second = seeker(alice, profile={"occupations": ["kokki"]})
    assert ranked_ids(warehouse, alice) == [first.pk, second.pk]

    second.refresh_from_db()
    save_profile(
        job_seeker=second,
        by=alice,
        version=second.profile.version,
        occupations=["varastotyöntekijä"],
        skills=["keräily"],
    )

    assert ranked_ids(warehouse, alice) == [second.pk, first.pk]


def test_a_changed_opening_is_ranked_as_saved(alice, warehouse):
    driver = seeker(alice, profile={"occupations": ["lähettikuski"]})
    picker = seeker(alice, profile={"occupations": ["varastotyöntekijä"]})
    assert ranked_ids(warehouse, alice) == [picker.pk, driver.pk]

    update_opening(
        opening=warehouse, by=alice, version=warehouse.version, occupation="Lähettikuski"
    )

    assert ranked_ids(warehouse, alice) == [driver.pk, picker.pk]


def test_new_people_appear_at_once(alice, warehouse):
    assert ranked_ids(warehouse, alice) == []
    person = seeker(alice)
    assert ranked_ids(warehouse, alice) == [person.pk]


def test_paused_exited_and_erased_people_are_never_ranked(alice, warehouse):
    stays = seeker(alice)
    paused = seeker(alice)
    exited = seeker(alice)
    erased = seeker(alice, profile={"occupations": ["varastotyöntekijä"]})
    assert set(ranked_ids(warehouse, alice)) == {stays.pk, paused.pk, exited.pk, erased.pk}

    change_status(job_seeker=paused, by=alice, version=paused.version, status="paused")
    change_status(
        job_seeker=exited, by=alice, version=exited.version, status="exited", exit_reason="moved"
    )
    erase_job_seeker(job_seeker=erased, by=alice)

    count, matches = index.rank_candidates(warehouse, user=alice)
    assert count == 1
    assert [m.job_seeker_id for m in matches] == [stays.pk]
    features_row = CandidateFeatures.objects.get(job_seeker=erased)
    assert not features_row.active and features_row.occupations == []


def test_paused_person_gets_no_openings(alice, warehouse):
    person = seeker(alice, status="paused")
    assert index.rank_openings(person, user=alice) == (0, [])


def test_other_organisations_people_are_never_ranked(alice, charlie, warehouse):
    seeker(charlie, profile={"occupations": ["varastotyöntekijä"]})
    mine = seeker(alice)

    assert ranked_ids(warehouse, alice) == [mine.pk]
    assert index.rank_candidates(warehouse, user=charlie) == (0, [])


def test_only_my_caseload_filter(alice, bob, warehouse):
    mine = seeker(alice)
    seeker(bob)

    count, matches = index.rank_candidates(warehouse, user=alice, only_coach=alice)

    assert count == 1
    assert [m.job_seeker_id for m in matches] == [mine.pk]
    other = index.rank_candidates(warehouse, user=alice)[1]
    assert {m.coach_id for m in other} == {alice.pk, bob.pk}


def test_openings_for_a_person_best_first_closed_ones_left_out(alice, org, warehouse):
    employer = EmployerFactory(organization=org, industry="I")
    kitchen = create_opening(
        employer=employer, by=None, title="Keittiöapulainen", occupation="Keittiöapulainen"
    )
    closed = create_opening(
        employer=employer, by=None, title="Kokki", occupation="Keittiöapulainen", status="closed"
    )
    person = seeker(alice, profile={"occupations": ["keittiöapulainen"]})

    count, matches = index.rank_openings(person, user=alice)

    assert count == 2
    assert [m.opening_id for m in matches] == [kitchen.pk, warehouse.pk]
    assert closed.pk not in [m.opening_id for m in matches]


def test_pagination(alice, warehouse):
    people = [seeker(alice) for _ in range(5)]
    count, page = index.rank_candidates(warehouse, user=alice, limit=2, offset=2)
    assert count == 5
    assert [m.job_seeker_id for m in page] == [p.pk for p in people][2:4]


def test_ranking_costs_a_constant_number_of_queries(alice, warehouse):
    def queries() -> int:
        index.rank_candidates(warehouse, user=alice)  # warm (first load)
        with CaptureQueriesContext(connection) as ctx:
            index.rank_candidates(warehouse, user=alice)
        return len(ctx.captured_queries)

    seeker(alice, profile={"occupations": ["varastotyöntekijä"], "skills": ["keräily"]})
    few = queries()
    for _ in range(12):
        seeker(
            alice, profile={"occupations": ["kokki"], "skills": ["siivous"]}, municipality="Imatra"
        )
    many = queries()

    assert few == many <= 3


def test_feature_refresh_costs_a_constant_number_of_queries(alice, warehouse):
    people = [
        seeker(alice, profile={"occupations": ["kokki"], "avoid": ["siivous"], "skills": ["x"]})
        for _ in range(8)
    ]

    def queries(ids) -> int:
        with CaptureQueriesContext(connection) as ctx:
            features.refresh_candidates(ids)
        return len(ctx.captured_queries)

    queries([p.pk for p in people])  # occupation terms exist from here on
    assert queries([people[0].pk]) == queries([p.pk for p in people])


def test_no_sensitive_data_enters_the_features(alice, warehouse):
    person = seeker(alice)
    save_profile(
        job_seeker=person,
        by=alice,
        version=person.profile.version,
        health_restrictions="Ei nostoja",
        accommodation_needs="Lyhyet päivät",
    )
    features.refresh_candidates([person.pk])
    row = CandidateFeatures.objects.filter(job_seeker=person).values()[0]

    assert "Ei nostoja" not in str(row) and "Lyhyet" not in str(row)


def test_record_change_of_home_updates_place(alice, warehouse):
    far = seeker(alice, municipality="Helsinki")
    near = seeker(alice, municipality="Imatra")
    assert ranked_ids(warehouse, alice) == [near.pk, far.pk]

    update_job_seeker(job_seeker=far, by=alice, version=far.version, municipality="Lappeenranta")

    assert ranked_ids(warehouse, alice) == [far.pk, near.pk]


def test_tasks_refresh_features(alice, warehouse):
    from crm.matching.tasks import refresh_candidate_features, refresh_opening_features

    person = seeker(alice)
    CandidateFeatures.objects.all().delete()
    OpeningFeatures.objects.all().delete()

    assert refresh_candidate_features(person.pk) == 1
    assert refresh_opening_features(warehouse.pk) == 1
    assert refresh_candidate_features(person.pk) == 1  # idempotent
    assert CandidateFeatures.objects.filter(job_seeker=person, active=True).count() == 1


# One organisation's index does not wait for another's ----------------------------------------


def test_loading_one_organisations_index_does_not_block_another(monkeypatch):
    started, release = threading.Event(), threading.Event()

    class SlowIndex:
        def __init__(self, organization_id):
            self.lock = threading.RLock()
            if organization_id == 1:
                started.set()
                release.wait(5)

        def refresh(self):
            pass

    monkeypatch.setattr(index, "OrganizationIndex", SlowIndex)
    index.reset()
    slow = threading.Thread(target=index.get_index, args=(1,))
    slow.start()
    try:
        assert started.wait(5)
        done = threading.Event()
        other = threading.Thread(target=lambda: (index.get_index(2), done.set()))
        other.start()
        assert done.wait(2), "organisation 2 waited for organisation 1's load"
    finally:
        release.set()
        slow.join(5)
        index.reset()
    assert index.get_index(1) is index.get_index(1)
    index.reset()


# What the person wants to avoid --------------------------------------------------------------


def test_the_avoid_penalty_still_sinks_a_known_job_type(alice, bob, org):
    employer = EmployerFactory(organization=org, name="Saimaan Varasto Oy")
    job = create_opening(
        employer=employer, by=None, title="Varastotyöntekijä", occupation="Varastotyöntekijä"
    )
    keen, avoids = create_job_seeker(coach=alice), create_job_seeker(coach=alice)
    for person, field in ((keen, "occupations"), (avoids, "avoid")):
        save_profile(
            job_seeker=person,
            by=alice,
            version=person.profile.version,
            **{field: [WAREHOUSE_WORKER]},
        )
    index.reset()
    _count, ranked = cards.ranked_candidates(job, user=alice, limit=10)
    order = [card.job_seeker_id for card in ranked]
    assert order.index(keen.pk) < order.index(avoids.pk)
