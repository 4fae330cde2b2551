"""PostgreSQL cannot be reached (down, restarting, a wrong host): every answer says so with a
503 — JSON from the API, including /api/v1/health, and a page for people, also on /login/ —
instead of a 500 or a debug traceback (issue 13, item 6). `make run` says it in one line
(tests/core/test_rundev.py).

Each case runs the real settings in a fresh process whose DATABASE_URL points at a port that
nothing listens on, with Django's test client."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = """
import json
import django
django.setup()
from django.test import Client

# As a browser or a client sees it: an error is an answer, not an exception in the test.
with_session = Client(raise_request_exception=False)
with_session.cookies["sessionid"] = "a0b1c2d3e4f5a0b1c2d3e4f5a0b1c2d3"  # a coach's browser
token = Client(raise_request_exception=False, headers={"authorization": "Bearer some-token"})
anonymous = Client(raise_request_exception=False)
answers = {
    "GET /api/v1/health": anonymous.get("/api/v1/health"),
    "GET /api/v1/me (token)": token.get("/api/v1/me"),
    "POST /api/v1/employers (token)": token.post(
        "/api/v1/employers", {"name": "Oy"}, content_type="application/json"
    ),
    "GET /api/v1/candidates (session)": with_session.get("/api/v1/candidates"),
    "GET /login/ (session)": with_session.get("/login/"),
    "POST /login/": anonymous.post("/login/", {"username": "coach", "password": "x" * 12}),
    "GET /my-day/ (session)": with_session.get("/my-day/"),
    "GET /healthz": anonymous.get("/healthz"),
}
print(json.dumps({
    name: {
        "status": r.status_code,
        "type": r.get("Content-Type", ""),
        "body": r.content.decode()[:2000],
    }
    for name, r in answers.items()
}))
"""


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def requests_with_database_down(debug: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "DEBUG": debug,
        "SECRET_KEY": "x",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/crm",
    }
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["0", "1"], ids=["production", "debug"])
def answers(request) -> dict:
    return requests_with_database_down(request.param)


def test_the_api_health_check_answers_503_json(answers):
    health = answers["GET /api/v1/health"]

    assert health["status"] == 503
    assert health["type"].startswith("application/json")
    assert json.loads(health["body"]) == {"status": "unavailable", "database": False}


@pytest.mark.parametrize(
    "name",
    [
        "GET /api/v1/me (token)",
        "POST /api/v1/employers (token)",
        "GET /api/v1/candidates (session)",
    ],
)
def test_api_endpoints_answer_503_json(answers, name):
    answer = answers[name]

    assert answer["status"] == 503, answer["body"][:300]
    assert answer["type"].startswith("application/json")
    assert (
        "database" in json.loads(answer["body"])["detail"].lower()
        or json.loads(answer["body"])["detail"]
    )


@pytest.mark.parametrize(
    "name", ["GET /login/ (session)", "POST /login/", "GET /my-day/ (session)"]
)
def test_pages_show_the_service_unavailable_page(answers, name):
    answer = answers[name]

    assert answer["status"] == 503, answer["body"][:300]
    assert answer["type"].startswith("text/html")
    assert "Palvelu ei ole hetkeen käytettävissä" in answer["body"]
    assert "Traceback" not in answer["body"]


def test_the_load_balancer_check_answers_503(answers):
    assert answers["GET /healthz"]["status"] == 503
