"""Scores for one opening against many people (and one person against many openings), and the
plain-language explanation of a single pair.

One set of formulas serves both: `component_scores` works on arrays of "pair inputs" (counts
of matched terms, bit masks, hours), which the vectorised paths compute for every row at once
with sparse matrix-vector products, and which `explain` computes for one pair from Python
sets. So the score printed beside the reasons is by construction the score the list was
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
from scipy import sparse

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


def _popcount(values) -> np.ndarray:
    return np.bitwise_count(np.asarray(values, dtype=np.uint64)).astype(np.float32)


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


# Many rows -----------------------------------------------------------------------------------


def _csr(sets: list[Iterable[int]], n_cols: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(sets) + 1, dtype=np.int64)
    flat: list[int] = []
    for i, values in enumerate(sets):
        flat.extend(sorted(values))
        indptr[i + 1] = len(flat)
    indices = np.asarray(flat, dtype=np.int32)
    data = np.ones(len(flat), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(sets), n_cols))


def _row_set(mat: sparse.csr_matrix, pos: int) -> frozenset[int]:
    return frozenset(int(i) for i in mat.indices[mat.indptr[pos] : mat.indptr[pos + 1]])


def _vector(ids: Iterable[int], n: int, values: np.ndarray | float = 1.0) -> np.ndarray:
    vec = np.zeros(n, dtype=np.float32)
    ids = [i for i in ids if i < n]
    if ids:
        vec[ids] = values if np.isscalar(values) else np.asarray(values)[ids]
    return vec


def _patch_csr(
    mat: sparse.csr_matrix, changes: dict[int, Iterable[int]], n_rows: int, n_cols: int
) -> sparse.csr_matrix:
    """`mat` with the given rows replaced (positions ≥ mat.shape[0] are appended), in O(nnz)."""
    pieces_idx: list[np.ndarray] = []
    lengths = np.diff(mat.indptr).astype(np.int64)
    lengths = np.concatenate([lengths, np.zeros(n_rows - mat.shape[0], dtype=np.int64)])
    start = 0
    for pos in sorted(changes):
        if pos < mat.shape[0]:
            pieces_idx.append(mat.indices[mat.indptr[start] : mat.indptr[pos]])
            start = pos + 1
        else:
            pieces_idx.append(mat.indices[mat.indptr[start] : mat.indptr[mat.shape[0]]])
            start = mat.shape[0]
        new = np.asarray(sorted(changes[pos]), dtype=np.int32)
        pieces_idx.append(new)
        lengths[pos] = len(new)
    pieces_idx.append(mat.indices[mat.indptr[min(start, mat.shape[0])] :])
    indices = np.concatenate(pieces_idx).astype(np.int32)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols))


def _grow(array: np.ndarray, n: int, fill) -> np.ndarray:
    if len(array) >= n:
        return array
    return np.concatenate([array, np.full(n - len(array), fill, dtype=array.dtype)])


class _Table:
    SCALARS: dict[str, tuple[type, object]] = {}
    SETS: dict[str, int | None] = {}  # name -> fixed column count, or None for term ids

    def __init__(self, rows: list, n_terms: int) -> None:
        self.n_terms = max(n_terms, 1)
        self.ids = np.array([r.id for r in rows], dtype=np.int64)
        self.position = {int(r.id): i for i, r in enumerate(rows)}
        for name, (dtype, fill) in self.SCALARS.items():
            setattr(self, name, np.array([_value(r, name, fill) for r in rows], dtype=dtype))
        for name, cols in self.SETS.items():
            setattr(self, name, _csr([getattr(r, name) for r in rows], cols or self.n_terms))
        self._cache: dict = {}

    def __len__(self) -> int:
        return len(self.ids)

    def upsert(self, rows: list, n_terms: int) -> None:
        """Replace known rows and append new ones in place of a full rebuild."""
        self.n_terms = max(self.n_terms, n_terms)
        n = len(self.ids)
        positions = {}
        for r in rows:
            pos = self.position.get(r.id)
            if pos is None:
                pos = n
                n += 1
                self.position[r.id] = pos
            positions[pos] = r
        self.ids = _grow(self.ids, n, 0)
        for name, (_dtype, fill) in self.SCALARS.items():
            array = _grow(getattr(self, name), n, fill)
            for pos, r in positions.items():
                array[pos] = _value(r, name, fill)
            setattr(self, name, array)
        for pos, r in positions.items():
            self.ids[pos] = r.id
        for name, cols in self.SETS.items():
            changes = {pos: getattr(r, name) for pos, r in positions.items()}
            mat = getattr(self, name)
            setattr(self, name, _patch_csr(mat, changes, n, cols or self.n_terms))
        self._cache = {}

    def _columns(self, name: str) -> sparse.csc_matrix:
        """Column-major copy (built once, again after a patch): a row's hits for a few terms
        are found by reading just those terms' columns instead of multiplying every row."""
        key = ("csc", name)
        if key not in self._cache:
            self._cache[key] = getattr(self, name).tocsc()
        return self._cache[key]

    def hits(self, name: str, cols: Iterable[int], weights: np.ndarray | None = None):
        """Per row: how many of `cols` the row's set holds (or the sum of their weights)."""
        csc = self._columns(name)
        cols = sorted(c for c in cols if c < csc.shape[1])
        if not cols:
            return np.float32(0)
        rows = [csc.indices[csc.indptr[c] : csc.indptr[c + 1]] for c in cols]
        per = None
        if weights is not None:
            per = np.concatenate(
                [np.full(len(r), weights[c]) for r, c in zip(rows, cols, strict=True)]
            )
        counts = np.bincount(np.concatenate(rows), weights=per, minlength=len(self.ids))
        return counts.astype(np.float32)

    def has_any(self, name: str) -> np.ndarray:
        key = ("any", name)
        if key not in self._cache:
            self._cache[key] = np.diff(getattr(self, name).indptr) > 0
        return self._cache[key]

    def set_sizes(self, name: str) -> np.ndarray:
        key = ("size", name)
        if key not in self._cache:
            self._cache[key] = np.diff(getattr(self, name).indptr).astype(np.float32)
        return self._cache[key]

    def row_sets(self, pos: int) -> dict:
        return {name: _row_set(getattr(self, name), pos) for name in self.SETS}

    def nbytes(self) -> int:
        total = self.ids.nbytes
        for name in self.SCALARS:
            total += getattr(self, name).nbytes
        for name in self.SETS:
            mat = getattr(self, name)
            total += mat.data.nbytes + mat.indices.nbytes + mat.indptr.nbytes
        return total


