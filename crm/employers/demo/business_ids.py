"""Fictional business IDs (Y-tunnus): a correct check digit, drawn from the 9xxxxxx range,
which has not been issued so far, so none is a real company's."""

from __future__ import annotations

import random

BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(digits: str) -> int | None:
    """Check digit of a Y-tunnus body of 7 digits; None when the body cannot be used."""
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def fictional_business_ids(rng: random.Random, count: int) -> list[str]:
    """Distinct valid business IDs in the unissued 9xxxxxx range."""
    ids: list[str] = []
    while len(ids) < count:
        digits = str(rng.randint(9_000_000, 9_999_999))
        check = business_id_check_digit(digits)
        candidate = f"{digits}-{check}"
        if check is not None and candidate not in ids:
            ids.append(candidate)
    return ids
