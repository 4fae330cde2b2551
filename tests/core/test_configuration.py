"""A wrong environment stops the process with one line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment.update({"SECRET_KEY": "x", "DATABASE_URL": "sqlite:///:memory:", "DEBUG": "0"})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


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
    environment.update({"SECRET_KEY": "x", "DEBUG": "0"})
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