def _value(row, name: str, fill):
    value = getattr(row, name)
    return fill if value is None else value


class CandidateTable(_Table):
    SCALARS = {
        "coach_id": (np.int64, 0),
        "team_id": (np.int64, 0),
        "active": (np.bool_, False),
        "industries": (np.uint64, 0),
        "schedules": (np.uint64, 0),
        "languages": (np.uint64, 0),
        "hours_min": (np.float32, np.nan),
        "hours_max": (np.float32, np.nan),
        "municipality": (np.int32, 0),
        "region": (np.int32, 0),
        "remote": (np.bool_, False),
    }
    SETS = {
        "occupations": None,
        "avoid": None,
        "skills": None,
        "licences": None,
        "municipalities": MUNICIPALITY_CODES,
    }

    def row(self, pos: int) -> CandidateRow:
        hmin, hmax = self.hours_min[pos], self.hours_max[pos]
        return CandidateRow(
            id=int(self.ids[pos]),
            coach_id=int(self.coach_id[pos]),
            team_id=int(self.team_id[pos]),
            active=bool(self.active[pos]),
            industries=int(self.industries[pos]),
            schedules=int(self.schedules[pos]),
            languages=int(self.languages[pos]),
            hours_min=None if np.isnan(hmin) else int(hmin),
            hours_max=None if np.isnan(hmax) else int(hmax),
            municipality=int(self.municipality[pos]),
            region=int(self.region[pos]),
            remote=bool(self.remote[pos]),
            **self.row_sets(pos),
        )

    def score(self, o: OpeningRow, terms: TermBook, w: Weights) -> np.ndarray:
        """Total score of every row for one opening."""
        return self.score_parts(o, terms, w)[0]

    def score_parts(self, o: OpeningRow, terms: TermBook, w: Weights):
        """(total per row, component parts) for one opening."""
        f = np.float32
        partial = terms.partial_vector(self.n_terms, w)
        inputs = PairInputs(
            occ_hit=self.hits("occupations", o.occupations) > 0,
            ind_hit=(self.industries & np.uint64(o.industry)) != 0,
            has_prefs=self.has_any("occupations") | (self.industries != 0),
            avoid_hit=self.hits("avoid", o.occupations | o.required | o.nice) > 0,
            req_total=f(len(o.required)),
            req_hit=self.hits("skills", o.required),
            nice_total=f(len(o.nice)),
            nice_hit=self.hits("skills", o.nice),
            lic_total=f(len(o.licences)),
            lic_credit=f(sum(partial[[t for t in o.licences if t < self.n_terms]]))
            + self.hits("licences", o.licences, 1.0 - partial),
            lang_need=f(o.languages.bit_count()),
            lang_hit=_popcount(self.languages & np.uint64(o.languages)),
            lang_known=self.languages != 0,
            hours=f(np.nan if o.hours is None else o.hours),
            hours_min=self.hours_min,
            hours_max=self.hours_max,
            sched_need=f(o.schedules.bit_count()),
            sched_hit=_popcount(self.schedules & np.uint64(o.schedules)),
            sched_known=self.schedules != 0,
            same_municipality=(self.municipality == o.municipality) & (o.municipality > 0),
            acceptable=(self.hits("municipalities", [o.municipality]) > 0) & (o.municipality > 0),
            same_region=(self.region == o.region) & (o.region > 0),
            remote_ok=self.remote & o.remote,
            place_applies=np.bool_(o.municipality > 0 or o.remote),
            place_known=(self.municipality > 0) | self.has_any("municipalities"),
        )
        return _broadcast_total(inputs, w, len(self))


