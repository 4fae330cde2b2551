"""The whole matching API request at regional scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_matching \
        DEBUG= .venv/bin/python bench/matching_api.py       (BENCH_SCALE=1, BENCH_REQUESTS=50)

Times `GET /api/v1/openings/{id}/matches?limit=50` with a Bearer token through Django's test
client in-process (no network): token auth, the permission and opening checks, the index's
freshness queries, ranking 100,000 job seekers, explaining the top 50, fetching their 50
records for the cards and serialising the JSON. Target: p50 <= 80 ms after a warm-up.

The data: one organisation with 100,000 job seekers (BENCH_SCALE scales it), each with a
career profile (wanted occupations, skills, licences, hours, schedules, places) drawn from the
seeded vocabulary, 200 coaches in teams of ten, 300 employers and 200 openings. Rows are
bulk-inserted; the ranking features are computed by the real code (`features.refresh_*`, the
same as the Celery task), so they are exactly what production would store. The database is
created if missing and the data kept between runs (rebuilt when its size differs, or with
BENCH_REBUILD=1), so a second run only measures.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")  # the test client adds "testserver"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench_matching")

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_SEEKERS = max(100, int(100_000 * SCALE))
N_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
TARGET_P50_MS = 80.0
LIMIT = 50
COACHES = 200
EMPLOYERS = 300
OPENINGS = 200
BATCH = 5_000
ORG_NAME = "Bench matching API"

FIRST = ["Anne", "Tiina", "Kaisa", "Minna", "Jussi", "Timo", "Mika", "Janne", "Antti", "Laura"]
FIRST += ["Ahmed", "Fatima", "Olena", "Oskar", "Linnea", "Reza", "Irina", "Erik", "Amir", "Lan"]
LAST = ["Pesonen", "Hämäläinen", "Kärkkäinen", "Tiainen", "Kettunen", "Partanen", "Suikkanen"]
LAST += ["Rantanen", "Hakulinen", "Kokkonen", "Karhu", "Laukkanen", "Lindqvist", "Ivanov"]
PLACES = ["Lappeenranta"] * 6 + ["Imatra"] * 3 + ["Lemi", "Luumäki", "Parikkala", "Kouvola"]
PLACES += ["Rautjärvi", "Ruokolahti", "Savitaipale", "Taipalsaari", "Kotka", "Vaasa"]
STATUSES = ["referred", "profiling", "job_search", "working", "follow_along", "paused", "exited"]
STATUS_WEIGHTS = [4, 8, 14, 8, 8, 4, 54]  # a region's history: most have exited
SOURCES = ["employment_services", "typ", "social_services", "health_services", "self", "other"]
SCHEDULES = ["day", "evening", "night", "weekend", "shift"]
INDUSTRIES = ["C", "F", "G", "H", "I", "N", "Q", "S"]


def ensure_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL when it does not exist."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        sys.exit("bench/matching_api.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def drop_and_create_database() -> None:
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# Building the data ---------------------------------------------------------------------------


def existing_size() -> int | None:
    from django.db.utils import ProgrammingError

    from crm.candidates.models import JobSeeker

    try:
        return JobSeeker.objects.filter(organization__name=ORG_NAME).count()
    except ProgrammingError:  # not migrated yet
        return None


def build() -> dict[str, float]:
    from django.db import connection, transaction

    from crm.accounts.models import Organization

    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        org, coach, coaches = people()
        terms = vocabulary_terms(org)
        employers = employer_rows(org)
        openings = opening_rows(org, coach, employers, terms)
    timings["users, vocabulary, employers, openings"] = time.perf_counter() - started
    rng = random.Random(20251123)
    step = time.perf_counter()
    with transaction.atomic():
        seekers = seeker_rows(org, coaches, rng)
        profile_rows(org, seekers, terms, rng)
    timings[f"{len(seekers):,} job seekers with profiles (bulk inserts)"] = (
        time.perf_counter() - step
    )
    spread_stamps(org)
    step = time.perf_counter()
    compute_features([s.pk for s in seekers], openings)
    timings["ranking features (features.refresh_*)"] = time.perf_counter() - step
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a live database
    timings["total"] = time.perf_counter() - started
    assert Organization.objects.filter(name=ORG_NAME).count() == 1
    return timings


def people():
    from crm.accounts.models import Team
    from crm.accounts.services import create_user, get_or_create_organization

    org, _ = get_or_create_organization(name=ORG_NAME)
    coach = create_user(
        username="bench-coach", organization=org, role="coach", password="bench-pass-2025"
    )
    teams = Team.objects.bulk_create(
        [Team(organization=org, name=f"IPS-tiimi {n}") for n in range(COACHES // 10)]
    )
    teams[0].members.add(coach)
    coaches = [(coach, teams[0])]
    for n in range(COACHES - 1):
        other = create_user(username=f"bench-c{n}", organization=org, role="coach")
        team = teams[(n + 1) // 10]
        team.members.add(other)
        coaches.append((other, team))
    return org, coach, coaches


def vocabulary_terms(org) -> dict[str, list]:
    from crm.matching.models import Term
    from crm.matching.vocabulary import seed_vocabulary

    if not Term.objects.filter(organization=org).exists():  # new organisations get it seeded
        seed_vocabulary(organization_id=org.pk)
    terms = {kind: [] for kind in ("occupation", "skill", "licence")}
    for term in Term.objects.filter(organization=org).order_by("pk"):
        terms[term.kind].append(term)
    return terms


def employer_rows(org) -> list:
    from crm.employers.models import Employer

    return Employer.objects.bulk_create(
        [
            Employer(
                organization=org,
                name=f"Saimaan Työ {n} Oy",
                municipality=PLACES[n % len(PLACES)],
                industry=INDUSTRIES[n % len(INDUSTRIES)],
            )
            for n in range(EMPLOYERS)
        ]
    )


def opening_rows(org, coach, employers, terms) -> list:
    """Openings through the service, as users create them (vocabulary-resolved skills)."""
    from crm.core.terms import listeners_paused
    from crm.employers.services.openings import create_opening

    rng = random.Random(7)
    openings = []
    with listeners_paused():  # features are computed in bulk below
        for n in range(OPENINGS):
            occupation = rng.choice(terms["occupation"]).name
            openings.append(
                create_opening(
                    employer=employers[n % len(employers)],
                    by=coach,
                    title=occupation,
                    occupation=occupation,
                    required_skills=[t.name for t in rng.sample(terms["skill"], 2)],
                    nice_skills=[t.name for t in rng.sample(terms["skill"], 2)],
                    licences=[t.name for t in rng.sample(terms["licence"], rng.randint(0, 2))],
                    hours_per_week=rng.choice([20, 25, 30, 37]),
                    municipality=rng.choice(PLACES),
                )
            )
    return openings


def seeker_rows(org, coaches, rng: random.Random) -> list:
    from crm.candidates.models import JobSeeker
    from crm.core.search import search_key

    today = date.today()
    rows = []
    for i in range(N_SEEKERS):
        coach, team = coaches[i % len(coaches)]
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        referred = today - timedelta(days=rng.randint(30, 4 * 365))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(
            JobSeeker(
                organization=org,
                first_name=first,
                last_name=last,
                birth_date=date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28)),
                email=f"hakija{i}@example.fi",
                phone=f"+35840{rng.randint(1_000_000, 9_999_999)}",
                municipality=rng.choice(PLACES),
                languages=["fi"] if rng.random() < 0.8 else ["fi", rng.choice(["sv", "en", "ru"])],
                referral_source=rng.choice(SOURCES),
                referred_on=referred,
                intake_on=referred + timedelta(days=10) if status != "referred" else None,
                coach=coach,
                team=team,
                status=status,
                exited_on=today - timedelta(days=rng.randint(1, 20))
                if status == "exited"
                else None,
                exit_reason="employed" if status == "exited" else "",
                search_key=search_key(f"{first} {last}"),
                created_by=coach,
            )
        )
    return JobSeeker.objects.bulk_create(rows, batch_size=BATCH)


def profile_rows(org, seekers, terms, rng: random.Random) -> None:
    from crm.candidates.models import CareerProfile

    occupations = [t.name for t in terms["occupation"]]
    profiles = []
    for s in seekers:
        low = rng.choice([None, 10, 15, 20, 25, 30])
        profiles.append(
            CareerProfile(
                organization=org,
                job_seeker=s,
                strengths=["Täsmällinen", "Luotettava"][: rng.randint(0, 2)],
                occupations=rng.sample(occupations, rng.randint(0, 3)),
                avoid=rng.sample(occupations, 1) if rng.random() < 0.2 else [],
                industries=rng.sample(INDUSTRIES, rng.randint(0, 2)),
                hours_min=low,
                hours_max=None if low is None else low + rng.choice([5, 10, 20]),
                schedules=rng.sample(SCHEDULES, rng.randint(0, 3)),
                municipalities=rng.sample(PLACES, rng.randint(0, 2)),
                remote=rng.random() < 0.1,
            )
        )
    profiles = CareerProfile.objects.bulk_create(profiles, batch_size=BATCH)
    for field, pool, hi in [("skills", terms["skill"], 8), ("licences", terms["licence"], 2)]:
        through = getattr(CareerProfile, field).through
        links = [
            through(careerprofile_id=p.pk, term_id=t.pk)
            for p in profiles
            for t in rng.sample(pool, rng.randint(0, min(hi, len(pool))))
        ]
        through.objects.bulk_create(links, batch_size=BATCH)


def spread_stamps(org) -> None:
    """Give rows the edit times a live database has (spread over years, the latest a day ago)
    instead of all "just now": the index re-reads rows edited within its look-back window of
    the latest edit on every request, which after a bulk insert would be every row."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("candidates_jobseeker", "candidates_careerprofile", "employers_opening"):
            cursor.execute(
                f"UPDATE {table} SET updated_at = now() - interval '1 day' "  # noqa: S608
                "- random() * interval '1400 days' WHERE organization_id = %s",
                [org.pk],
            )
        cursor.execute(
            "UPDATE employers_employer SET updated_at = now() - interval '1 day' "
            "- random() * interval '1400 days' WHERE organization_id = %s",
            [org.pk],
        )


