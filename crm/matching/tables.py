"""The many-rows side of ranking: every person (or every opening) of an organisation as numpy
arrays and scipy sparse matrices, scored against one opening (or person) with a few sparse
matrix-vector products and the formulas of `scoring`, and the top k picked by a partial sort."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse

from crm.matching.scoring import (
    MUNICIPALITY_CODES,
    CandidateRow,
    OpeningRow,
    PairInputs,
    TermBook,
    component_scores,
    total_score,
)
from crm.matching.weights import Weights


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
            lang_hit=popcount(self.languages & np.uint64(o.languages)),
            lang_known=self.languages != 0,
            hours=f(np.nan if o.hours is None else o.hours),
            hours_min=self.hours_min,
            hours_max=self.hours_max,
            sched_need=f(o.schedules.bit_count()),
            sched_hit=popcount(self.schedules & np.uint64(o.schedules)),
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
            lang_need=popcount(self.languages),
            lang_hit=popcount(self.languages & np.uint64(c.languages)),
            lang_known=np.bool_(c.languages != 0),
            hours=self.hours,
            hours_min=f(np.nan) if c.hours_min is None else f(c.hours_min),
            hours_max=f(np.nan) if c.hours_max is None else f(c.hours_max),
            sched_need=popcount(self.schedules),
            sched_hit=popcount(self.schedules & np.uint64(c.schedules)),
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


def popcount(values) -> np.ndarray:
    return np.bitwise_count(np.asarray(values, dtype=np.uint64)).astype(np.float32)


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
