"""Celery tasks for placements: thin wrappers that call a service."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from crm.placements.services import support


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5)
def refresh_support_due_dates(day: str | None = None) -> int:
    """Daily (05:45 Helsinki, before the 06:30 digest): re-check the stored next-contact dates
    of the placements the digest and My day are about to show — due within a week, or with an
    active plan but no date — in case a row was written outside the services (the admin, a
    bulk import). Every service write already keeps the date current, so this touches a
    bounded set and normally changes nothing. Idempotent."""
    return support.refresh_due_soon(today=date.fromisoformat(day) if day else None)