def compute_features(seeker_ids: list[int], openings: list) -> None:
    from crm.matching import features

    for start in range(0, len(seeker_ids), 10_000):
        features.refresh_candidates(seeker_ids[start : start + 10_000])
    features.refresh_openings([o.pk for o in openings])


# Measuring ----------------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from crm.accounts.models import User
    from crm.accounts.services import create_api_token
    from crm.candidates.models import JobSeeker
    from crm.employers.models import Opening
    from crm.matching import index

    coach = User.objects.get(username="bench-coach")
    org = coach.organization
    opening = Opening.objects.filter(organization=org, status="open").order_by("pk").first()
    _token, raw = create_api_token(user=coach, name="bench")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    path = f"/api/v1/openings/{opening.pk}/matches?limit={LIMIT}"

    def call():
        response = api.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:300]!r}")
        return response

    index.reset()
    before = rss_mb()
    started = time.perf_counter()
    body = call().json()  # loads the organisation's index (first request after a restart)
    first_ms = (time.perf_counter() - started) * 1000
    index_mb = rss_mb() - before
    for _ in range(5):  # warm-up
        call()
    timings = []
    for _ in range(N_REQUESTS):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    seekers = JobSeeker.objects.filter(organization=org).count()
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[18]
    verdict = "OK" if p50 <= TARGET_P50_MS else f"OVER {TARGET_P50_MS:.0f} ms"
    load1, load5, _ = os.getloadavg()
    print(
        f"bench/matching_api.py on {connection.vendor}: {seekers:,} job seekers, "
        f"{body['count']:,} ranked (active); {N_REQUESTS} requests after a warm-up"
    )
    print(f"  load average {load1:.1f} / {load5:.1f} (1 / 5 min), {os.cpu_count()} CPUs")
    print(f"  {'request':<52} {'p50':>9} {'p95':>9} {'queries':>8}  target p50")
    label = f"GET /api/v1/openings/{{id}}/matches?limit={LIMIT}"
    print(
        f"  {label:<52} {p50:6.1f} ms {p95:6.1f} ms "
        f"{len(queries):>8}  <= {TARGET_P50_MS:.0f} ms {verdict}"
    )
    print(f"  first request (loads the index): {first_ms:.0f} ms; RSS growth {index_mb:.0f} MB")
    print(f"  items returned: {len(body['items'])}, top score {body['items'][0]['score']}")
    if os.environ.get("BENCH_QUERIES"):
        for q in queries.captured_queries:
            print("   ", q["time"], q["sql"][:160])


def main() -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    size = existing_size()
    if size != N_SEEKERS or os.environ.get("BENCH_REBUILD"):
        if size:  # another size or asked to: start from an empty database
            connections.close_all()
            drop_and_create_database()
        call_command("migrate", verbosity=0)
        timings = build()
        print("data built:")
        for what, seconds in timings.items():
            print(f"  {what:<52} {seconds:7.1f} s")
    else:
        print(f"reusing the {size:,} job seekers already built (BENCH_REBUILD=1 rebuilds)")
    measure()


if __name__ == "__main__":
    main()
