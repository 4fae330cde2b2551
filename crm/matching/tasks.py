"""Celery tasks that keep ranking features fresh after a save.

Thin and idempotent: a task recomputes the features from the rows as they are now, so running
it twice, late or after the request already recomputed them on demand changes nothing.
`schedule_refresh` enqueues after the surrounding transaction commits, so the worker never
reads a half-saved profile; if the broker is down the save still succeeds and the next ranking
request recomputes what is stale (crm/matching/index.py).
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import OperationalError, transaction

from crm.matching import features

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=10, max_retries=5)
def refresh_candidate_features(job_seeker_id: int) -> int:
    return len(features.refresh_candidates([job_seeker_id]))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=10, max_retries=5)
def refresh_opening_features(opening_id: int) -> int:
    return len(features.refresh_openings([opening_id]))


_TASKS: dict[str, Task[[int], int]] = {
    "candidate": refresh_candidate_features,
    "opening": refresh_opening_features,
}


def schedule_refresh(kind: str, pk: int) -> None:
    """Recompute features of a job seeker ("candidate") or an opening after the commit."""
    task = _TASKS[kind]

    def enqueue() -> None:
        try:
            task.apply_async((pk,), retry=False)  # a save never waits for a broker
        except Exception:  # broker down: ranking recomputes on demand, the save stands
            logger.warning("Could not enqueue %s feature refresh for %s", kind, pk, exc_info=True)

    transaction.on_commit(enqueue)
