"""A wrong environment stops the process with one line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm.config import ConfigError, require_hosts

ROOT = Path(__file__).resolve().parents[2]

BASE_ENV = {
    "SECRET_KEY": "x",
    "DATABASE_URL": "sqlite:///:memory:",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "crm.example.fi",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    ignored = {"DATABASE_URL", "DEBUG", "PROXY_COUNT"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(BASE_ENV)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def manage_check(**env: str) -> subprocess.CompletedProcess:
    return manage("check", **env)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/crm"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432"}, "DATABASE_URL"),
        ({"CELERY_BROKER_URL": "kafka://localhost:9092"}, "CELERY_BROKER_URL"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL"),
        ({"EMAIL_URL": "smtp://mail.example.fi:notaport"}, "EMAIL_URL"),
        ({"CELERY_BROKER_URL": "redis://127.0.0.1:notaport/0"}, "CELERY_BROKER_URL"),
        ({"CELERY_BROKER_URL": "redis://127.0.0.1:99999/0"}, "CELERY_BROKER_URL"),
        ({"CELERY_BROKER_URL": "redis://[::1/0"}, "CELERY_BROKER_URL"),
        ({"AXES_IP_FAILURE_LIMIT": "3"}, "AXES_IP_FAILURE_LIMIT"),
    ],
)
def test_a_bad_variable_gives_one_line_naming_it(env, variable):
    result = manage_check(**env)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")
    assert "Traceback" not in result.stderr


def test_a_missing_database_url_is_named_when_debug_is_off():
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update({"SECRET_KEY": "x", "DEBUG": "0", "ALLOWED_HOSTS": "crm.example.fi"})
    result = subprocess.run(
        [sys.executable, "-c", "import crm.settings"],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if (ROOT / ".env").exists() and "DATABASE_URL" in (ROOT / ".env").read_text():
        pytest.skip("a local .env sets DATABASE_URL; this test checks the bare environment")
    assert result.stderr.strip() == (
        "Configuration error: DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/crm)"
    )


def test_a_good_configuration_passes_the_checks():
    result = manage_check(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr


def test_behind_proxies_the_client_address_comes_from_x_forwarded_for():
    """PROXY_COUNT reaches django-ipware, which login throttling and the audit log both use."""
    script = (
        "from django.test import RequestFactory;"
        "from crm.accounts.audit import client_ip;"
        "request = RequestFactory().get('/', REMOTE_ADDR='10.0.0.3',"
        " HTTP_X_FORWARDED_FOR='203.0.113.7, 10.0.0.2');"
        "print(client_ip(request))"
    )

    direct = manage("shell", "--verbosity=0", "-c", script)
    behind_one_proxy = manage("shell", "--verbosity=0", "-c", script, PROXY_COUNT="1")

    assert direct.stdout.strip() == "10.0.0.3", direct.stderr
    assert behind_one_proxy.stdout.strip() == "203.0.113.7", behind_one_proxy.stderr


@pytest.mark.parametrize("hosts", [[], ["crm.example.fi"]])
def test_allowed_hosts_may_be_empty_only_when_debugging(hosts):
    assert require_hosts(hosts, debug=True) == hosts


def test_empty_allowed_hosts_without_debug_names_the_variable():
    with pytest.raises(ConfigError, match=r"^Configuration error: ALLOWED_HOSTS is empty: set it"):
        require_hosts([], debug=False)

    assert require_hosts(["crm.example.fi"], debug=False) == ["crm.example.fi"]


def test_postgresql_connections_turn_jit_off(monkeypatch):
    from crm.config import database_config

    monkeypatch.setenv("DATABASE_URL", "postgres://crm@db.example:5432/crm")
    assert database_config(None)["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    assert "options" not in database_config(None).get("OPTIONS", {})
