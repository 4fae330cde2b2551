"""Reads of fidelity reviews, scoped to the user's organisation (another one's review: 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from crm.reports.access import require_reviews
from crm.reports.models import ActionPlanItem, FidelityRating, FidelityReview
from crm.reports.services.reviews import months_before

# THL's practice: a review every 6 months until the total reaches 100, then yearly.
GOOD_TOTAL = 100


def review_list(*, user: Any) -> QuerySet[FidelityReview]:
    require_reviews(user)
    return FidelityReview.objects.for_user(user).select_related("team")


def review_get(*, user: Any, pk: int) -> FidelityReview:
    require_reviews(user)
    ratings: Any = FidelityRating.objects.select_related("item").order_by("item__position")
    return get_object_or_404(
        FidelityReview.objects.for_user(user)
        .select_related("team", "created_by")
        .prefetch_related(
            Prefetch("ratings", queryset=ratings),
            Prefetch("actions", queryset=ActionPlanItem.objects.order_by("due_on", "pk")),
        ),
        pk=pk,
    )


def action_get(*, user: Any, review: FidelityReview, pk: int) -> ActionPlanItem:
    require_reviews(user, write=True)
    return get_object_or_404(ActionPlanItem.objects.for_user(user), review=review, pk=pk)


def next_review_due(review: FidelityReview | None) -> date | None:
    """When the next review is due after `review` (the latest complete one)."""
    if review is None or review.total is None:
        return None
    months = 12 if review.total >= GOOD_TOTAL else 6
    return months_before(review.reviewed_on, -months)


def latest_complete(*, user: Any, team_id: int | None = None) -> FidelityReview | None:
    reviews = review_list(user=user).filter(Q(team_id=team_id), total__isnull=False)
    return reviews.order_by("-reviewed_on", "-pk").first()


@dataclass(frozen=True)
class ComparedItem:
    code: str
    title: str
    first: int | None
    second: int | None
    first_note: str
    second_note: str

    @property
    def change(self) -> int | None:
        if self.first is None or self.second is None:
            return None
        return self.second - self.first


def compare(first: FidelityReview, second: FidelityReview) -> list[ComparedItem]:
    """Two reviews item by item (both read with `review_get`), in the scale's order."""
    theirs = {row.code: row for row in second.ratings.all()}
    rows = []
    for row in first.ratings.all():
        other = theirs.get(row.code)
        rows.append(
            ComparedItem(
                code=row.code,
                title=row.item.title,
                first=row.rating,
                second=other.rating if other else None,
                first_note=row.note,
                second_note=other.note if other else "",
            )
        )
    return rows
