"""In-process ranking index per organisation, always as fresh as the last saved change.

The index holds every job seeker's and opening's features of one organisation as numpy arrays
and scipy CSR matrices (term ids remapped to dense columns per organisation, so vectors stay
small however many organisations share the database). Ranking is a few sparse matrix-vector
products over all rows and a partial sort for the top k (`tables.py`), and `scoring.explain`
for those k only.

Freshness without trusting the worker: every request asks the database, in one query per
table, for the rows whose source changed since the index's watermark (minus a look-back that
covers transactions committing late), compares their `updated_at` stamps with the ones the
index holds, recomputes the features of those that differ synchronously (features.refresh_*,
which also stores them for other processes) and patches the arrays in place (O(nnz) row
replacement, no rebuild). The Celery task does the same work ahead of time, so normally
nothing is left to do here. The rows about to be shown are checked once more by primary key,
so that a row deleted outright (not only erased) never appears.

Zero exclusion and privacy: paused, exited and erased people carry `active=False` and no other
data; they are never ranked. Another organisation's rows are in another index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from crm.candidates.access import team_ids
from crm.candidates.models import CareerProfile, JobSeeker
from crm.employers.models import Opening
from crm.matching import features
from crm.matching.models import CandidateFeatures, OpeningFeatures, Term
from crm.matching.scoring import CandidateRow, Match, OpeningRow, TermBook, explain, parts_at
from crm.matching.tables import CandidateTable, OpeningTable, top_k
from crm.matching.weights import DEFAULT_WEIGHTS, Weights

LOOKBACK = timedelta(minutes=2)
MAX_LIMIT = 500
_EPOCH = datetime(2000, 1, 1).astimezone()

CANDIDATE_VALUES = ["job_seeker_id", *features.CANDIDATE_FIELDS]
OPENING_VALUES = ["opening_id", *features.OPENING_FIELDS]


class OrganizationIndex:
    def __init__(self, organization_id: int) -> None:
        self.organization_id = organization_id
        self.lock = threading.RLock()
        self.columns: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self.obtainable: set[int] = set()
        self.candidate_stamps: dict[int, tuple] = {}
        self.opening_stamps: dict[int, tuple] = {}
        self.candidate_mark = _EPOCH
        self.opening_mark = _EPOCH
        self._load()

    # Loading and patching --------------------------------------------------------------------

    def _load(self) -> None:
        org = self.organization_id
        stored = {
            row["job_seeker_id"]: row
            for row in CandidateFeatures.objects.filter(organization_id=org).values(
                *CANDIDATE_VALUES
            )
        }
        sources = JobSeeker.objects.filter(organization_id=org).values_list(
            "id", "updated_at", "profile__updated_at"
        )
        stale = [pk for pk, *stamps in sources if _stamps(stored.get(pk), "c") != tuple(stamps)]
        self.candidate_mark = max([s for _pk, *st in sources for s in st if s] or [_EPOCH])
        for row in _as_dicts(features.refresh_candidates(stale), CANDIDATE_VALUES):
            stored[row["job_seeker_id"]] = row
        opened = {
            row["opening_id"]: row
            for row in OpeningFeatures.objects.filter(organization_id=org).values(*OPENING_VALUES)
        }
        sources = Opening.objects.filter(organization_id=org).values_list(
            "id", "updated_at", "employer__updated_at"
        )
        stale = [pk for pk, *stamps in sources if _stamps(opened.get(pk), "o") != tuple(stamps)]
        self.opening_mark = max([s for _pk, *st in sources for s in st if s] or [_EPOCH])
        for row in _as_dicts(features.refresh_openings(stale), OPENING_VALUES):
            opened[row["opening_id"]] = row
        self._learn_terms(stored.values(), opened.values())
        teams = _team_ids(JobSeeker.objects.filter(organization_id=org))
        self.candidates = CandidateTable(
            [self._candidate(r, teams) for r in stored.values()], len(self.columns)
        )
        self.openings = OpeningTable([self._opening(r) for r in opened.values()], len(self.columns))
        self.candidate_stamps = {pk: _stamps(r, "c") for pk, r in stored.items()}
        self.opening_stamps = {pk: _stamps(r, "o") for pk, r in opened.items()}

    def refresh(self) -> None:
        """Bring changes saved since the last look into the arrays (two queries when idle)."""
        # A UNION of two index scans, not an OR across the join: the OR made PostgreSQL read
        # and hash-join every person and profile (~110 ms a request at 100,000 people).
        org, since = self.organization_id, self.candidate_mark - LOOKBACK
        ids = (
            JobSeeker.objects.filter(organization_id=org, updated_at__gt=since)
            .order_by()
            .values("id")
            .union(
                CareerProfile.objects.filter(organization_id=org, updated_at__gt=since)
                .order_by()
                .values("job_seeker_id")
            )
        )
        changed = JobSeeker.objects.filter(organization_id=org, pk__in=ids).order_by()
        self._patch_candidates(changed.values_list("id", "updated_at", "profile__updated_at"))
        since = self.opening_mark - LOOKBACK
        ids = (
            Opening.objects.filter(organization_id=org, updated_at__gt=since)
            .order_by()
            .values("id")
            .union(
                Opening.objects.filter(organization_id=org, employer__updated_at__gt=since)
                .order_by()
                .values("id")
            )
        )
        changed = Opening.objects.filter(organization_id=org, pk__in=ids).order_by()
        self._patch_openings(changed.values_list("id", "updated_at", "employer__updated_at"))

    def _patch_candidates(self, sources: Iterable[tuple], missing: Iterable[int] = ()) -> None:
        sources = list(sources)
        stale = [pk for pk, *st in sources if self.candidate_stamps.get(pk) != tuple(st)]
        self.candidate_mark = max(
            [self.candidate_mark, *[s for _pk, *st in sources for s in st if s]]
        )
        rows = _as_dicts(features.refresh_candidates(stale), CANDIDATE_VALUES) if stale else []
        gone = [CandidateRow(id=pk, active=False) for pk in missing]
        if not rows and not gone:
            return
        self._learn_terms(rows, [])
        teams = _team_ids(JobSeeker.objects.filter(pk__in=[r["job_seeker_id"] for r in rows]))
        self.candidates.upsert([self._candidate(r, teams) for r in rows] + gone, len(self.columns))
        self.candidate_stamps.update({r["job_seeker_id"]: _stamps(r, "c") for r in rows})
        for row in gone:
            self.candidate_stamps.pop(row.id, None)

    def _patch_openings(self, sources: Iterable[tuple], missing: Iterable[int] = ()) -> None:
        sources = list(sources)
        stale = [pk for pk, *st in sources if self.opening_stamps.get(pk) != tuple(st)]
        self.opening_mark = max([self.opening_mark, *[s for _pk, *st in sources for s in st if s]])
        rows = _as_dicts(features.refresh_openings(stale), OPENING_VALUES) if stale else []
        gone = [OpeningRow(id=pk, active=False) for pk in missing]
        if not rows and not gone:
            return
        self._learn_terms([], rows)
        self.openings.upsert([self._opening(r) for r in rows] + gone, len(self.columns))
        self.opening_stamps.update({r["opening_id"]: _stamps(r, "o") for r in rows})
        for row in gone:
            self.opening_stamps.pop(row.id, None)

    def _learn_terms(self, candidates: Iterable[dict], openings: Iterable[dict]) -> None:
        """Give every term id a column; load names of the new ones (one query if any)."""
        new: set[int] = set()
        for row in candidates:
            for name in ("occupations", "avoid", "skills", "licences"):
                new.update(t for t in row[name] if t not in self.columns)
        for row in openings:
            for name in ("occupations", "required", "nice", "licences"):
                new.update(t for t in row[name] if t not in self.columns)
        if not new:
            return
        for term_id in sorted(new):
            self.columns[term_id] = len(self.columns)
        for pk, name, obtainable in Term.objects.filter(pk__in=new).values_list(
            "pk", "name", "obtainable"
        ):
            self.names[self.columns[pk]] = name
            if obtainable:
                self.obtainable.add(self.columns[pk])

    def _cols(self, ids: Iterable[int]) -> frozenset[int]:
        return frozenset(self.columns[t] for t in ids)

    def _candidate(self, r: dict, teams: dict[int, int]) -> CandidateRow:
        return CandidateRow(
            id=r["job_seeker_id"],
            coach_id=r["coach_id_value"],
            team_id=teams.get(r["job_seeker_id"], 0),
            active=r["active"],
            occupations=self._cols(r["occupations"]),
            avoid=self._cols(r["avoid"]),
            skills=self._cols(r["skills"]),
            licences=self._cols(r["licences"]),
            industries=r["industries"],
            schedules=r["schedules"],
            languages=r["languages"],
            hours_min=r["hours_min"],
            hours_max=r["hours_max"],
            municipality=r["municipality"],
            region=r["region"],
            municipalities=frozenset(r["municipalities"]),
            remote=r["remote"],
        )

    def _opening(self, r: dict) -> OpeningRow:
        return OpeningRow(
            id=r["opening_id"],
            employer_id=r["employer_id_value"],
            active=r["active"],
            occupations=self._cols(r["occupations"]),
            required=self._cols(r["required"]),
            nice=self._cols(r["nice"]),
            licences=self._cols(r["licences"]),
            industry=r["industry"],
            schedules=r["schedules"],
            languages=r["languages"],
            hours=r["hours"],
            municipality=r["municipality"],
            region=r["region"],
            remote=r["remote"],
        )

    @property
    def terms(self) -> TermBook:
        return TermBook(self.names, self.obtainable)

    def nbytes(self) -> int:
        return self.candidates.nbytes() + self.openings.nbytes()

    # Ranking ---------------------------------------------------------------------------------

    def rank_candidates(
        self,
        opening_id: int,
        *,
        limit: int,
        offset: int,
        only_coach: int | None,
        weights: Weights,
        only_teams: Iterable[int] = (),
    ) -> tuple[int, list[Match]]:
        """`only_coach`: that coach's caseload, with the people of `only_teams` (the coach's
        teams, as in `crm.candidates.access.in_coach_team`)."""
        pos = self.openings.position.get(opening_id)
        if pos is None or not self.openings.active[pos]:  # closed, filled, on hold
            return 0, []
        opening = self.openings.row(pos)
        terms = self.terms
        for _attempt in range(3):
            scores, parts = self.candidates.score_parts(opening, terms, weights)
            mask = self.candidates.active
            if only_coach is not None:
                mine = self.candidates.coach_id == only_coach
                teams = [t for t in only_teams if t]
                if teams:
                    mine = mine | np.isin(self.candidates.team_id, teams)
                mask = mask & mine
            best = top_k(scores, self.candidates.ids, mask, offset + limit)[offset:]
            if self._verified_candidates([int(self.candidates.ids[p]) for p in best]):
                break
            terms = self.terms
        matches = [
            explain(
                self.candidates.row(int(p)),
                opening,
                terms,
                weights,
                total=float(scores[p]),
                parts=parts_at(parts, int(p)),
            )
            for p in best
        ]
        return int(mask.sum()), matches

    def rank_openings(
        self, job_seeker_id: int, *, limit: int, offset: int, weights: Weights
    ) -> tuple[int, list[Match]]:
        pos = self.candidates.position.get(job_seeker_id)
        if pos is None or not self.candidates.active[pos]:
            return 0, []
        person = self.candidates.row(pos)
        terms = self.terms
        for _attempt in range(3):
            scores, parts = self.openings.score_parts(person, terms, weights)
            mask = self.openings.active
            best = top_k(scores, self.openings.ids, mask, offset + limit)[offset:]
            if self._verified_openings([int(self.openings.ids[p]) for p in best]):
                break
            terms = self.terms
        matches = [
            explain(
                person,
                self.openings.row(int(p)),
                terms,
                weights,
                total=float(scores[p]),
                parts=parts_at(parts, int(p)),
            )
            for p in best
        ]
        return int(mask.sum()), matches

    def _verified_candidates(self, ids: list[int]) -> bool:
        """True when the rows about to be shown still exist with the stamps ranked on."""
        found = list(
            JobSeeker.objects.filter(organization_id=self.organization_id, pk__in=ids).values_list(
                "id", "updated_at", "profile__updated_at"
            )
        )
        missing = set(ids) - {pk for pk, *_st in found}
        stale = [f for f in found if self.candidate_stamps.get(f[0]) != tuple(f[1:])]
        if not missing and not stale:
            return True
        self._patch_candidates(stale, missing)
        return False

    def _verified_openings(self, ids: list[int]) -> bool:
        found = list(
            Opening.objects.filter(organization_id=self.organization_id, pk__in=ids).values_list(
                "id", "updated_at", "employer__updated_at"
            )
        )
        missing = set(ids) - {pk for pk, *_st in found}
        stale = [f for f in found if self.opening_stamps.get(f[0]) != tuple(f[1:])]
        if not missing and not stale:
            return True
        self._patch_openings(stale, missing)
        return False


def _stamps(row: dict | None, side: str) -> tuple | None:
    if row is None:
        return None
    if side == "c":
        return (row["seeker_stamp"], row["profile_stamp"])
    return (row["opening_stamp"], row["employer_stamp"])


def _team_ids(seekers: Any) -> dict[int, int]:
    """{job seeker id: coach team id} of those with a team (the source of truth is JobSeeker;
    the stored features do not carry the team)."""
    return dict(seekers.filter(team__isnull=False).order_by().values_list("id", "team_id"))


def _as_dicts(rows: list, names: list[str]) -> list[dict]:
    return [{name: getattr(row, name) for name in names} for row in rows]


# Process-wide cache ------------------------------------------------------------------------

_indexes: dict[int, OrganizationIndex] = {}
_indexes_lock = threading.Lock()  # guards the dictionaries only, never a load
_load_locks: dict[int, threading.Lock] = {}


def get_index(organization_id: int) -> OrganizationIndex:
    """The organisation's index, loaded on first use and refreshed before every use. A first
    load holds only its own organisation's lock: other organisations are not kept waiting."""
    index = _indexes.get(organization_id)
    if index is None:
        with _indexes_lock:
            load_lock = _load_locks.setdefault(organization_id, threading.Lock())
        with load_lock:
            index = _indexes.get(organization_id)
            if index is None:
                loaded = OrganizationIndex(organization_id)  # outside the global lock
                with _indexes_lock:
                    index = _indexes.setdefault(organization_id, loaded)
                return index
    with index.lock:
        index.refresh()
    return index


