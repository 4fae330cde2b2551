"""`make run`: migrate, seed demo data, then run the web server and a Celery worker with beat.

Ctrl-C (or SIGTERM) stops all of it; pressed again while stopping, it kills at once.
A busy port is reported in one line, not a traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=self.stdout)
        self._banner(host, port)
        self._supervise(self._start(host, port))

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

    def _start(self, host: str, port: int) -> list[subprocess.Popen]:
        return [start(argv) for argv in self._commands(host, port)]

    def _supervise(self, processes: list[subprocess.Popen]) -> None:
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            raise CommandError("A process stopped unexpectedly; stopping the rest.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            stop(processes)


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
