"""Fidelity reviews: `fidelity-reviews` (GET list, POST) and `fidelity-reviews/{id}` (GET,
PATCH with `version`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.accounts.models import Team
from crm.core.api.pagination import LimitOffsetPagination
from crm.core.dates import PastDate
from crm.reports.access import require_reviews
from crm.reports.api.common import router
from crm.reports.models import Band, FidelityReview, ReviewKind
from crm.reports.selectors import reviews as selectors
from crm.reports.services import reviews as services

KIND_ENUM: dict[str, Any] = {"enum": list(ReviewKind.values)}
BAND_ENUM: dict[str, Any] = {"enum": [*Band.values, None]}
RATINGS_NOTE = (
    "Item code → rating 1-5 (S1-S3, O1-O8, V1-V14). Partial while a draft; on PATCH only the "
    "items given change and null clears one."
)


class ActionOut(Schema):
    id: int
    item_code: str
    action: str
    owner: str
    due_on: date | None
    done_on: date | None


class ReviewOut(Schema):
    id: int
    reviewed_on: date
    kind: str = Field(json_schema_extra=KIND_ENUM)
    team_id: int | None = Field(description="null: the whole organisation.")
    reviewers: str
    period_start: date = Field(description="The indicators' period (default: 6 months before).")
    period_end: date
    summary: str
    ratings: dict[str, int] = Field(description=RATINGS_NOTE)
    notes: dict[str, str]
    rated_count: int
    total: int | None = Field(description="The sum of the 25 ratings; null until all are rated.")
    mean: float | None = Field(description="total / 25, two decimals.")
    band: str | None = Field(json_schema_extra=BAND_ENUM)
    item_revisions: dict[str, int] = Field(description="The revision of each item's texts rated.")
    actions: list[ActionOut]
    version: int

    @staticmethod
    def resolve_ratings(obj: FidelityReview) -> dict[str, int]:
        return {row.code: row.rating for row in obj.ratings.all() if row.rating is not None}

    @staticmethod
    def resolve_notes(obj: FidelityReview) -> dict[str, str]:
        return {row.code: row.note for row in obj.ratings.all() if row.note}

    @staticmethod
    def resolve_mean(obj: FidelityReview) -> float | None:
        return float(obj.mean) if obj.mean is not None else None

    @staticmethod
    def resolve_item_revisions(obj: FidelityReview) -> dict[str, int]:
        return {row.code: row.item.revision for row in obj.ratings.all()}

    @staticmethod
    def resolve_actions(obj: FidelityReview) -> list[Any]:
        return list(obj.actions.all())


class ReviewListOut(Schema):
    id: int
    reviewed_on: date
    kind: str
    team_id: int | None
    reviewers: str
    rated_count: int
    total: int | None
    mean: float | None
    band: str | None
    version: int

    @staticmethod
    def resolve_mean(obj: FidelityReview) -> float | None:
        return float(obj.mean) if obj.mean is not None else None


class ReviewIn(Schema):
    reviewed_on: PastDate
    kind: str = Field(json_schema_extra=KIND_ENUM)
    team_id: int | None = Field(None, description="null: the whole organisation.")
    reviewers: str = Field("", description="Names as text.")
    period_start: PastDate | None = None
    period_end: PastDate | None = None
    summary: str = ""
    ratings: dict[str, Any] = Field({}, description=RATINGS_NOTE)
    notes: dict[str, Any] = Field({}, description="Item code → note.")


class ReviewPatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    reviewed_on: PastDate | None = None
    kind: str | None = Field(None, json_schema_extra=KIND_ENUM)
    team_id: int | None = None
    reviewers: str | None = None
    period_start: PastDate | None = None
    period_end: PastDate | None = None
    summary: str | None = None
    ratings: dict[str, Any] | None = Field(None, description=RATINGS_NOTE)
    notes: dict[str, Any] | None = None


def _team(request: HttpRequest, team_id: int | None) -> Team | None:
    """A team of the caller's organisation; another organisation's is a 404."""
    if team_id is None:
        return None
    return get_object_or_404(Team.objects.for_user(request.user), pk=team_id)


def _review(request: HttpRequest, review_id: int) -> FidelityReview:
    return selectors.review_get(user=request.user, pk=review_id)


@router.get("/fidelity-reviews", response=list[ReviewListOut], summary="Fidelity reviews")
@paginate(LimitOffsetPagination)
def review_list(request: HttpRequest) -> Any:
    return selectors.review_list(user=request.user)


@router.post("/fidelity-reviews", response={201: ReviewOut}, summary="Start a fidelity review")
def review_create(request: CrmRequest, payload: ReviewIn) -> tuple[int, FidelityReview]:
    require_reviews(request.user, write=True)
    data = payload.dict()
    team = _team(request, data.pop("team_id"))
    review = services.create_review(by=request.user, team=team, **data)
    return 201, _review(request, review.pk)


@router.get("/fidelity-reviews/{int:review_id}", response=ReviewOut, summary="One review")
def review_detail(request: HttpRequest, review_id: int) -> FidelityReview:
    return _review(request, review_id)


@router.patch("/fidelity-reviews/{int:review_id}", response=ReviewOut, summary="Change a review")
def review_update(request: CrmRequest, review_id: int, payload: ReviewPatch) -> FidelityReview:
    review = _review(request, review_id)
    require_reviews(request.user, write=True)
    data = payload.dict(exclude_unset=True)
    if "team_id" in data:
        data["team"] = _team(request, data.pop("team_id"))
    for name in ("reviewers", "summary"):
        if name in data and data[name] is None:
            data[name] = ""
    required = [n for n in ("reviewed_on", "kind", "period_start", "period_end") if n in data]
    missing = {name: _("This field is required.") for name in required if data[name] is None}
    if missing:
        raise ValidationError(missing)
    services.update_review(review=review, by=request.user, **data)
    return _review(request, review_id)
