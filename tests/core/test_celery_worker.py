"""A real Celery worker consumes our tasks from Redis (not eager mode)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.utils import timezone

from crm.accounts.models import APIToken
from crm.accounts.services import create_api_token
from crm.celery import app
from crm.core.models import DigestDelivery
from crm.core.tasks import send_daily_digest
from tests.conftest import require_service


def redis_answers(url: str) -> bool:
    import redis

    if not url.startswith("redis"):
        return False
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_worker():
    url = app.conf.broker_url
    require_service(
        redis_answers(url),
        f"A Redis broker (CELERY_BROKER_URL is {url!r})",
        "start `redis-server` and run with CELERY_BROKER_URL=redis://127.0.0.1:6379/0",
    )
    finished: list[str] = []  # ids of the tasks the worker has run, in order

    def note_finished(task_id: str, **kwargs) -> None:
        finished.append(task_id)

    task_postrun.connect(_close_worker_connections, weak=False)
    task_postrun.connect(note_finished, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield finished
    finally:
        task_postrun.disconnect(note_finished)
        task_postrun.disconnect(_close_worker_connections)


def _close_worker_connections(**kwargs) -> None:
    # The worker thread has its own database connection; close it as a real worker does,
    # so the test database can be dropped at the end of the run.
    connections.close_all()


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_digest_task_runs_in_a_real_worker_through_redis(alice, redis_worker):
    assert not app.conf.task_always_eager
    token, _raw = create_api_token(user=alice, name="Power BI")
    APIToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=2))
    today = timezone.localdate().isoformat()

    first = send_daily_digest.delay(alice.pk, today)
    duplicate = send_daily_digest.delay(alice.pk, today)  # must not send twice

    assert wait_for(lambda: {first.id, duplicate.id} <= set(redis_worker))
    assert DigestDelivery.objects.filter(user=alice).count() == 1
    assert len(mail.outbox) == 1
    assert app.connection().as_uri().startswith("redis://")
