"""Ranking features, computed in bulk when job seekers, profiles and openings are saved.

"Normalised when saved, integer ids at query time": free-text occupations, `avoid` entries and
an opening's occupation and title are resolved to vocabulary term ids here (the vocabulary's
Finnish/Swedish-aware lookup, creating new occupation terms as the person wrote them), so that
ranking is sparse-matrix arithmetic on ids and bit masks.

What enters (and nothing else — zero exclusion): wanted occupations, industries, schedules,
hours, municipalities and remote work; things to avoid; skills, strengths (only where they
name a known skill; they never create vocabulary) and licences; spoken languages; home
municipality; the coach (for "my caseload" and "talk to the coach"); whether the person is
ranked at all (active status and not erased). Not health, accommodations, disclosure, notes,
Kykyviisari, work history or any readiness judgement.

A refresh costs a constant number of queries for any number of rows (a few reads, one term
load, one upsert), plus one insert per genuinely new occupation term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from crm.candidates.models import ACTIVE_STATUSES, CareerProfile, JobSeeker
from crm.employers.models import Opening, OpeningStatus
from crm.matching import codes, vocabulary
from crm.matching.models import CandidateFeatures, OpeningFeatures, Term

CHUNK = 2000
_TITLE_WORD = re.compile(r"[^\W\d_][^\W_]{4,}", re.UNICODE)

CANDIDATE_FIELDS = [
    "coach_id_value",
    "active",
    "occupations",
    "avoid",
    "skills",
    "licences",
    "industries",
    "schedules",
    "languages",
    "hours_min",
    "hours_max",
    "municipality",
    "region",
    "municipalities",
    "remote",
    "seeker_stamp",
    "profile_stamp",
    "computed_at",
]
OPENING_FIELDS = [
    "employer_id_value",
    "active",
    "occupations",
    "required",
    "nice",
    "licences",
    "industry",
    "schedules",
    "languages",
    "hours",
    "municipality",
    "region",
    "remote",
    "opening_stamp",
    "employer_stamp",
    "computed_at",
]


class Vocabulary:
    """The organisation's terms, loaded once per refresh, with a memo per text."""

    def __init__(self, organization_id: int) -> None:
        self.organization_id = organization_id
        terms = list(Term.objects.filter(organization_id=organization_id))
        self.indexes = {
            kind: vocabulary._org_index(t for t in terms if t.kind == kind)
            for kind in ("occupation", "skill", "licence")
        }
        self.memo: dict[tuple[str, str, bool], int | None] = {}

    def ids(
        self, kind: str, texts: Iterable[str], *, create: bool, seeded: bool = False
    ) -> set[int]:
        """Term ids for the texts. `create`: unknown text becomes a new term; `seeded`: only
        text matching the curated seed list does (never a person's own words)."""
        found = set()
        for text in texts or ():
            text = vocabulary.clean(str(text))
            if not text:
                continue
            key = (kind, text.casefold(), create, seeded)
            if key not in self.memo:
                self.memo[key] = self._resolve(kind, text, create, seeded)
            if self.memo[key] is not None:
                found.add(self.memo[key])
        return found

    def _resolve(self, kind: str, text: str, create: bool, seeded: bool) -> int | None:
        index = self.indexes[kind]
        hit = vocabulary._lookup(index, vocabulary._seed_index(kind), text)
        if isinstance(hit, Term):
            return hit.pk
        if not (create or (seeded and hit is not None)):
            return None
        terms = vocabulary.resolve_terms(
            organization_id=self.organization_id, kind=kind, texts=[text]
        )
        if not terms:
            return None
        index.add_term(terms[0])
        return terms[0].pk


