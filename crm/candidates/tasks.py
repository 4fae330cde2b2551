"""Celery tasks for job seekers: thin wrappers that call a service."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from crm.candidates.rights.retention import apply_retention


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5)
def apply_retention_policy(day: str | None = None) -> int:
    """Periodic (03:15 Helsinki): anonymise everyone past their organisation's retention period
    after exit. Idempotent: people already anonymised are skipped, so a retry is harmless."""
    return apply_retention(today=date.fromisoformat(day) if day else None)