def reset(organization_id: int | None = None) -> None:
    """Forget loaded indexes (tests, and after bulk imports that bypass the services)."""
    with _indexes_lock:
        if organization_id is None:
            _indexes.clear()
        else:
            _indexes.pop(organization_id, None)


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))


def _coach_id(only_coach: Any) -> int | None:
    if only_coach is None:
        return None
    return int(getattr(only_coach, "pk", only_coach))


def _coach_teams(only_coach: Any) -> frozenset[int]:
    """The teams of `only_coach` when it is a user (an id alone narrows to the coach only)."""
    if only_coach is None or not hasattr(only_coach, "pk"):
        return frozenset()
    return frozenset(team_ids(only_coach))


def rank_candidates(
    opening: Opening,
    *,
    user: Any,
    limit: int = 50,
    offset: int = 0,
    only_coach: Any = None,
    weights: Weights | None = None,
) -> tuple[int, list[Match]]:
    """(count, matches) of the organisation's ranked job seekers for an opening, best first.

    The caller has checked that `user` may see the opening; a user of another organisation
    gets nothing. `only_coach` (a user or id) narrows to that coach's caseload: the people
    they coach and, for a user, the people of their coach teams (like FULL access)."""
    if getattr(user, "organization_id", None) != opening.organization_id:
        return 0, []
    limit, offset = _page(limit, offset)
    index = get_index(opening.organization_id)
    with index.lock:
        return index.rank_candidates(
            opening.pk,
            limit=limit,
            offset=offset,
            only_coach=_coach_id(only_coach),
            only_teams=_coach_teams(only_coach),
            weights=weights or DEFAULT_WEIGHTS,
        )


def rank_openings(
    job_seeker: JobSeeker,
    *,
    user: Any,
    limit: int = 50,
    offset: int = 0,
    weights: Weights | None = None,
) -> tuple[int, list[Match]]:
    """(count, matches) of the organisation's open openings for a job seeker, best first."""
    if getattr(user, "organization_id", None) != job_seeker.organization_id:
        return 0, []
    limit, offset = _page(limit, offset)
    index = get_index(job_seeker.organization_id)
    with index.lock:
        return index.rank_openings(
            job_seeker.pk, limit=limit, offset=offset, weights=weights or DEFAULT_WEIGHTS
        )
