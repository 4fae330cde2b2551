"""`make run` on a machine where the port is taken says so in one line."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command

from crm.core.management.commands.rundev import port_is_free


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
