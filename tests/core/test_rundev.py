"""`make run`: a taken port or an unreachable database is said in one line; the web keeps
serving when the worker stops; Ctrl-C stops everything it started."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from crm.core.management.commands.rundev import Command, Supervisor, port_is_free, start, stop


def test_a_taken_port_is_reported_clearly():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        assert not port_is_free("127.0.0.1", port)
        with pytest.raises(CommandError, match=f"Port {port} .* already in use.*PORT={port + 1}"):
            call_command("rundev", port=port)


def test_a_free_port_is_free():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    assert port_is_free("127.0.0.1", port)


def test_the_web_server_starts_from_the_project_folder_whatever_the_current_folder():
    worker, web = Command()._commands("127.0.0.1", 8000)

    assert web[1] == str(settings.BASE_DIR / "manage.py")
    assert worker[1:5] == ["-m", "celery", "-A", "crm"]


class ImpatientPopen(subprocess.Popen):
    """A process whose first wait is cut short by a second Ctrl-C."""

    def wait(self, timeout=None):
        if timeout is not None and not getattr(self, "interrupted", False):
            self.interrupted = True
            raise KeyboardInterrupt
        return super().wait(timeout)


# Ignores SIGTERM, like a hung worker, and so does the child it starts (as runserver's
# autoreloader starts the real server); prints the child's pid when both are ready.
STUBBORN = (
    "import signal, subprocess, sys, time;"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN);"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
    "print(child.pid, flush=True); time.sleep(60)"
)


def is_gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie is dead
    except FileNotFoundError:
        return True


def test_a_second_ctrl_c_while_stopping_still_kills_every_process_and_its_children():
    argv = [sys.executable, "-c", STUBBORN]
    processes = [
        ImpatientPopen(argv, stdout=subprocess.PIPE, text=True, process_group=0),
        start(argv),
    ]
    children = [int(processes[0].stdout.readline())]

    started = time.monotonic()
    stop(processes, grace=30)

    assert time.monotonic() - started < 10
    assert all(p.poll() is not None for p in processes)
    deadline = time.monotonic() + 5
    while not all(is_gone(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(is_gone(pid) for pid in children)
    processes[0].stdout.close()


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


WEB = python("import time; time.sleep(120)")
BROKEN_WORKER = python("import sys; print('broker unreachable', file=sys.stderr); sys.exit(3)")


def test_the_web_keeps_serving_when_the_worker_stops_and_the_worker_is_started_again():
    out = io.StringIO()
    supervisor = Supervisor(worker=BROKEN_WORKER, web=WEB, out=out, delays=(0,), poll=0.05)
    web_alive = []

    def until() -> bool:
        if supervisor.restarts >= 2:
            web_alive.append(supervisor.web.poll() is None)
            return True
        return False

    supervisor.run(until=until)  # a stopped web server would raise CommandError instead

    assert web_alive == [True]
    lines = out.getvalue().splitlines()
    assert len([line for line in lines if "exit code 3" in line]) >= 2
    assert "the web app keeps serving" in lines[0]
    assert supervisor.web.poll() is not None  # and Ctrl-C-like stop still stops it


def test_a_worker_that_keeps_failing_is_started_again_ever_more_patiently():
    out = io.StringIO()
    supervisor = Supervisor(worker=BROKEN_WORKER, web=WEB, out=out, delays=(0, 0, 7), poll=0.05)

    supervisor.run(until=lambda: supervisor.failures >= 3)

    said = out.getvalue()
    assert "starts again in 0 s" in said and "starts again in 7 s" in said


def test_when_the_web_server_stops_everything_stops():
    worker = python("import time; time.sleep(120)")
    supervisor = Supervisor(worker=worker, web=python("import sys; sys.exit(4)"), out=io.StringIO())

    with pytest.raises(CommandError, match=r"web server stopped \(exit code 4\)"):
        supervisor.run()

    assert supervisor.worker is not None and supervisor.worker.poll() is not None


def test_a_database_that_cannot_be_reached_is_one_line_naming_it():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env |= {
        "DEBUG": "1",
        "SECRET_KEY": "x",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed}/crm_unreachable",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "rundev", "--port", str(free_port())],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"crm_unreachable on 127.0.0.1:{closed}" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