@dataclass
class _Vocabularies:
    by_org: dict[int, Vocabulary]

    def get(self, organization_id: int) -> Vocabulary:
        if organization_id not in self.by_org:
            self.by_org[organization_id] = Vocabulary(organization_id)
        return self.by_org[organization_id]


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _pairs(through, owner: str, ids: list[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for owner_id, term_id in through.objects.filter(**{f"{owner}__in": ids}).values_list(
        owner, "term_id"
    ):
        result.setdefault(owner_id, []).append(term_id)
    return result


# Job seekers ------------------------------------------------------------------------------


def refresh_candidates(ids: Iterable[int]) -> list[CandidateFeatures]:
    """Compute and store the features of these job seekers; returns the stored rows."""
    stored: list[CandidateFeatures] = []
    vocabularies = _Vocabularies({})
    for chunk in _chunks(ids):
        stored.extend(_refresh_candidate_chunk(chunk, vocabularies))
    return stored


def _refresh_candidate_chunk(
    ids: list[int], vocabularies: _Vocabularies
) -> list[CandidateFeatures]:
    seekers = list(
        JobSeeker.objects.filter(pk__in=ids)
        .select_related("profile")
        .only(
            "organization_id",
            "coach_id",
            "status",
            "erased_at",
            "municipality",
            "languages",
            "updated_at",
            *[f"profile__{name}" for name in _PROFILE_FIELDS],
        )
    )
    profile_ids = [s.profile.pk for s in seekers if _profile(s) is not None]
    skills = _pairs(CareerProfile.skills.through, "careerprofile_id", profile_ids)
    licences = _pairs(CareerProfile.licences.through, "careerprofile_id", profile_ids)
    now = timezone.now()
    rows = []
    for seeker in seekers:
        profile = _profile(seeker)
        row = CandidateFeatures(
            organization_id=seeker.organization_id,
            job_seeker_id=seeker.pk,
            seeker_stamp=seeker.updated_at,
            profile_stamp=profile.updated_at if profile else None,
            computed_at=now,
            coach_id_value=seeker.coach_id or 0,
        )
        if seeker.status in ACTIVE_STATUSES and seeker.erased_at is None:
            _fill_candidate(row, seeker, profile, skills, licences, vocabularies)
        rows.append(row)
    return _upsert(CandidateFeatures, rows, "job_seeker", CANDIDATE_FIELDS)


_PROFILE_FIELDS = (
    "id",
    "updated_at",
    "occupations",
    "industries",
    "avoid",
    "strengths",
    "schedules",
    "hours_min",
    "hours_max",
    "municipalities",
    "remote",
)


def _profile(seeker: JobSeeker) -> CareerProfile | None:
    try:
        return seeker.profile
    except CareerProfile.DoesNotExist:
        return None


def _fill_candidate(row, seeker, profile, skills, licences, vocabularies) -> None:
    row.active = True
    row.languages = codes.mask(seeker.languages, codes.LANGUAGES)
    row.municipality, row.region = codes.municipality(seeker.municipality)
    if profile is None:
        return
    vocab = vocabularies.get(seeker.organization_id)
    strengths = vocab.ids("skill", profile.strengths, create=False)
    row.occupations = sorted(vocab.ids("occupation", profile.occupations, create=True))
    # The person's own words never become the organisation's vocabulary: only known terms
    # (the organisation's or the curated seed list's) count; other avoid text is left out.
    row.avoid = sorted(
        vocab.ids("occupation", profile.avoid, create=False, seeded=True)
        | vocab.ids("skill", profile.avoid, create=False)
    )
    row.skills = sorted(set(skills.get(profile.pk, [])) | strengths)
    row.licences = sorted(set(licences.get(profile.pk, [])))
    row.industries = codes.mask(profile.industries, codes.INDUSTRIES)
    row.schedules = codes.mask(profile.schedules, codes.SCHEDULES)
    row.hours_min, row.hours_max = profile.hours_min, profile.hours_max
    row.municipalities = sorted(
        {codes.municipality(name)[0] for name in profile.municipalities or []} - {0}
    )
    row.remote = profile.remote


# Openings ---------------------------------------------------------------------------------


def refresh_openings(ids: Iterable[int]) -> list[OpeningFeatures]:
    stored: list[OpeningFeatures] = []
    vocabularies = _Vocabularies({})
    for chunk in _chunks(ids):
        stored.extend(_refresh_opening_chunk(chunk, vocabularies))
    return stored


def _refresh_opening_chunk(ids: list[int], vocabularies: _Vocabularies) -> list[OpeningFeatures]:
    openings = list(
        Opening.objects.filter(pk__in=ids)
        .select_related("employer")
        .only(
            "organization_id",
            "employer_id",
            "title",
            "occupation",
            "languages",
            "hours_per_week",
            "schedule",
            "municipality",
            "remote",
            "status",
            "updated_at",
            "employer__industry",
            "employer__archived_at",
            "employer__updated_at",
        )
    )
    required = _pairs(Opening.required_skills.through, "opening_id", ids)
    nice = _pairs(Opening.nice_skills.through, "opening_id", ids)
    licences = _pairs(Opening.licences.through, "opening_id", ids)
    now = timezone.now()
    rows = []
    for opening in openings:
        employer = opening.employer
        row = OpeningFeatures(
            organization_id=opening.organization_id,
            opening_id=opening.pk,
            employer_id_value=opening.employer_id,
            opening_stamp=opening.updated_at,
            employer_stamp=employer.updated_at,
            computed_at=now,
        )
        if opening.status == OpeningStatus.OPEN and employer.archived_at is None:
            vocab = vocabularies.get(opening.organization_id)
            row.active = True
            row.occupations = sorted(_opening_occupations(vocab, opening))
            row.required = sorted(set(required.get(opening.pk, [])))
            row.nice = sorted(set(nice.get(opening.pk, [])) - set(row.required))
            row.licences = sorted(set(licences.get(opening.pk, [])))
            row.industry = codes.mask([employer.industry], codes.INDUSTRIES)
            row.schedules = codes.mask(opening.schedule, codes.SCHEDULES)
            row.languages = codes.mask(opening.languages, codes.LANGUAGES)
            row.hours = opening.hours_per_week
            row.municipality, row.region = codes.municipality(opening.municipality)
            row.remote = opening.remote
        rows.append(row)
    return _upsert(OpeningFeatures, rows, "opening", OPENING_FIELDS)


def _opening_occupations(vocab: Vocabulary, opening: Opening) -> set[int]:
    """The named occupation (new ones join the vocabulary), else what the title names.

    A title is often "Varastotyöntekijä, kesä 2026" or "Asiakaspalvelija Lappeenrantaan", so
    the whole title and then its longer words are looked up — without creating terms, so that
    titles do not fill the vocabulary with noise."""
    if opening.occupation.strip():
        found = vocab.ids("occupation", [opening.occupation], create=True)
        if found:
            return found
    found = vocab.ids("occupation", [opening.title], create=False)
    if not found:
        found = vocab.ids("occupation", _TITLE_WORD.findall(opening.title), create=False)
    return found


def _upsert(model, rows: list, unique: str, fields: list[str]) -> list:
    if not rows:
        return rows
    with transaction.atomic():
        model.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=[unique],
            update_fields=fields,
            batch_size=500,
        )
    return rows
