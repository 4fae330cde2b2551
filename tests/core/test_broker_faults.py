"""A save that queues a task stays quick when the broker is down or hangs (issue 13, item 6):
one publish attempt with short timeouts (settings: CELERY_BROKER_*), and the enqueue is wrapped
so the save stands and a line is logged; the match index recomputes on demand.

Each case runs a save's enqueue (`schedule_refresh`, which every job seeker and opening save
calls after its commit) in a fresh process with CELERY_BROKER_URL pointing at a fake broker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAVE = """
import django
django.setup()
from crm.matching.tasks import schedule_refresh
schedule_refresh("candidate", 1)  # outside a transaction: queued at once, as after a commit
print("saved")
"""


def save_with_broker(url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "DEBUG": "1",
        "SECRET_KEY": "x",
        "DATABASE_URL": "sqlite:///:memory:",
        "CELERY_BROKER_URL": url,
    }
    return subprocess.run(
        [sys.executable, "-c", SAVE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard, not a measurement: without the timeouts it never returns
        check=False,
    )


@contextmanager
def listening() -> Iterator[socket.socket]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield server
    finally:
        server.close()


def test_a_save_does_not_hang_on_a_broker_that_never_answers():
    with listening() as silent:  # connections are accepted by the kernel, nothing answers
        port = silent.getsockname()[1]
        result = save_with_broker(f"redis://127.0.0.1:{port}/0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "saved"
    assert "Could not enqueue candidate feature refresh for 1" in result.stderr


def test_a_save_tries_a_broken_broker_once_instead_of_retrying_for_seconds():
    attempts = []
    with listening() as broken:
        port = broken.getsockname()[1]

        def hang_up() -> None:  # every connection is closed at once, like a failing broker
            while True:
                try:
                    conn, _addr = broken.accept()
                except OSError:
                    return
                attempts.append(1)
                conn.close()

        threading.Thread(target=hang_up, daemon=True).start()
        result = save_with_broker(f"redis://127.0.0.1:{port}/0")

    assert result.stdout.strip() == "saved", result.stderr
    assert 1 <= len(attempts) <= 2


def test_a_save_with_the_broker_down_logs_one_line_and_stands():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens here once the probe closes

    result = save_with_broker(f"redis://127.0.0.1:{closed}/0")

    assert result.returncode == 0 and result.stdout.strip() == "saved"
    assert "Could not enqueue" in result.stderr
