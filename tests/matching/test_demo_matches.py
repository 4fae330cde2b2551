"""The demo data gives sensible matches for every open demo opening, ready before the first
page load."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from crm.accounts.models import Organization, User
from crm.candidates.models import ACTIVE_STATUSES, CareerProfile, JobSeeker
from crm.employers.models import Opening, OpeningStatus
from crm.matching import features, index
from crm.matching.models import CandidateFeatures, OpeningFeatures

TOP = 5


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seed once for the module (it takes seconds), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db) -> Organization:
    index.reset()
    with translation.override("en"):
        yield Organization.objects.get(name="Demo")
    index.reset()


@pytest.fixture
def coach(demo) -> User:
    return User.objects.get(username="coach")


def open_openings(demo) -> list[Opening]:
    return list(Opening.objects.filter(organization=demo, status=OpeningStatus.OPEN))


def wanted(seeker_ids) -> dict[int, set[str]]:
    """Each person's wanted occupations, as they were typed (lower case)."""
    rows = CareerProfile.objects.filter(job_seeker_id__in=seeker_ids)
    return {
        r.job_seeker_id: {str(o).casefold() for o in r.occupations}
        for r in rows.only("job_seeker_id", "occupations")
    }


def top(opening, coach, limit=TOP):
    return index.rank_candidates(opening, user=coach, limit=limit)[1]


def test_features_are_ready_so_the_first_ranking_computes_nothing(demo, coach, monkeypatch):
    assert CandidateFeatures.objects.filter(organization=demo).count() == (
        JobSeeker.objects.filter(organization=demo).count()
    )
    assert OpeningFeatures.objects.filter(organization=demo).count() == (
        Opening.objects.filter(organization=demo).count()
    )

    def refused(ids):
        ids = list(ids)
        assert not ids, f"recomputed at the first page load: {ids}"
        return []

    monkeypatch.setattr(features, "refresh_candidates", refused)
    monkeypatch.setattr(features, "refresh_openings", refused)
    assert top(open_openings(demo)[0], coach)


def test_every_open_opening_has_ranked_people_with_a_positive_score(demo, coach):
    openings = open_openings(demo)
    assert len(openings) >= 8

    for opening in openings:
        count, matches = index.rank_candidates(opening, user=coach, limit=TOP)
        assert count > 0, opening.title
        assert matches[0].score > 0, opening.title
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_only_people_in_service_are_ranked(demo, coach):
    ranked_ids = {m.job_seeker_id for m in top(open_openings(demo)[0], coach, limit=500)}
    statuses = set(JobSeeker.objects.filter(pk__in=ranked_ids).values_list("status", flat=True))

    assert ranked_ids
    assert statuses <= set(ACTIVE_STATUSES)


@pytest.mark.parametrize(
    ("title", "occupations"),
    [
        ("Myymäläapulainen, aamuvuoro", {"myyjä", "kassatyöntekijä", "hyllyttäjä"}),
        ("Varastotyöntekijä, keräily", {"varastotyöntekijä", "keräilijä"}),
        ("Keittiöapulainen", {"keittiöapulainen", "ravintolatyöntekijä", "tiskaaja"}),
        ("Hoiva-avustaja", {"hoiva-avustaja", "laitosapulainen"}),
    ],
)
def test_the_top_matches_include_people_who_want_that_kind_of_work(demo, coach, title, occupations):
    opening = Opening.objects.get(organization=demo, title=title)
    matches = top(opening, coach)
    wishes = wanted([m.job_seeker_id for m in matches])

    keen = [m for m in matches if wishes.get(m.job_seeker_id, set()) & occupations]
    assert keen, f"{title}: nobody in the top {TOP} wants {occupations}"
    assert matches[0].job_seeker_id == keen[0].job_seeker_id
    reasons = {c.name: c.reason for c in matches[0].components}
    assert (
        reasons["preferences"].startswith("Wants this kind of work")
        and "✓" in reasons["preferences"]
    )


def test_the_best_match_of_every_open_opening_wants_that_work_or_that_industry(demo, coach):
    for opening in open_openings(demo):
        best = top(opening, coach, limit=1)[0]
        reasons = {c.name: c.reason for c in best.components}
        assert "✓" in reasons["preferences"], (opening.title, reasons["preferences"])
