"""Outcome reports and fidelity indicators at regional scale, on a throw-away test database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_reports \
        DEBUG= .venv/bin/python bench/reports.py                    (PostgreSQL: the target)
    DEBUG= .venv/bin/python bench/reports.py                        (SQLite, BENCH_SCALE=0.05)

Builds the issue's sizes with bulk inserts: 20,000 job seekers (status history, Kykyviisari
results), 300,000 employer contacts (a third naming a person), 50,000 jobs, 1,000,000 support
contacts and 60,000 job satisfaction check-ins over four years, 100 coaches in teams of ten —
first 1 % of it, where each path's query count is taken, then the rest (a count that differs is
marked GROWS). Then times, for the last full quarter and the whole organisation, as a pilot
lead: the selectors (outcomes, indicators, the 8-quarter series), the two API endpoints and
the report page (which draws the 8-quarter chart too), BENCH_REQUESTS times each (default 20)
after a warm-up. Targets: outcomes and indicators p95 < 1 s; the 8-quarter chart < 2 s.
BENCH_KEEP=1 keeps the database; BENCH_SCALE=0.1 builds a tenth.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

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
from django.utils import timezone

N = int(os.environ.get("BENCH_REQUESTS", "20"))
DEFAULT_SCALE = "1" if connection.vendor == "postgresql" else "0.05"
SCALE = float(os.environ.get("BENCH_SCALE", DEFAULT_SCALE))
SIZES = {
    "people": 20_000,
    "employer_contacts": 300_000,
    "jobs": 50_000,
    "support_contacts": 1_000_000,
    "check_ins": 60_000,
}
FULL = {what: int(n * SCALE) for what, n in SIZES.items()}
SMALL_SHARE = 0.01
COACHES = 100
EMPLOYERS = 2_000
BATCH = 10_000
YEARS = 4
HELSINKI = ZoneInfo("Europe/Helsinki")
TARGETS_MS = {"outcomes": 1000.0, "indicators": 1000.0, "series": 2000.0, "page": 1000.0}
TITLES = ["Myyjä", "Varastotyöntekijä", "Siivooja", "Kokki", "Hoiva-avustaja", "Kiinteistöhoitaja"]
TITLES += ["Asiakaspalvelija", "Keräilijä", "Tarjoilija", "Autonkuljettaja", "Kassatyöntekijä"]
REASONS = ["quit", "dismissed", "contract_ended", "temporary_ended", "other"]


class Builder:
    def __init__(self, org, coaches, employers, form, today: date) -> None:
        self.org, self.coaches, self.employers, self.form = org, coaches, employers, form
        self.today = today
        self.first_day = today - timedelta(days=365 * YEARS)
        self.rows: dict[str, int] = {}
        self.random = random.Random(11)

    def day(self, after: date, within: int | None = None) -> date:
        span = (self.today - after).days if within is None else within
        return min(self.today, after + timedelta(days=self.random.randint(0, max(0, span))))

    def count(self, what: str, n: int) -> None:
        self.rows[what] = self.rows.get(what, 0) + n

    def grow(self, **sizes: int) -> None:
        from crm.candidates.models import JobSeeker, KykyviisariResult, StatusChange
        from crm.employers.models import EmployerContact
        from crm.placements.models import JobCheckIn, Placement, SupportContact

        rnd = self.random
        people = []
        for i in range(sizes["people"]):
            referred = self.day(self.first_day)
            intake = self.day(referred, 30) if rnd.random() < 0.9 else None
            exited = self.day(intake, 700) if intake and rnd.random() < 0.55 else None
            status = "exited" if exited else rnd.choice(["job_search", "working", "paused"])
            people.append(
                JobSeeker(
                    organization=self.org,
                    first_name=f"Henkilö{i}",
                    last_name="Bench",
                    referral_source="employment_services",
                    referred_on=referred,
                    intake_on=intake,
                    exited_on=exited,
                    exit_reason="other" if exited else "",
                    status=status,
                    coach=rnd.choice(self.coaches),
                )
            )
        people = JobSeeker.objects.bulk_create(people, batch_size=BATCH)
        self.count("people", len(people))
        changes = []
        for person in people:
            at = datetime.combine(person.referred_on, dtime(10), tzinfo=HELSINKI)
            changes.append(
                StatusChange(organization=self.org, job_seeker=person, to_status="referred", at=at)
            )
            if person.status == "paused":
                pause = self.day(person.referred_on)
                changes.append(
                    StatusChange(
                        organization=self.org,
                        job_seeker=person,
                        from_status="job_search",
                        to_status="paused",
                        at=datetime.combine(pause, dtime(12), tzinfo=HELSINKI),
                    )
                )
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        self.count("status changes", len(changes))
        results = []
        for person in people[::2]:
            if person.intake_on is None:
                continue
            for k in range(2):
                results.append(
                    KykyviisariResult(
                        organization=self.org,
                        job_seeker=person,
                        assessed_on=self.day(person.intake_on, 200 * (k + 1)),
                        phase="other",
                        form=self.form,
                        work_ability=Decimal(rnd.randint(20, 90)) / 10,
                        functioning=5,
                        life_satisfaction=3,
                        self_rated_health=3,
                        inclusion=5,
                        mind=5,
                        everyday_life=5,
                        skills=5,
                        body=5,
                    )
                )
        KykyviisariResult.objects.bulk_create(results, batch_size=BATCH)
        self.count("Kykyviisari results", len(results))

        taken_in = [p for p in people if p.intake_on]
        contacts = [
            EmployerContact(
                organization=self.org,
                employer=rnd.choice(self.employers),
                user=rnd.choice(self.coaches),
                occurred_at=datetime.combine(
                    self.day(self.first_day), dtime(9 + i % 8), tzinfo=HELSINKI
                ),
                channel=rnd.choice(["face_to_face", "face_to_face", "phone", "email"]),
                purpose=rnd.choice(
                    ["introduction", "needs_discovery", "presenting_candidate", "support"]
                ),
                summary="Käynti",
            )
            for i in range(sizes["employer_contacts"])
        ]
        contacts = EmployerContact.objects.bulk_create(contacts, batch_size=BATCH)
        self.count("employer contacts", len(contacts))
        through = EmployerContact.candidates.through
        named = [
            through(employercontact_id=contact.pk, jobseeker_id=rnd.choice(taken_in).pk)
            for contact in contacts[::3]
        ]
        through.objects.bulk_create(named, batch_size=BATCH)
        self.count("contacts naming a person", len(named))

        jobs = []
        for _ in range(sizes["jobs"]):
            person = rnd.choice(taken_in)
            start = self.day(person.intake_on)
            ended = self.day(start, 400) if rnd.random() < 0.5 else None
            jobs.append(
                Placement(
                    organization=self.org,
                    candidate=person,
                    employer=rnd.choice(self.employers),
                    job_title=rnd.choice(TITLES),
                    start_on=start,
                    ended_on=ended,
                    end_reason=rnd.choice(REASONS) if ended else "",
                    hours_per_week=Decimal(rnd.choice([10, 20, 25, 30, 37.5])),
                    contract_type="permanent",
                    competitive=rnd.random() < 0.85,
                )
            )
        jobs = Placement.objects.bulk_create(jobs, batch_size=BATCH)
        self.count("jobs", len(jobs))
        per_job = max(1, sizes["support_contacts"] // max(1, len(jobs)))
        support = []
        for job in jobs:
            for k in range(per_job):
                support.append(
                    SupportContact(
                        organization=self.org,
                        placement=job,
                        occurred_on=job.start_on + timedelta(days=k * 7 + rnd.randint(0, 3)),
                        with_whom="worker",
                        channel="face_to_face",
                    )
                )
            if len(support) >= BATCH * 5:
                SupportContact.objects.bulk_create(support, batch_size=BATCH)
                self.count("support contacts", len(support))
                support = []
        SupportContact.objects.bulk_create(support, batch_size=BATCH)
        self.count("support contacts", len(support))
        check_ins = [
            JobCheckIn(
                organization=self.org,
                placement=job,
                checked_on=self.day(job.start_on, 120),
                respondent=rnd.choice(["worker", "employer"]),
                score=rnd.randint(1, 5),
            )
            for job in rnd.sample(jobs, min(len(jobs), sizes["check_ins"]))
        ]
        JobCheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
        self.count("check-ins", len(check_ins))


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


def queries_of(call: Callable[[], object]) -> int:
    call()
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def http(client: Client, path: str, htmx: bool = False) -> Callable[[], object]:
    headers = {"HX-Request": "true"} if htmx else {}

    def get() -> object:
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code} for {path}")
        return response

    return get


def calls(org_id: int, client: Client, api: Client) -> dict[str, tuple[Callable[[], object], str]]:
    from crm.reports.periods import Scope, previous_quarter, quarter_of
    from crm.reports.selectors import figures
    from crm.reports.selectors.report import quarter_series

    quarter = previous_quarter(quarter_of(timezone.localdate()))
    scope = Scope(organization_id=org_id)
    query = f"start={quarter.start}&end={quarter.end}"
    return {
        "selector outcomes (1 quarter)": (lambda: figures.outcomes(quarter, scope), "outcomes"),
        "selector indicators (1 quarter)": (
            lambda: figures.indicators(quarter, scope),
            "indicators",
        ),
        "selector 8-quarter series": (lambda: quarter_series(scope, ending=quarter), "series"),
        "GET /api/v1/reports/outcomes": (
            http(api, f"/api/v1/reports/outcomes?{query}"),
            "outcomes",
        ),
        "GET /api/v1/reports/fidelity-indicators": (
            http(api, f"/api/v1/reports/fidelity-indicators?{query}"),
            "indicators",
        ),
        "GET /reports/outcomes/ (page)": (http(client, f"/reports/outcomes/?{query}"), "page"),
        "GET /reports/outcomes/quarters/ (htmx chart)": (
            http(client, f"/reports/outcomes/quarters/?{query}", htmx=True),
            "series",
        ),
        "GET /reports/ (Raportit)": (http(client, "/reports/"), "page"),
    }


def setup():
    from crm.accounts.models import Team
    from crm.accounts.services import create_api_token, create_user, get_or_create_organization
    from crm.candidates.models import KykyviisariForm
    from crm.employers.models import Employer

    org, _ = get_or_create_organization(name="Bench")
    lead = create_user(username="lead", organization=org, role="lead", password="bench-123-x")
    teams = Team.objects.bulk_create(
        [Team(organization=org, name=f"Tiimi {n}") for n in range(COACHES // 10)]
    )
    coaches = []
    for n in range(COACHES):
        coach = create_user(username=f"c{n}", organization=org, role="coach")
        teams[n // 10].members.add(coach)
        coaches.append(coach)
    employers = Employer.objects.bulk_create(
        [
            Employer(organization=org, name=f"Työnantaja {n} Oy", municipality="Lappeenranta")
            for n in range(EMPLOYERS)
        ]
    )
    form, _ = KykyviisariForm.objects.get_or_create(
        version="bench", defaults={"domain_min": 0, "domain_max": 10}
    )
    client = Client()
    client.force_login(lead)
    _token, raw = create_api_token(user=lead)
    api = Client(headers={"authorization": f"Bearer {raw}"})
    return org, coaches, employers, form, client, api


def main() -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(Path(settings.BASE_DIR) / "var" / "bench_reports.sqlite3")
    else:
        test_settings["NAME"] = f"test_{connection.settings_dict['NAME']}_reports"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        org, coaches, employers, form, client, api = setup()
        builder = Builder(org, coaches, employers, form, timezone.localdate())
        started = time.perf_counter()
        with transaction.atomic():
            builder.grow(**{k: max(1, int(v * SMALL_SHARE)) for k, v in FULL.items()})
        small = {
            name: queries_of(call) for name, (call, _kind) in calls(org.pk, client, api).items()
        }
        with transaction.atomic():
            builder.grow(**{k: v - max(1, int(v * SMALL_SHARE)) for k, v in FULL.items()})
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
        print(
            f"bench/reports.py on {connection.vendor}, scale {SCALE}, "
            f"{N} requests each after a warm-up"
        )
        print(f"  load average before measuring: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        print(
            f"  data built in {build_seconds:.0f} s: "
            + ", ".join(f"{n:,} {w}" for w, n in builder.rows.items())
        )
        print(
            f"  {'path (last full quarter, whole organisation, as a lead)':44s} "
            f"{'median':>8s} {'p95':>8s}    queries"
        )
        for name, (call, kind) in calls(org.pk, client, api).items():
            median, p95, queries = timed(call, N)
            target = TARGETS_MS[kind]
            flags = ["met" if p95 < target else f"MISSED (target {target:.0f} ms)"]
            if small[name] != queries:
                flags.append(f"GROWS from {small[name]}")
            print(f"  {name:44s} {median:8.1f} {p95:8.1f} ms {queries:4d} q   " + ", ".join(flags))
        print(f"  (query counts compared with the same paths at {SMALL_SHARE:.0%} of the data)")
    finally:
        if os.environ.get("BENCH_KEEP"):
            print(f"  database kept: {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
