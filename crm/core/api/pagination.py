"""The pagination of every list endpoint: `?limit=&offset=` → `{"items": [...], "count": N}`.

Ninja's own `LimitOffsetPagination` with a bounded offset: an offset past 2^63 overflowed the
database's integer and answered 500. No list has a billion rows; a larger offset is a 422.
"""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
