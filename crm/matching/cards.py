"""What a match card shows, per viewer: one decision for the pages and the API alike.

- The person's coach team (Access.FULL) sees the name, a link to the person and may propose.
- Anyone else who may see matches gets a pseudonymous card: a code instead of the person
  (stable on one opening's list, different on every other opening's), and the person's
  coach as the one to talk to. Coaches of other teams and relations staff also see the
  skills, strengths and preferences (what an employer conversation needs); pilot leads see
  the figures only.
- Never on a card: identity (beyond the coach team), health, accommodations, notes or
  Kykyviisari. The queries below do not even load them.

Each list of cards costs a constant number of queries (one for the people or openings, one for
the skills when a card shows them), however many cards there are.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from crm.candidates.access import Access, access_level
from crm.candidates.models import ACTIVE_STATUSES, JobSeeker
from crm.core.choices import Schedule
from crm.employers.models import Opening
from crm.matching import index
from crm.matching.models import Term
from crm.matching.scoring import Component, Match
from crm.matching.selectors.weights import load_weights

PSEUDONYM_LENGTH = 6
FITS_FROM = 85  # a component scoring this much fits (same municipality, all skills, hours ±3 h)
MISS_BELOW = 30  # below this it does not (an avoided job, none of the skills, wrong language)

COMPONENT_LABELS = {
    "preferences": _("Preferences"),
    "skills": _("Skills"),
    "licences": _("Licences and cards"),
    "languages": _("Languages"),
    "hours": _("Hours"),
    "schedule": _("Schedule"),
    "place": _("Place"),
}

# What a card may load of a person (nothing sensitive: see the module docstring).
SEEKER_FIELDS = (
    "id",
    "organization_id",
    "first_name",
    "last_name",
    "coach_id",
    "team_id",
    "coach__first_name",
    "coach__last_name",
    "coach__username",
    "profile__id",
    "profile__strengths",
    "profile__occupations",
    "profile__hours_min",
    "profile__hours_max",
    "profile__schedules",
    "profile__municipalities",
)


class Fit(StrEnum):
    FITS = "fits"
    GAP = "gap"
    MISS = "miss"


def fit(score: int) -> Fit:
    """How a component's score reads: fits, a gap to plan for or to check, or does not fit."""
    if score >= FITS_FROM:
        return Fit.FITS
    return Fit.GAP if score >= MISS_BELOW else Fit.MISS


@dataclass(frozen=True)
class Reason:
    """One component of a match as a card shows it."""

    name: str
    label: str
    score: int
    text: str
    fit: Fit


def reasons(components: Iterable[Component]) -> list[Reason]:
    return [
        Reason(
            name=c.name,
            label=str(COMPONENT_LABELS.get(c.name, c.name)),
            score=c.score,
            text=c.reason,
            fit=fit(c.score),
        )
        for c in components
    ]


class CardKind(StrEnum):
    FULL = "full"  # the coach team
    PROFILE = "profile"  # other coaches, relations staff
    FIGURES = "figures"  # pilot leads


def card_kind(user: Any, seeker: JobSeeker) -> CardKind:
    if access_level(user, seeker) >= Access.FULL:
        return CardKind.FULL
    if user.has_perm("candidates.view_jobseeker_record"):
        return CardKind.FIGURES
    return CardKind.PROFILE


def pseudonym(job_seeker_id: int, opening_id: int) -> str:
    """A code for a person on one opening's list that reveals neither identity nor database
    id, and differs from opening to opening, so that a card cannot be followed across
    openings."""
    value = f"{job_seeker_id}:{opening_id}"
    digest = salted_hmac("crm.matching.cards.pseudonym", value).digest()
    return base64.b32encode(digest).decode()[:PSEUDONYM_LENGTH]


def person_name(user: Any) -> str:
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class ProfileSummary:
    skills: list[str]
    strengths: list[str]
    occupations: list[str]
    hours_min: int | None
    hours_max: int | None
    schedules: list[str]
    municipalities: list[str]

    @property
    def is_empty(self) -> bool:
        return not (
            self.skills
            or self.strengths
            or self.occupations
            or self.hours_min
            or self.hours_max
            or self.schedules
            or self.municipalities
        )


