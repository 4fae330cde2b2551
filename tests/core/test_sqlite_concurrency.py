"""SQLite, the zero-setup default of `make run`, under the load `make run` puts on it (issue 13,
item 5): the web app, a Celery worker with beat and a management command write at once, and
nobody gets "database is locked".

The real pieces run as subprocesses on a temporary SQLite file: gunicorn serving the app (two
processes with threads, as writes from several browser tabs arrive), a Celery worker with beat
on the filesystem broker (recomputing match features after each save, as under `make run`),
and `manage.py add_user` in a loop, while this test makes API writes from several threads. The
amount of work is fixed; the test waits for it to be done (with a generous upper bound), it
does not measure time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from crm.config import database_config

PASSWORD = "pitka-salasana-123"
WRITERS = 6  # API clients writing at once
EMPLOYERS = 12  # each: an employer, a face-to-face contact with a follow-up, an opening
COMMANDS = 4  # `manage.py add_user` runs while the API is written to
LOCKED = "database is locked"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until(condition, what: str, bound: float = 40.0) -> None:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {bound:.0f} s")
        time.sleep(0.2)


class Installation:
    """A throw-away `make run`: its own SQLite file, broker folders and processes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.database = folder / "crm.sqlite3"
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "test-only-not-a-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "CELERY_BROKER_URL": "filesystem://",
            "CELERY_FILESYSTEM_DIR": str(folder / "celery"),
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def start(self, name: str, *argv: str) -> None:
        log = self.folder / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", *argv],
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
                process_group=0,
            )
        self.processes.append((process, log))

    def stop(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _log in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def logs(self) -> str:
        return "\n".join(log.read_text() for _process, log in self.processes)

    def count(self, table: str) -> int:
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=20) as db:
            return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


class Api:
    def __init__(self, port: int, token: str) -> None:
        self.base = f"http://127.0.0.1:{port}/api/v1"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(  # noqa: S310  (loopback)
            self.base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, {"body": error.read().decode(errors="replace")}

    def up(self) -> bool:
        try:
            return self.call("GET", "/health")[0] == 200
        except OSError:
            return False


def _write_one_employer(api: Api, number: int) -> list[tuple[str, int, dict]]:
    """An employer, a contact with a follow-up and an opening (each queues feature work)."""
    results = []
    status, employer = api.call(
        "POST", "/employers", {"name": f"Saimaan Tekijät {number} Oy", "municipality": "Imatra"}
    )
    results.append(("employer", status, employer))
    if status != 201:
        return results
    contact = {
        "employer_id": employer["id"],
        "channel": "face_to_face",
        "purpose": "needs_discovery",
        "summary": "Tapasimme ja kävimme läpi tarpeet.",
        "next_step": "Lähetä profiilit",
        "follow_up_on": (date.today() + timedelta(days=7)).isoformat(),
    }
    status, body = api.call("POST", "/employer-contacts", contact)
    results.append(("contact", status, body))
    opening = {
        "employer_id": employer["id"],
        "title": "Varastotyöntekijä",
        "occupation": "varastotyöntekijä",
        "required_skills": ["trukin ajo"],
        "municipality": "Imatra",
    }
    status, body = api.call("POST", "/openings", opening)
    results.append(("opening", status, body))
    return results


WEB = ["gunicorn", "crm.wsgi", "--workers=2", "--threads=4", "--worker-class=gthread"]
WORKER = ["celery", "-A", "crm", "worker", "--beat", "--concurrency=2", "--loglevel=info"]


def test_web_worker_and_a_command_write_to_sqlite_at_once_without_locking(tmp_path):
    site = Installation(tmp_path)
    migrated = site.manage("migrate", "--verbosity=0")
    assert migrated.returncode == 0, migrated.stderr
    coach = ["coach", "--organization=Demo", "--role=coach", f"--password={PASSWORD}"]
    assert site.manage("add_user", *coach).returncode == 0
    token = site.manage("create_api_token", "coach").stdout.strip()
    commands: list[subprocess.CompletedProcess] = []

    def add_users() -> None:
        for number in range(COMMANDS):
            user = [f"user{number}", "--organization=Demo", "--role=relations"]
            commands.append(site.manage("add_user", *user, f"--password={PASSWORD}"))

    try:
        site.start("web", *WEB, f"--bind=127.0.0.1:{site.port}")
        site.start("worker", *WORKER, f"--schedule={tmp_path / 'celerybeat-schedule'}")
        api = Api(site.port, token)
        _wait_until(api.up, "the web app answering")

        command_loop = threading.Thread(target=add_users)
        command_loop.start()
        with ThreadPoolExecutor(WRITERS) as pool:
            batches = pool.map(lambda n: _write_one_employer(api, n), range(EMPLOYERS))
            results = [result for batch in batches for result in batch]
        command_loop.join(timeout=120)

        # The worker has computed the features of every opening: its queue is drained.
        openings = sum(1 for what, status, _body in results if (what, status) == ("opening", 201))
        _wait_until(
            lambda: site.count("matching_openingfeatures") >= openings,
            "the worker computing every opening's features",
        )
    finally:
        site.stop()
    logs = site.logs()

    failed = [(what, status, body) for what, status, body in results if status >= 300]
    assert failed == []
    assert len(results) == 3 * EMPLOYERS
    assert [c.returncode for c in commands] == [0] * COMMANDS, [c.stderr for c in commands]
    assert site.count("accounts_user") == 1 + COMMANDS
    assert LOCKED not in logs
    assert not any(LOCKED in c.stdout + c.stderr for c in commands)
    assert "Traceback" not in logs


def test_sqlite_is_configured_for_concurrent_use():
    """WAL (readers never wait for the writer), a busy timeout (a writer waits for the lock
    instead of failing) and immediate transactions (a transaction takes the write lock when it
    starts, so two cannot deadlock upgrading from a read)."""
    options = database_config("sqlite:///var/any.sqlite3")["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]


def test_a_sqlite_database_file_is_opened_in_wal_mode(tmp_path, django_db_blocker):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = database_config(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], **config}, alias="probe")
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
        finally:
            wrapper.close()
