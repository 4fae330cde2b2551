"""Scores for one opening against many people (and one person against many openings), and the
plain-language explanation of a single pair.

One set of formulas serves both: `component_scores` works on arrays of "pair inputs" (counts
of matched terms, bit masks, hours), which the vectorised paths (`tables.py`) compute for every
row at once with sparse matrix-vector products, and which `explain` computes for one pair from
Python sets. So the score printed beside the reasons is by construction the score the list was
ordered by (a test checks it).

Why these choices (improving the issue's starting point):

- Components that do not apply are left out of the weighted mean instead of counting as full or
  zero marks: an opening without language requirements says nothing about languages, and a
  person should not gain or lose points for the employer's silence.
- Unknown data about the person (no hours, schedules or languages recorded) scores a neutral
  middle value, never zero: missing paperwork must not push anyone down (zero exclusion), but a
  known good fit still ranks above an unknown.
- The avoid list is a penalty on the total, not an exclusion: the opening sinks to the bottom
  and the reason says why, and the coach can still talk it through with the person.
- Nothing about health, accommodations, diagnoses, notes, Kykyviisari or "readiness" is an
  input; the features simply do not contain them.
- Ties are broken by id so that the order is deterministic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from crm.matching import reasons
from crm.matching.weights import COMPONENTS, DEFAULT_WEIGHTS, Weights

NEUTRAL_PREFERENCE = 40.0  # nothing recorded yet
OTHER_PREFERENCE = 15.0  # wants something else
INDUSTRY_PREFERENCE = 70.0  # the industry is right, the occupation is not named
UNKNOWN_HOURS = 75.0
UNKNOWN_SCHEDULE = 75.0
UNKNOWN_LANGUAGES = 50.0
UNKNOWN_PLACE = 40.0
PLACE_SAME_MUNICIPALITY = 100.0
PLACE_ACCEPTABLE = 85.0
PLACE_SAME_REGION = 60.0
PLACE_REMOTE = 50.0
MUNICIPALITY_CODES = 1000  # Statistics Finland municipality codes are three digits


@dataclass(frozen=True)
class CandidateRow:
    """What ranking knows about one job seeker: ids and codes, no text, nothing sensitive."""

    id: int
    coach_id: int = 0
    team_id: int = 0  # the coach team, for "my caseload"
    active: bool = True
    occupations: frozenset[int] = frozenset()
    avoid: frozenset[int] = frozenset()
    skills: frozenset[int] = frozenset()
    licences: frozenset[int] = frozenset()
    industries: int = 0
    schedules: int = 0
    languages: int = 0
    hours_min: int | None = None
    hours_max: int | None = None
    municipality: int = 0
    region: int = 0
    municipalities: frozenset[int] = frozenset()
    remote: bool = False


@dataclass(frozen=True)
class OpeningRow:
    id: int
    employer_id: int = 0
    active: bool = True
    occupations: frozenset[int] = frozenset()
    required: frozenset[int] = frozenset()
    nice: frozenset[int] = frozenset()
    licences: frozenset[int] = frozenset()
    industry: int = 0
    schedules: int = 0
    languages: int = 0
    hours: int | None = None
    municipality: int = 0
    region: int = 0
    remote: bool = False


@dataclass(frozen=True)
class Component:
    name: str
    score: int
    reason: str


@dataclass(frozen=True)
class Match:
    job_seeker_id: int
    opening_id: int
    score: int
    components: list[Component] = field(default_factory=list)
    coach_id: int = 0


class TermBook:
    """Names and the obtainable flag of vocabulary terms, by id (for reasons and licences)."""

    def __init__(self, names: Mapping[int, str], obtainable: Iterable[int] = ()) -> None:
        self.names = dict(names)
        self.obtainable_ids = set(obtainable)

    def name(self, term_id: int) -> str:
        return self.names.get(term_id, "?")

    def obtainable(self, term_id: int) -> bool:
        return term_id in self.obtainable_ids

    def partial_vector(self, n_terms: int, weights: Weights) -> np.ndarray:
        """Per term id: the licence credit kept when a person lacks it."""
        vec = np.zeros(n_terms, dtype=np.float32)
        ids = [i for i in self.obtainable_ids if i < n_terms]
        vec[ids] = weights.obtainable_credit
        return vec


# Pair inputs and the formulas -----------------------------------------------------------------


@dataclass
class PairInputs:
    """Per pair (arrays of equal length, or broadcastable scalars)."""

    occ_hit: np.ndarray
    ind_hit: np.ndarray
    has_prefs: np.ndarray
    avoid_hit: np.ndarray
    req_total: np.ndarray
    req_hit: np.ndarray
    nice_total: np.ndarray
    nice_hit: np.ndarray
    lic_total: np.ndarray
    lic_credit: np.ndarray
    lang_need: np.ndarray
    lang_hit: np.ndarray
    lang_known: np.ndarray
    hours: np.ndarray
    hours_min: np.ndarray
    hours_max: np.ndarray
    sched_need: np.ndarray
    sched_hit: np.ndarray
    sched_known: np.ndarray
    same_municipality: np.ndarray
    acceptable: np.ndarray
    same_region: np.ndarray
    remote_ok: np.ndarray
    place_applies: np.ndarray
    place_known: np.ndarray


def component_scores(p: PairInputs, w: Weights) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name -> (score 0-100, applies) arrays. Components that apply to no row (an opening
    without skills, say) are not computed at all: that is most of the vectorised work."""
    f = np.float32
    applies = {
        "preferences": np.True_,
        "skills": (2 * p.req_total + p.nice_total) > 0,
        "licences": p.lic_total > 0,
        "languages": p.lang_need > 0,
        "hours": ~np.isnan(p.hours),
        "schedule": p.sched_need > 0,
        "place": p.place_applies,
    }
    formulas = {
        "preferences": _preference_score,
        "skills": lambda p: f(100)
        * (2 * p.req_hit + p.nice_hit)
        / np.maximum(2 * p.req_total + p.nice_total, 1),
        "licences": lambda p: f(100) * p.lic_credit / np.maximum(p.lic_total, 1),
        "languages": lambda p: np.where(
            p.lang_known, f(100) * p.lang_hit / np.maximum(p.lang_need, 1), f(UNKNOWN_LANGUAGES)
        ),
        "hours": lambda p: _hours_score(p, w),
        "schedule": lambda p: np.where(
            p.sched_known, f(100) * p.sched_hit / np.maximum(p.sched_need, 1), f(UNKNOWN_SCHEDULE)
        ),
        "place": _place_score,
    }
    parts = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for name in COMPONENTS:
            on = applies[name]
            off = np.ndim(on) == 0 and not on
            parts[name] = (f(0) if off else formulas[name](p), on)
    return parts


