"""`make run`: a taken port is said in one line; Ctrl-C stops everything it started."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from crm.core.management.commands.rundev import Command, port_is_free, start, stop


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