class OpeningTable(_Table):
    SCALARS = {
        "employer_id": (np.int64, 0),
        "active": (np.bool_, False),
        "industry": (np.uint64, 0),
        "schedules": (np.uint64, 0),
        "languages": (np.uint64, 0),
        "hours": (np.float32, np.nan),
        "municipality": (np.int32, 0),
        "region": (np.int32, 0),
        "remote": (np.bool_, False),
    }
    SETS = {"occupations": None, "required": None, "nice": None, "licences": None}

    def row(self, pos: int) -> OpeningRow:
        hours = self.hours[pos]
        return OpeningRow(
            id=int(self.ids[pos]),
            employer_id=int(self.employer_id[pos]),
            active=bool(self.active[pos]),
            industry=int(self.industry[pos]),
            schedules=int(self.schedules[pos]),
            languages=int(self.languages[pos]),
            hours=None if np.isnan(hours) else int(hours),
            municipality=int(self.municipality[pos]),
            region=int(self.region[pos]),
            remote=bool(self.remote[pos]),
            **self.row_sets(pos),
        )

    def score(self, c: CandidateRow, terms: TermBook, w: Weights) -> np.ndarray:
        """Total score of every opening for one person."""
        return self.score_parts(c, terms, w)[0]

    def score_parts(self, c: CandidateRow, terms: TermBook, w: Weights):
        f = np.float32
        partial = terms.partial_vector(self.n_terms, w)
        has = _vector(c.licences, self.n_terms)
        inputs = PairInputs(
            occ_hit=self.hits("occupations", c.occupations) > 0,
            ind_hit=(self.industry & np.uint64(c.industries)) != 0,
            has_prefs=np.bool_(bool(c.occupations) or bool(c.industries)),
            avoid_hit=(
                self.hits("occupations", c.avoid)
                + self.hits("required", c.avoid)
                + self.hits("nice", c.avoid)
            )
            > 0,
            req_total=self.set_sizes("required"),
            req_hit=self.hits("required", c.skills),
            nice_total=self.set_sizes("nice"),
            nice_hit=self.hits("nice", c.skills),
            lic_total=self.set_sizes("licences"),
            lic_credit=self.licences @ (partial + has * (1.0 - partial)),
            lang_need=_popcount(self.languages),
            lang_hit=_popcount(self.languages & np.uint64(c.languages)),
            lang_known=np.bool_(c.languages != 0),
            hours=self.hours,
            hours_min=f(np.nan) if c.hours_min is None else f(c.hours_min),
            hours_max=f(np.nan) if c.hours_max is None else f(c.hours_max),
            sched_need=_popcount(self.schedules),
            sched_hit=_popcount(self.schedules & np.uint64(c.schedules)),
            sched_known=np.bool_(c.schedules != 0),
            same_municipality=(self.municipality == c.municipality) & (self.municipality > 0),
            acceptable=np.isin(self.municipality, list(c.municipalities)) & (self.municipality > 0),
            same_region=(self.region == c.region) & (self.region > 0),
            remote_ok=self.remote & c.remote,
            place_applies=(self.municipality > 0) | self.remote,
            place_known=np.bool_(c.municipality > 0 or bool(c.municipalities)),
        )
        return _broadcast_total(inputs, w, len(self))


def _broadcast_total(p: PairInputs, w: Weights, n: int):
    parts = component_scores(p, w)
    total = np.broadcast_to(total_score(parts, p.avoid_hit, w), (n,))
    return total, parts


def parts_at(parts: dict, pos: int) -> dict[str, tuple[float, bool]]:
    """One row's (score, applies) per component, from vectorised parts."""
    return {
        name: (
            float(np.take(score, pos) if np.ndim(score) else score),
            bool(np.take(on, pos) if np.ndim(on) else on),
        )
        for name, (score, on) in parts.items()
    }


def top_k(scores: np.ndarray, ids: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best rows among `mask`, by score descending then id ascending."""
    candidates = np.flatnonzero(mask)
    if k <= 0 or not len(candidates):
        return candidates[:0]
    sub = scores[candidates]
    if len(candidates) > k:
        kth = np.partition(sub, len(sub) - k)[len(sub) - k]
        keep = sub >= kth  # every tie at the boundary, so the id order decides among them
        candidates, sub = candidates[keep], sub[keep]
    order = np.lexsort((ids[candidates], -sub))
    return candidates[order[:k]]
