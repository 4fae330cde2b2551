"""Celery tasks: thin wrappers that take ids, load, and call a service."""

from __future__ import annotations

import socket
from datetime import date
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError, connection
from django.utils import timezone

from crm.accounts.models import User
from crm.core import digest, idempotency

TRANSIENT = (OperationalError, SMTPException, ConnectionError, TimeoutError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=10, max_retries=3)
def health_check() -> dict:
    """Proves a worker is consuming and can reach the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone() == (1,)
    return {"status": "ok", "database": database_ok, "worker": socket.gethostname()}


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5)
def send_daily_digest(user_id: int, day: str) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None:  # the user may have been removed since the fan-out
        return False
    return digest.send_digest(user=user, day=date.fromisoformat(day))


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5)
def send_daily_digests(day: str | None = None) -> int:
    """Periodic (06:30 Helsinki): one digest task per active user with an e-mail address."""
    day = day or timezone.localdate().isoformat()
    user_ids = list(
        User.objects.filter(is_active=True, organization__isnull=False)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for user_id in user_ids:
        send_daily_digest.delay(user_id, day)
    return len(user_ids)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=3)
def purge_idempotent_requests() -> int:
    """Hourly: forget form submissions and API Idempotency-Keys older than 24 hours."""
    return idempotency.purge_expired()
