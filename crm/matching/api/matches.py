"""Matching API: ranked matches both ways, each item with its score, components and reasons,
and as much of the person as the caller may see (crm/matching/cards.py decides)."""

from ninja import Field, Query, Schema

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import require
from crm.candidates import selectors as candidate_selectors
from crm.candidates.access import Access
from crm.core.api.pagination import MAX_OFFSET
from crm.employers.selectors.openings import opening_get
from crm.matching import cards
from crm.matching.api.common import router
from crm.matching.index import MAX_LIMIT


class ComponentOut(Schema):
    name: str = Field(
        description="preferences, skills, licences, languages, hours, schedule, place"
    )
    score: int = Field(description="0–100")
    reason: str = Field(description="In plain words, in the caller's language.")
    fit: str = Field(description="fits, gap (to plan for or to check) or miss (does not fit)")


class MatchQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CandidateMatchQuery(MatchQuery):
    mine: bool = Field(False, description="Only the caller's own caseload.")


class CandidateMatchOut(Schema):
    candidate_id: int | None = Field(
        description="Null unless the caller is in the person's coach team (pseudonymous card)."
    )
    pseudonym: str = Field(description="A stable code for the person, the same for every viewer.")
    name: str | None = Field(description="Only for the person's coach team.")
    coach_id: int
    coach_name: str = Field(description="Whom to talk to about the person.")
    score: int = Field(description="0–100")
    components: list[ComponentOut]
    card: str = Field(description="full (coach team), profile (pseudonymous), figures (leads)")
    skills: list[str] | None = Field(None, description="Pseudonymous profile cards only.")
    strengths: list[str] | None = None
    occupations: list[str] | None = Field(None, description="Wanted occupations and job types.")
    hours_min: int | None = None
    hours_max: int | None = None
    schedules: list[str] | None = None
    municipalities: list[str] | None = None


class CandidateMatchesOut(Schema):
    items: list[CandidateMatchOut]
    count: int


class OpeningMatchOut(Schema):
    opening_id: int
    title: str
    employer_id: int
    employer_name: str
    municipality: str
    score: int = Field(description="0–100")
    components: list[ComponentOut]


class OpeningMatchesOut(Schema):
    items: list[OpeningMatchOut]
    count: int


def _components(card) -> list[dict]:
    return [
        {"name": r.name, "score": r.score, "reason": r.text, "fit": str(r.fit)}
        for r in card.reasons
    ]


def _candidate_item(card: cards.CandidateCard) -> dict:
    item = {
        "candidate_id": card.job_seeker_id,
        "pseudonym": card.pseudonym,
        "name": card.name,
        "coach_id": card.coach_id,
        "coach_name": card.coach_name,
        "score": card.score,
        "components": _components(card),
        "card": str(card.kind),
    }
    if card.profile is not None:
        item.update(vars(card.profile))
    return item


def _opening_item(card: cards.OpeningCard) -> dict:
    opening = card.opening
    return {
        "opening_id": opening.pk,
        "title": opening.title,
        "employer_id": opening.employer_id,
        "employer_name": opening.employer.name,
        "municipality": opening.municipality,
        "score": card.score,
        "components": _components(card),
    }


@router.get(
    "/openings/{int:opening_id}/matches",
    response=CandidateMatchesOut,
    summary="Job seekers ranked for an opening",
)
def opening_matches(
    request: CrmRequest, opening_id: int, params: Query[CandidateMatchQuery]
) -> dict:
    require(request.user, "employers.view_opening")
    opening = opening_get(user=request.user, pk=opening_id)
    count, items = cards.ranked_candidates(
        opening,
        user=request.user,
        limit=params.limit,
        offset=params.offset,
        mine=params.mine,
    )
    return {"items": [_candidate_item(c) for c in items], "count": count}


@router.get(
    "/candidates/{int:candidate_id}/matches",
    response=OpeningMatchesOut,
    summary="Open openings ranked for a job seeker",
)
def candidate_matches(request: CrmRequest, candidate_id: int, params: Query[MatchQuery]) -> dict:
    seeker = candidate_selectors.job_seeker_get(
        user=request.user, pk=candidate_id, level=Access.RECORD
    )
    require(request.user, "employers.view_opening")
    count, items = cards.ranked_openings(
        seeker, user=request.user, limit=params.limit, offset=params.offset
    )
    return {"items": [_opening_item(c) for c in items], "count": count}
