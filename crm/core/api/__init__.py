from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["health"])


class HealthOut(Schema):
    status: str
    database: bool


@router.get(
    "/health", auth=None, response={200: HealthOut, 503: HealthOut}, summary="Is the service up?"
)
def health(request: HttpRequest) -> tuple[int, dict]:
    """200 when the database answers; 503 (JSON, for monitors) when it cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return 503, {"status": "unavailable", "database": False}
    return 200, {"status": "ok", "database": True}
