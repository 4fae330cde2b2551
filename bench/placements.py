"""Placements and follow-along support at scale: server time and SQL query counts on a
throw-away test database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_placements \
        DEBUG= .venv/bin/python bench/placements.py               (PostgreSQL, the target)
    DEBUG= .venv/bin/python bench/placements.py                  (SQLite)

Builds 20,000 job seekers, 50,000 placements and 1,000,000 support contacts with bulk inserts
(BENCH_SCALE=0.05 builds a twentieth), in two steps: first 1 % of the data, where each path's
query count is taken, then the rest; a count that differs between the two sizes is marked
GROWS. The measured coach has a full IPS caseload (20 people in work, a third of them with
support overdue) plus jobs that ended; the measured placement has 60 support contacts. Each path
is requested BENCH_REQUESTS times (default 100) through Django's test client (server time, no
network) after a warm-up. Prints median and 95th-percentile milliseconds, queries per request
and whether the target is met (p95 < 100 ms). BENCH_KEEP=1 keeps the database afterwards.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse
from django.utils import timezone

N = int(os.environ.get("BENCH_REQUESTS", "100"))
TARGET_P95_MS = 100.0
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SIZES = {"people": 20_000, "placements": 50_000, "contacts": 1_000_000}
FULL = {what: int(n * SCALE) for what, n in SIZES.items()}
SMALL_SHARE = 0.01
BATCH = 5_000
COACHES = 200
EMPLOYERS = 2_000
BUSY_CONTACTS = 60
TITLES = ["Varastotyöntekijä", "Siivooja", "Keittiöapulainen", "Myyjä", "Kiinteistönhoitaja"]
TITLES += ["Hoiva-avustaja", "Tuotantotyöntekijä", "Asiakaspalvelija", "Lähetti", "Kokki"]
CHANNELS = ["face_to_face", "phone", "video", "message"]
WITH_WHOM = ["worker", "worker", "worker", "employer", "both", "other_professional"]
CONTRACTS = ["permanent", "fixed_term", "apprenticeship", "temporary_agency", "seasonal"]


class Builder:
    def __init__(self, org, coach, coaches, employers) -> None:
        self.rng = random.Random(2026)
        self.org, self.coach, self.coaches, self.employers = org, coach, coaches, employers
        self.today = timezone.localdate()
        self.rows: dict[str, int] = {}
        self.busy: int | None = None

    def count(self, what: str, n: int) -> None:
        self.rows[what] = self.rows.get(what, 0) + n

    def grow(self, people: int, placements: int, contacts: int, own: int) -> None:
        from crm.candidates.models import JobSeeker
        from crm.placements.models import Placement

        rng = self.rng
        new_people = []
        for i in range(people):
            coach, team = (self.coach if i < own else rng.choice(self.coaches)), None
            coach, team = coach if isinstance(coach, tuple) else (coach, self.coach_team)
            referred = self.today - timedelta(days=rng.randint(60, 1500))
            new_people.append(
                JobSeeker(
                    organization=self.org,
                    first_name=rng.choice(["Anne", "Jussi", "Olena", "Reza", "Kaisa", "Timo"]),
                    last_name=f"Henkilö {self.rows.get('people', 0) + i}",
                    referral_source="employment_services",
                    referred_on=referred,
                    intake_on=referred + timedelta(days=7),
                    coach=coach,
                    team=team,
                    status="working" if i < own else rng.choice(["working", "job_search"]),
                    search_key=f"henkilo {self.rows.get('people', 0) + i}",
                )
            )
        seekers = JobSeeker.objects.bulk_create(new_people, batch_size=BATCH)
        self.count("people", len(seekers))
        rows = []
        for i in range(placements):
            # The measured coach's people first (one current job each, a third overdue).
            seeker = seekers[i] if i < len(seekers) and i < own else rng.choice(seekers)
            start = max(seeker.intake_on + timedelta(days=20), self.today - timedelta(days=900))
            start += timedelta(days=rng.randint(0, max(0, (self.today - start).days - 1)))
            ended = i >= own and rng.random() < 0.55
            ended_on = start + timedelta(days=rng.randint(20, 400)) if ended else None
            if ended_on and ended_on > self.today:
                ended_on = None
            due = None if ended_on else self.today + timedelta(days=rng.randint(-20, 30))
            if i < own:
                due = self.today + timedelta(days=(-10 if i % 3 == 0 else i % 7))
            rows.append(
                Placement(
                    organization=self.org,
                    candidate=seeker,
                    employer=rng.choice(self.employers),
                    job_title=rng.choice(TITLES),
                    start_on=start,
                    ended_on=ended_on,
                    end_reason="quit" if ended_on else "",
                    hours_per_week=Decimal(rng.choice(["20", "25", "30", "37.5"])),
                    hourly_wage=Decimal("13.50"),
                    contract_type=rng.choice(CONTRACTS),
                    pay_subsidy="none",
                    competitive=True,
                    next_support_due_on=due,
                    last_support_on=self.today - timedelta(days=rng.randint(1, 40)),
                )
            )
        created = Placement.objects.bulk_create(rows, batch_size=BATCH)
        if self.busy is None:
            self.busy = created[0].pk
        self.count("placements", len(created))
        self.support(created, contacts)

    def support(self, placements: list, count: int) -> None:
        from crm.placements.models import SupportContact

        rng, made, batch = self.rng, 0, []
        busy = [p for p in placements if p.pk == self.busy]
        for placement in busy * BUSY_CONTACTS + [rng.choice(placements) for _ in range(count)]:
            batch.append(
                SupportContact(
                    organization=self.org,
                    placement=placement,
                    occurred_on=placement.start_on + timedelta(days=rng.randint(0, 300)),
                    with_whom=rng.choice(WITH_WHOM),
                    channel=rng.choice(CHANNELS),
                    place="workplace",
                    topics=["tasks"],
                    notes="Kuukausitapaaminen: työ sujuu, vuorot sopivat.",
                )
            )
            if len(batch) >= BATCH:
                SupportContact.objects.bulk_create(batch)
                made += len(batch)
                batch = []
        SupportContact.objects.bulk_create(batch)
        self.count("support contacts", made + len(batch))


def timed(call: Callable[[], object], n: int) -> tuple[float, float, int]:
    call()
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    timings.sort()
    return (
        statistics.median(timings),
        timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        len(queries),
    )


def http(client: Client, path: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code} for {path}")
        return response

    return get


def paths(busy: int) -> list[tuple[str, str]]:
    return [
        ("My day      /my-day/", reverse("my_day")),
        ("list        /placements/", reverse("placement_list")),
        ("list, due   /placements/?due=week", reverse("placement_list") + "?due=week"),
        ("placement   /placements/<id>/", reverse("placement_detail", args=[busy])),
        ("API         /api/v1/placements", "/api/v1/placements"),
        ("API active  ?active=true&limit=100", "/api/v1/placements?active=true&limit=100"),
        ("API search  ?q=varasto", "/api/v1/placements?q=varasto"),
        (
            "API contacts /placements/<id>/support-contacts",
            f"/api/v1/placements/{busy}/support-contacts",
        ),
        ("API plan    /placements/<id>/plan", f"/api/v1/placements/{busy}/plan"),
    ]


def count_queries(client: Client, api: Client, busy: int) -> dict[str, int]:
    counts = {}
    for label, path in paths(busy):
        call = http(api if path.startswith("/api/") else client, path)
        call()
        with CaptureQueriesContext(connection) as queries:
            call()
        counts[label] = len(queries)
    return counts


def setup_people():
    from crm.accounts.models import Team
    from crm.accounts.services import create_user, get_or_create_organization
    from crm.employers.models import Employer

    org, _ = get_or_create_organization(name="Bench")
    coach = create_user(username="coach", organization=org, role="coach", password="bench-123-x")
    teams = Team.objects.bulk_create(
        [Team(organization=org, name=f"IPS-tiimi {n}") for n in range(COACHES // 10 + 1)]
    )
    coaches = []
    for n in range(COACHES):
        other = create_user(username=f"c{n}", organization=org, role="coach")
        teams[n // 10 + 1].members.add(other)
        coaches.append((other, teams[n // 10 + 1]))
    teams[0].members.add(coach)
    employers = Employer.objects.bulk_create(
        [
            Employer(
                organization=org,
                name=f"Saimaan Työ {n} Oy",
                municipality="Lappeenranta",
                search_key=f"saimaan tyo {n}",
            )
            for n in range(EMPLOYERS)
        ],
        batch_size=BATCH,
    )
    return org, coach, teams[0], coaches, employers


def main() -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(Path(settings.BASE_DIR) / "var" / "bench_placements.sqlite3")
    else:
        test_settings["NAME"] = f"test_{connection.settings_dict['NAME']}_placements"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from crm.accounts.services import create_api_token

        org, coach, team, coaches, employers = setup_people()
        client = Client()
        client.force_login(coach)
        _token, raw = create_api_token(user=coach)
        api = Client(headers={"authorization": f"Bearer {raw}"})
        builder = Builder(org, coach, coaches, employers)
        builder.coach_team = team

        started = time.perf_counter()
        with transaction.atomic():
            builder.grow(**{k: int(v * SMALL_SHARE) for k, v in FULL.items()}, own=20)
        busy = builder.busy
        small = count_queries(client, api, busy)
        with transaction.atomic():
            builder.grow(**{k: v - int(v * SMALL_SHARE) for k, v in FULL.items()}, own=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started

        print(
            f"bench/placements.py on {connection.vendor}, {N} requests each after a warm-up; "
            f"target p95 < {TARGET_P95_MS:.0f} ms"
        )
        print(f"  load average before measuring: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        print(
            f"  data built in {build_seconds:.1f} s: "
            + ", ".join(f"{n:,} {what}" for what, n in builder.rows.items())
        )
        print(f"  {'path (as a coach)':48s} {'median':>8s} {'p95':>8s}    queries")
        for label, path in paths(busy):
            call = http(api if path.startswith("/api/") else client, path)
            median, p95, queries = timed(call, N)
            flags = ["met" if p95 < TARGET_P95_MS else f"MISSED (target {TARGET_P95_MS:.0f})"]
            if small.get(label) != queries:
                flags.append(f"GROWS from {small.get(label)}")
            print(f"  {label:48s} {median:8.1f} {p95:8.1f} ms {queries:4d} q   {', '.join(flags)}")
        print(
            f"  (query counts compared with the same paths at "
            f"{int(FULL['placements'] * SMALL_SHARE)} placements)"
        )
    finally:
        if os.environ.get("BENCH_KEEP"):
            print(f"  database kept: {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
