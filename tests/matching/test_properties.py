"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crm.matching import codes
from crm.matching.scoring import CandidateRow, OpeningRow
from crm.matching.tables import CandidateTable, top_k
from crm.matching.weights import DEFAULT_WEIGHTS, Weights
from tests.matching.test_labelled_cases import TERMS, VOCABULARY

TERM_IDS = st.frozensets(st.integers(0, len(VOCABULARY) - 1), max_size=6)
HOURS = st.one_of(st.none(), st.integers(1, 60))
PLACES = st.sampled_from(["Lappeenranta", "Imatra", "Helsinki", "Vaasa", "Lemi", ""])
BITS = {"languages": len(codes.LANGUAGES), "schedules": len(codes.SCHEDULES)}


def place(name):
    return codes.municipality(name)


PKS = st.integers(1, 10_000)


@st.composite
def people(draw, pk=PKS):
    home = place(draw(PLACES))
    low, high = draw(HOURS), draw(HOURS)
    if low and high and low > high:
        low, high = high, low
    return CandidateRow(
        id=draw(pk),
        occupations=draw(TERM_IDS),
        avoid=draw(TERM_IDS),
        skills=draw(TERM_IDS),
        licences=draw(TERM_IDS),
        industries=draw(st.integers(0, 2**21 - 1)),
        schedules=draw(st.integers(0, 2 ** BITS["schedules"] - 1)),
        languages=draw(st.integers(0, 2 ** BITS["languages"] - 1)),
        hours_min=low,
        hours_max=high,
        municipality=home[0],
        region=home[1],
        municipalities=frozenset(place(n)[0] for n in draw(st.lists(PLACES, max_size=3))) - {0},
        remote=draw(st.booleans()),
    )


@st.composite
def openings(draw):
    where = place(draw(PLACES))
    return OpeningRow(
        id=1,
        occupations=draw(TERM_IDS),
        required=draw(TERM_IDS),
        nice=draw(TERM_IDS),
        licences=draw(TERM_IDS),
        industry=1 << draw(st.integers(0, 20)),
        schedules=draw(st.integers(0, 2 ** BITS["schedules"] - 1)),
        languages=draw(st.integers(0, 2 ** BITS["languages"] - 1)),
        hours=draw(HOURS),
        municipality=where[0],
        region=where[1],
        remote=draw(st.booleans()),
    )


WEIGHTS = st.builds(
    Weights,
    preferences=st.floats(0, 100),
    skills=st.floats(0, 100),
    licences=st.floats(0, 100),
    languages=st.floats(0, 100),
    hours=st.floats(0, 100),
    schedule=st.floats(0, 100),
    place=st.floats(1, 100),
    avoid_penalty=st.floats(0, 100),
    obtainable_credit=st.floats(0, 1),
)


def scores(rows, job, weights=DEFAULT_WEIGHTS):
    return CandidateTable(rows, len(VOCABULARY)).score(job, TERMS, weights)


@settings(max_examples=200, deadline=None)
@given(st.lists(people(), min_size=1, max_size=20), openings(), WEIGHTS)
def test_scores_stay_between_0_and_100(rows, job, weights):
    values = scores(rows, job, weights)
    assert ((values >= 0) & (values <= 100)).all()


@settings(max_examples=300, deadline=None)
@given(people(), openings(), st.integers(0, len(VOCABULARY) - 1))
def test_adding_a_skill_never_lowers_a_score(who, job, skill):
    more = CandidateRow(**{**who.__dict__, "skills": who.skills | {skill}})
    before, after = scores([who, more], job)
    assert after >= before


@settings(max_examples=100, deadline=None)
@given(st.lists(people(), min_size=1, max_size=30, unique_by=lambda p: p.id), openings())
def test_order_is_deterministic_and_ties_go_by_id(rows, job):
    first = CandidateTable(rows, len(VOCABULARY))
    again = CandidateTable(list(reversed(rows)), len(VOCABULARY))
    order = [
        [int(t.ids[p]) for p in top_k(t.score(job, TERMS, DEFAULT_WEIGHTS), t.ids, t.active, 10)]
        for t in (first, again)
    ]
    assert order[0] == order[1]
    ranked = {int(i): float(s) for i, s in zip(first.ids, scores(rows, job), strict=True)}
    keys = [(-ranked[i], i) for i in order[0]]
    assert keys == sorted(keys)