def _preference_score(p: PairInputs) -> np.ndarray:
    f = np.float32
    other = np.where(p.has_prefs, f(OTHER_PREFERENCE), f(NEUTRAL_PREFERENCE))
    pref = np.where(p.ind_hit, f(INDUSTRY_PREFERENCE), other)
    pref = np.where(p.occ_hit, f(100), pref)
    return np.where(p.avoid_hit, f(0), pref)


def _place_score(p: PairInputs) -> np.ndarray:
    f = np.float32
    return functools.reduce(
        np.maximum,
        [
            np.where(p.same_municipality, f(PLACE_SAME_MUNICIPALITY), f(0)),
            np.where(p.acceptable, f(PLACE_ACCEPTABLE), f(0)),
            np.where(p.same_region, f(PLACE_SAME_REGION), f(0)),
            np.where(p.remote_ok, f(PLACE_REMOTE), f(0)),
            np.where(p.place_known, f(0), f(UNKNOWN_PLACE)),
        ],
    )


def _hours_score(p: PairInputs, w: Weights) -> np.ndarray:
    over = np.fmax(p.hours - p.hours_max, 0)  # fmax: an unknown bound (nan) counts as 0
    under = np.fmax(p.hours_min - p.hours, 0)
    score = np.clip(100 - np.float32(w.hours_step) * (over + under), 0, 100)
    unknown = np.isnan(p.hours_min) & np.isnan(p.hours_max)
    return np.where(unknown, np.float32(UNKNOWN_HOURS), score)