@dataclass(frozen=True)
class CandidateCard:
    """A ranked job seeker as one viewer may see them."""

    match: Match
    kind: CardKind
    pseudonym: str
    coach_id: int
    coach_name: str
    name: str | None = None  # the coach team only
    job_seeker_id: int | None = None  # the coach team only
    profile: ProfileSummary | None = None

    @property
    def score(self) -> int:
        return self.match.score

    @property
    def components(self) -> list[Component]:
        return self.match.components

    @property
    def reasons(self) -> list[Reason]:
        return reasons(self.match.components)

    @property
    def is_full(self) -> bool:
        return self.kind == CardKind.FULL


@dataclass(frozen=True)
class OpeningCard:
    """A ranked opening (every role that may see matches may see openings)."""

    match: Match
    opening: Opening

    @property
    def score(self) -> int:
        return self.match.score

    @property
    def components(self) -> list[Component]:
        return self.match.components

    @property
    def reasons(self) -> list[Reason]:
        return reasons(self.match.components)


def _summary(seeker: JobSeeker) -> ProfileSummary:
    profile = seeker.profile
    schedules = dict(Schedule.choices)
    return ProfileSummary(
        skills=sorted(term.name for term in profile.skills.all()),
        strengths=list(profile.strengths or []),
        occupations=list(profile.occupations or []),
        hours_min=profile.hours_min,
        hours_max=profile.hours_max,
        schedules=[str(schedules.get(code, code)) for code in profile.schedules or []],
        municipalities=list(profile.municipalities or []),
    )


def _seekers(user: Any, ids: Iterable[int]) -> dict[int, JobSeeker]:
    skills = Prefetch("profile__skills", queryset=Term.objects.only("id", "name"))
    qs = (
        JobSeeker.objects.for_user(user)
        .filter(pk__in=list(ids), erased_at__isnull=True, status__in=ACTIVE_STATUSES)
        .select_related("coach", "profile")
        .only(*SEEKER_FIELDS)
    )
    if user.has_perm("candidates.view_jobseeker_record"):
        people = {s.pk: s for s in qs}  # figures only: no skills to load
    else:
        people = {s.pk: s for s in qs.prefetch_related(skills)}
    return people


def _candidate_card(user: Any, match: Match, seeker: JobSeeker) -> CandidateCard:
    kind = card_kind(user, seeker)
    common = {
        "match": match,
        "kind": kind,
        "pseudonym": pseudonym(seeker.pk, match.opening_id),
        "coach_id": seeker.coach_id,
        "coach_name": person_name(seeker.coach),
    }
    if kind == CardKind.FULL:
        return CandidateCard(**common, name=seeker.full_name, job_seeker_id=seeker.pk)
    if kind == CardKind.PROFILE:
        return CandidateCard(**common, profile=_summary(seeker))
    return CandidateCard(**common)


def candidate_cards(matches: list[Match], *, user: Any) -> list[CandidateCard]:
    """Cards for ranked job seekers, in rank order (people gone since ranking are left out)."""
    people = _seekers(user, (m.job_seeker_id for m in matches))
    return [
        _candidate_card(user, m, people[m.job_seeker_id])
        for m in matches
        if m.job_seeker_id in people
    ]


def opening_cards(matches: list[Match], *, user: Any) -> list[OpeningCard]:
    """Cards for ranked openings, in rank order."""
    openings = {
        o.pk: o
        for o in Opening.objects.for_user(user)
        .filter(pk__in=[m.opening_id for m in matches])
        .select_related("employer")
        .only("id", "title", "municipality", "hours_per_week", "employer_id", "employer__name")
    }
    return [
        OpeningCard(match=m, opening=openings[m.opening_id])
        for m in matches
        if m.opening_id in openings
    ]


# Ranked and carded, for the pages and the API ------------------------------------------------


def ranked_candidates(
    opening: Opening, *, user: Any, limit: int, offset: int = 0, mine: bool = False
) -> tuple[int, list[CandidateCard]]:
    """(count, cards) of the job seekers ranked for an opening; `mine`: the user's caseload.
    The caller has checked that the user may see the opening's matches."""
    count, matches = index.rank_candidates(
        opening,
        user=user,
        limit=limit,
        offset=offset,
        only_coach=user if mine else None,
        weights=load_weights(opening.organization_id),
    )
    return count, candidate_cards(matches, user=user)


def ranked_openings(
    seeker: JobSeeker, *, user: Any, limit: int, offset: int = 0
) -> tuple[int, list[OpeningCard]]:
    """(count, cards) of the open openings ranked for a job seeker."""
    count, matches = index.rank_openings(
        seeker,
        user=user,
        limit=limit,
        offset=offset,
        weights=load_weights(seeker.organization_id),
    )
    return count, opening_cards(matches, user=user)
