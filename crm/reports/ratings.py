"""The suggested ratings of the computed indicators (shared/FIDELITY.md, "Computed figures"):
pure functions from a value to a 1-5 rating, or None when there is nothing to rate."""

from __future__ import annotations

from decimal import Decimal

V10_MIN_JOBS = 10  # "1 also when fewer than 10 jobs are active"


def rate_s1(value: int | None) -> int | None:
    if value is None:
        return None
    for limit, rating in ((20, 5), (25, 4), (30, 3), (40, 2)):
        if value <= limit:
            return rating
    return 1


def rate_v4(days: Decimal | None) -> int | None:
    if days is None:
        return None
    for limit, rating in ((30, 5), (60, 4), (150, 3), (270, 2)):
        if days <= limit:
            return rating
    return 1


def _at_least(value: Decimal | None, bands: tuple[tuple[int, int], ...]) -> int | None:
    if value is None:
        return None
    for limit, rating in bands:
        if value >= limit:
            return rating
    return 1


def rate_v6(per_week: Decimal | None) -> int | None:
    return _at_least(per_week, ((6, 5), (5, 4), (4, 3), (2, 2)))


def rate_diversity(share: Decimal | None) -> int | None:
    """V8 and V9."""
    return _at_least(share, ((85, 5), (70, 4), (60, 3), (50, 2)))


def rate_v10(share: Decimal | None, n: int) -> int:
    if n < V10_MIN_JOBS:
        return 1
    return _at_least(share, ((95, 5), (85, 4), (75, 3), (65, 2))) or 1


def rate_v12(share: Decimal | None) -> int | None:
    return _at_least(share, ((90, 5), (75, 4), (50, 3), (25, 2)))
