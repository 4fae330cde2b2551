"""Latency and query counts of the foundation's hot paths, on a throw-away test database.

    make bench            (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)

Prints one line per path: median and 95th-percentile milliseconds over N requests through
Django's test client (no network), and the number of SQL queries per request.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

N = int(os.environ.get("BENCH_REQUESTS", "300"))


def measure(client: Client, path: str) -> tuple[float, float, int]:
    client.get(path)  # warm up
    timings = []
    for _ in range(N):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)], len(queries)


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from crm.accounts.models import Team
        from crm.accounts.services import create_api_token, create_user, get_or_create_organization

        org, _ = get_or_create_organization(name="Bench")
        users = {
            role: create_user(username=role, organization=org, role=role, password="bench-pass-123")
            for role in ["coach", "lead", "admin"]
        }
        for n in range(50):
            extra = create_user(username=f"c{n}", organization=org, role="coach")
            team, _ = Team.objects.get_or_create(organization=org, name=f"Tiimi {n % 5}")
            team.members.add(extra, users["coach"])
        _token, raw = create_api_token(user=users["coach"])

        api = Client(headers={"authorization": f"Bearer {raw}"})
        browsers = {role: Client() for role in users}
        for role, client in browsers.items():
            client.force_login(users[role])

        rows = [
            ("GET /api/v1/me (Bearer token)", measure(api, "/api/v1/me")),
            ("GET /my-day/ (coach)", measure(browsers["coach"], "/my-day/")),
            ("GET /reports/ (lead)", measure(browsers["lead"], "/reports/")),
            ("GET /organisation/ (admin, 54 users)", measure(browsers["admin"], "/organisation/")),
        ]
        print(f"bench/pages.py on {connection.vendor}, {N} requests each")
        for name, (median, p95, queries) in rows:
            print(f"  {name:40s} median {median:6.2f} ms   p95 {p95:6.2f} ms   {queries} queries")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
