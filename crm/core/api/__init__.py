from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["health"])


class HealthOut(Schema):
    status: str
    database: bool


@router.get("/health", auth=None, response=HealthOut, summary="Is the service up?")
def health(request: HttpRequest) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return {"status": "ok", "database": cursor.fetchone() == (1,)}