def total_score(parts: dict[str, tuple[np.ndarray, np.ndarray]], avoid_hit, w: Weights):
    f = np.float32
    num, den = f(0), f(0)
    for name in COMPONENTS:
        score, applies = parts[name]
        weight = f(getattr(w, name))
        if np.ndim(applies) == 0:
            if applies:
                num, den = num + weight * score, den + weight
        else:
            num, den = num + weight * score * applies, den + weight * applies
    total = num / np.maximum(den, f(1e-9)) - f(w.avoid_penalty) * avoid_hit
    return np.clip(np.round(total, 1), 0, 100)


# One pair ----------------------------------------------------------------------------------------


def pair_inputs(c: CandidateRow, o: OpeningRow, terms: TermBook, w: Weights) -> PairInputs:
    def a(value, dtype=np.float32):
        return np.array([value], dtype=dtype)

    targets = o.occupations | o.required | o.nice
    credit = sum(1.0 if t in c.licences else _partial(terms, t, w) for t in o.licences)
    nan = float("nan")
    return PairInputs(
        occ_hit=a(bool(c.occupations & o.occupations), bool),
        ind_hit=a(bool(c.industries & o.industry), bool),
        has_prefs=a(bool(c.occupations) or bool(c.industries), bool),
        avoid_hit=a(bool(c.avoid & targets), bool),
        req_total=a(len(o.required)),
        req_hit=a(len(o.required & c.skills)),
        nice_total=a(len(o.nice)),
        nice_hit=a(len(o.nice & c.skills)),
        lic_total=a(len(o.licences)),
        lic_credit=a(credit),
        lang_need=a(o.languages.bit_count()),
        lang_hit=a((o.languages & c.languages).bit_count()),
        lang_known=a(c.languages != 0, bool),
        hours=a(nan if o.hours is None else o.hours),
        hours_min=a(nan if c.hours_min is None else c.hours_min),
        hours_max=a(nan if c.hours_max is None else c.hours_max),
        sched_need=a(o.schedules.bit_count()),
        sched_hit=a((o.schedules & c.schedules).bit_count()),
        sched_known=a(c.schedules != 0, bool),
        same_municipality=a(o.municipality > 0 and o.municipality == c.municipality, bool),
        acceptable=a(o.municipality > 0 and o.municipality in c.municipalities, bool),
        same_region=a(o.region > 0 and o.region == c.region, bool),
        remote_ok=a(o.remote and c.remote, bool),
        place_applies=a(o.municipality > 0 or o.remote, bool),
        place_known=a(c.municipality > 0 or bool(c.municipalities), bool),
    )


def _partial(terms: TermBook, term_id: int, w: Weights) -> float:
    return w.obtainable_credit if terms.obtainable(term_id) else 0.0


def score_pair(
    c: CandidateRow, o: OpeningRow, terms: TermBook, w: Weights = DEFAULT_WEIGHTS
) -> float:
    p = pair_inputs(c, o, terms, w)
    return float(total_score(component_scores(p, w), p.avoid_hit, w)[0])


def explain(
    c: CandidateRow,
    o: OpeningRow,
    terms: TermBook,
    w: Weights = DEFAULT_WEIGHTS,
    places: Callable[[int], str] | None = None,
    *,
    total: float | None = None,
    parts: dict[str, tuple[float, bool]] | None = None,
) -> Match:
    """The score and, per applicable component, its own score and a translated reason.

    The index passes the `total` and `parts` it ranked on (see `parts_at`); alone, the pair
    is scored here with the same formulas."""
    if parts is None or total is None:
        p = pair_inputs(c, o, terms, w)
        vector_parts = component_scores(p, w)
        total = float(total_score(vector_parts, p.avoid_hit, w)[0])
        parts = parts_at(vector_parts, 0)
    components = [
        Component(
            name=name,
            score=round(parts[name][0]),
            reason=reasons.reason(name, c, o, terms, places or reasons.place_name),
        )
        for name in COMPONENTS
        if parts[name][1]
    ]
    return Match(
        job_seeker_id=c.id,
        opening_id=o.id,
        score=round(total),
        components=components,
        coach_id=c.coach_id,
    )


def parts_at(parts: dict, pos: int) -> dict[str, tuple[float, bool]]:
    """One row's (score, applies) per component, from vectorised parts."""
    return {
        name: (
            float(np.take(score, pos) if np.ndim(score) else score),
            bool(np.take(on, pos) if np.ndim(on) else on),
        )
        for name, (score, on) in parts.items()
    }
