"""`make run`: migrate, seed demo data, then run the web server and a Celery worker with beat.

Ctrl-C (or SIGTERM) stops all of it; pressed again while stopping, it kills at once. When the
worker stops (a broken broker), the web server keeps serving and the worker is started again
(`Supervisor`). A busy port or a database that cannot be reached is reported in one line, not a
traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from crm.accounts.demo import DEMO_USERS, demo_password


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM stops everything the same way Ctrl-C does


class Command(BaseCommand):
    help = "Run the CRM for development: web on 127.0.0.1:PORT plus a Celery worker and beat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if not port_is_free(host, port):
            raise CommandError(
                f"Port {port} on {host} is already in use (another `make run`?). "
                f"Stop that program, or start on another port: make run PORT={port + 1}"
            )
        with database_errors_in_one_line():
            call_command("migrate", interactive=False, verbosity=0)
            call_command("seed_demo", stdout=self.stdout)
        self._banner(host, port)
        worker, web = self._commands(host, port)
        Supervisor(worker=worker, web=web, out=self.stdout).run()

    def _banner(self, host: str, port: int) -> None:
        names = ", ".join(u[0] for u in DEMO_USERS)
        self.stdout.write(
            self.style.SUCCESS(f"\nAskel CRM: http://{host}:{port}/\n")
            + f"Demo logins: {names} — password: {demo_password()}\n"
            + f"Celery broker: {settings.CELERY_BROKER_URL}\n"
            + "Ctrl-C stops the web server, the worker and beat.\n"
        )

    def _commands(self, host: str, port: int) -> list[list[str]]:
        python = sys.executable
        schedule = settings.BASE_DIR / "var" / "celerybeat-schedule"
        schedule.parent.mkdir(parents=True, exist_ok=True)
        worker = [
            python,
            "-m",
            "celery",
            "-A",
            "crm",
            "worker",
            "--beat",
            "--loglevel=info",
            "--concurrency=1",
            f"--schedule={schedule}",
        ]
        web = [python, str(settings.BASE_DIR / "manage.py"), "runserver", f"{host}:{port}"]
        return [worker, web]


# Seconds before the worker is started again after stopping, growing while it keeps failing
# (a broken broker); back to the first after it has run for a minute.
RESTART_DELAYS = (1, 2, 5, 10, 30, 60)
RAN_LONG_ENOUGH = 60


class Supervisor:
    """Runs the web server and the Celery worker (with beat). The web server is what people
    use: when the worker stops (a broken broker, a crash), the web keeps serving, one line
    says so, and the worker is started again, ever more patiently while it keeps failing.
    When the web server stops, everything stops. Ctrl-C (or SIGTERM) stops both."""

    def __init__(
        self,
        *,
        worker: list[str],
        web: list[str],
        out: Any,
        delays: tuple[float, ...] = RESTART_DELAYS,
        poll: float = 0.5,
    ) -> None:
        self.worker_argv, self.web_argv, self.out = worker, web, out
        self.delays, self.poll = delays, poll
        self.failures = 0  # worker stops in a row
        self.restarts = 0

    def run(self, until: Callable[[], bool] = lambda: False) -> None:
        signal.signal(signal.SIGTERM, _interrupt)
        self.web = start(self.web_argv)
        self.worker: subprocess.Popen | None = start(self.worker_argv)
        self.worker_started = time.monotonic()
        self.restart_at: float | None = None
        try:
            while not until():
                if self.web.poll() is not None:
                    raise CommandError(
                        f"The web server stopped (exit code {self.web.returncode}); "
                        "stopping the worker too."
                    )
                self._watch_worker()
                time.sleep(self.poll)
        except KeyboardInterrupt:
            self.out.write("\nStopping…\n")
        finally:
            stop([p for p in (self.worker, self.web) if p is not None])

    def _watch_worker(self) -> None:
        now = time.monotonic()
        if self.worker is not None and self.worker.poll() is not None:
            ran = now - self.worker_started
            self.failures = 1 if ran >= RAN_LONG_ENOUGH else self.failures + 1
            delay = self.delays[min(self.failures, len(self.delays)) - 1]
            self.out.write(
                f"The Celery worker stopped (exit code {self.worker.returncode}); the web app "
                f"keeps serving, and the worker starts again in {delay:g} s. "
                f"Broker: {settings.CELERY_BROKER_URL}\n"
            )
            stop([self.worker])
            self.worker, self.restart_at = None, now + delay
        if self.worker is None and self.restart_at is not None and now >= self.restart_at:
            self.worker, self.restart_at = start(self.worker_argv), None
            self.worker_started = now
            self.restarts += 1


@contextmanager
def database_errors_in_one_line() -> Iterator[None]:
    """The database cannot be reached (PostgreSQL down, wrong host or password): one line that
    names it, not a traceback."""
    try:
        yield
    except DatabaseError as exc:
        settings_dict = connection.settings_dict
        where = settings_dict.get("HOST") or ""
        if settings_dict.get("PORT"):
            where += f":{settings_dict['PORT']}"
        name = f"{settings_dict.get('NAME')}" + (f" on {where}" if where else "")
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CommandError(
            f"Cannot use the database {name} ({connection.vendor}): {first_line}. "
            "Check DATABASE_URL and that the database server is running."
        ) from None


def start(argv: list[str]) -> subprocess.Popen:
    """Start a program from the project folder (whatever folder rundev was started in), in a
    process group of its own: stop() then reaches what it starts too (runserver serves from a
    child of its autoreloader; the worker has a pool and beat), so nothing outlives `make run`."""
    return subprocess.Popen(argv, cwd=settings.BASE_DIR, process_group=0)  # noqa: S603


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already gone
        os.killpg(process.pid, signum)


def stop(processes: list[subprocess.Popen], grace: float = 10) -> None:
    """Ask each process to stop, wait up to `grace` seconds, then kill what is left of their
    process groups. Another Ctrl-C while waiting ends the wait at once: everything is killed.
    """
    try:
        for process in processes:
            if process.poll() is None:
                process.terminate()  # the worker's own warm shutdown stops its pool and beat
        deadline = time.monotonic() + grace
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
    except KeyboardInterrupt:
        pass  # impatient: kill them now
    finally:
        # Killing takes no time; a third Ctrl-C must not leave a process behind.
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in _STOP_SIGNALS}
        try:
            for process in processes:
                _signal_group(process, signal.SIGKILL)  # also any child that outlived its parent
                process.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
