"""Employer relations at scale: latency and SQL query counts on a throw-away test database.

    DEBUG= .venv/bin/python bench/employers.py                 (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench \
        DEBUG= .venv/bin/python bench/employers.py               (PostgreSQL)

Builds 10,000 employers, 30,000 contact persons, 300,000 contact-log entries and 5,000 openings
(with stage history, follow-ups, tags, skills and tailoring notes) with bulk inserts, in two
steps: first 1 % of the data, where each path's query count is taken, then the rest. A query count
that differs between the two sizes is marked GROWS. Then, as a logged-in coach, each path is
requested BENCH_REQUESTS times (default 100) through Django's test client (server time, no
network), and the selectors behind the pages are timed directly, so figures exist independent
of templates. Prints median and 95th-percentile milliseconds and queries per request.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")  # the test client adds "testserver"
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone

N = int(os.environ.get("BENCH_REQUESTS", "100"))
TARGET_P95_MS = 100.0
FULL = {"employers": 10_000, "persons": 30_000, "contacts": 300_000, "openings": 5_000}
SMALL_SHARE = 0.01  # the first build step, where query counts are taken
BATCH = 5_000
SEARCH = "k-marketti lapenranta"
PAGE_SIZE = 50
YEARS = 3  # the contact log spans three years ...
USERS = 100  # ... of 100 coaches and relations staff: about 4 contacts per person per workday

SOUTH_KARELIA = [
    "Lemi",
    "Luumäki",
    "Parikkala",
    "Rautjärvi",
    "Ruokolahti",
    "Savitaipale",
    "Taipalsaari",
]
ELSEWHERE = [
    "Kouvola",
    "Kotka",
    "Hamina",
    "Mikkeli",
    "Savonlinna",
    "Helsinki",
    "Joensuu",
    "Lahti",
    "Kuopio",
    "Miehikkälä",
    "Virolahti",
    "Puumala",
]
CHAINS = [
    "K-Market",
    "K-Supermarket",
    "S-Market",
    "Sale",
    "R-kioski",
    "Tokmanni",
    "Alepa",
    "Musti ja Mirri",
    "Rautakesko",
    "Neste",
]
PLACES = [
    "Saimaan",
    "Karjalan",
    "Vuoksen",
    "Rajan",
    "Kaakon",
    "Etelä-Karjalan",
    "Kymen",
    "Kanavan",
    "Salpausselän",
    "Järvi-Suomen",
]
SURNAMES = [
    "Virtasen",
    "Korhosen",
    "Mäkisen",
    "Nieminen",
    "Hämäläisen",
    "Laineen",
    "Heikkisen",
    "Koskisen",
    "Järvisen",
    "Lehtosen",
    "Pesosen",
    "Kärkkäisen",
    "Tiaisen",
    "Partasen",
]
TRADES = [
    "Siivous",
    "Kiinteistöhuolto",
    "Kuljetus",
    "Logistiikka",
    "Autokorjaamo",
    "Leipomo",
    "Rakennus",
    "Ravintola",
    "Pitopalvelu",
    "Hoivapalvelut",
    "Puutuote",
    "Metalli",
    "Maalaus",
    "Pihapalvelut",
    "Varasto",
    "Kotipalvelu",
    "Pesula",
    "Rengas",
]
FORMS = ["Oy", "Oy", "Oy", "Ky", "Tmi", "Oy Ab"]
INDUSTRIES = "GGGIIINNNHHQQCCFO"
FIRST = [
    "Anne",
    "Tiina",
    "Kaisa",
    "Minna",
    "Riikka",
    "Jussi",
    "Timo",
    "Mika",
    "Janne",
    "Antti",
    "Laura",
    "Elina",
    "Pekka",
    "Ville",
    "Sami",
]
LAST = [
    "Pesonen",
    "Hämäläinen",
    "Kärkkäinen",
    "Tiainen",
    "Kettunen",
    "Partanen",
    "Suikkanen",
    "Rantanen",
    "Hakulinen",
    "Kokkonen",
    "Karhu",
    "Laukkanen",
    "Pulli",
    "Saarinen",
]
SUMMARIES = [
    "Esittelin IPS-työhönvalmennuksen ja palkkatuen mahdollisuudet; kiinnostunut kuulemaan lisää.",
    "Kierros työpaikalla, tunnistettiin hyllytys- ja varastotehtäviä, jotka voisi koota "
    "osa-aikaiseksi työksi.",
    "Esittelin työnhakijan profiilikortin; työnantaja haluaa tavata hänet ensi viikolla.",
    "Kuulumisten kysely: ei uutta tarvetta juuri nyt, palataan asiaan sesongin alussa.",
    "Tukikäynti: työntekijän ensimmäiset viikot sujuneet hyvin, työvuorot sopivat.",
]
STAGES = ["prospect", "contacted", "met", "needs_identified", "active_partner", "dormant"]
STAGE_WEIGHTS = [25, 20, 20, 15, 12, 8]
CHANNELS = ["face_to_face", "phone", "email", "video", "event"]
CHANNEL_WEIGHTS = [45, 35, 12, 4, 4]
PURPOSES = ["introduction", "needs_discovery", "presenting_candidate", "follow_up", "support"]
SKILLS = [
    "asiakaspalvelu",
    "kassatyöt",
    "siivous",
    "trukin ajo",
    "keittiötyöt",
    "varastotyöt",
    "hyllytys",
    "pakkaaminen",
    "astianpesu",
    "ulkoalueiden hoito",
    "keräily",
    "rengastyöt",
]
LICENCES = ["Hygieniapassi", "Työturvallisuuskortti", "Trukkikortti", "Ajokortti B"]


def business_ids(rng: random.Random, count: int) -> list[str]:
    """Distinct valid Y-tunnus in the unissued 9xxxxxx range."""
    from crm.employers.demo.business_ids import business_id_check_digit

    seen: set[str] = set()
    while len(seen) < count:
        digits = str(rng.randint(9_000_000, 9_999_999))
        check = business_id_check_digit(digits)
        if check is not None:
            seen.add(f"{digits}-{check}")
    return sorted(seen, key=lambda _b: rng.random())


def employer_name(rng: random.Random, municipality: str) -> str:
    kind = rng.random()
    if kind < 0.3:
        return f"{rng.choice(CHAINS)} {municipality}" + (
            f" {rng.randint(1, 9)}" if rng.random() < 0.3 else ""
        )
    if kind < 0.6:
        return f"{rng.choice(PLACES)} {rng.choice(TRADES)} {rng.choice(FORMS)}"
    if kind < 0.85:
        return f"{rng.choice(SURNAMES)} {rng.choice(TRADES)} {rng.choice(FORMS)}"
    return f"{municipality}n {rng.choice(TRADES)} {rng.choice(FORMS)}"


class Builder:
    """Adds employers and their rows in bulk; `grow(n)` can be called repeatedly."""

    def __init__(self, org, coach, users) -> None:
        from crm.employers.models import Tag
        from crm.matching.models import Term

        self.rng = random.Random(2025)
        self.org = org
        self.coach = coach
        self.users = users
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.ids = iter(business_ids(self.rng, FULL["employers"]))
        self.tags = Tag.objects.bulk_create(
            [Tag(organization=org, name=f"Tunniste {i}") for i in range(20)]
        )
        self.skills = Term.objects.bulk_create(
            [Term(organization=org, kind="skill", name=s.capitalize(), key=s) for s in SKILLS]
        )
        self.licences = Term.objects.bulk_create(
            [Term(organization=org, kind="licence", name=s, key=s.lower()) for s in LICENCES]
        )
        self.employers = 0
        self.rows: dict[str, int] = {}

    def count(self, what: str, n: int) -> None:
        self.rows[what] = self.rows.get(what, 0) + n

    def past(self, max_days: int) -> datetime:
        """A moment in the past `max_days` days."""
        days = max_days * self.rng.random()
        return self.now - timedelta(days=days, minutes=self.rng.randint(1, 600))

    def grow(self, employers: int, persons: int, contacts: int, openings: int) -> None:
        from crm.core.search import search_key
        from crm.employers.models import (
            ContactPerson,
            Employer,
            EmployerContact,
            FollowUp,
            Opening,
            StageChange,
            TailoringNote,
        )

        rng, org = self.rng, self.org
        people = [self.coach, *self.users]
        municipalities = ["Lappeenranta"] * 35 + ["Imatra"] * 15 + SOUTH_KARELIA * 3 + ELSEWHERE * 2
        new: list[Employer] = []
        for i in range(employers):
            municipality = rng.choice(municipalities)
            if self.employers == 0 and i == 0:
                name, municipality = "K-Market Lappeenranta", "Lappeenranta"
            else:
                name = employer_name(rng, municipality)
            business_id = next(self.ids) if rng.random() < 0.95 else ""
            created = self.past(YEARS * 365)
            stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
            new.append(
                Employer(
                    organization=org,
                    name=name,
                    business_id=business_id,
                    industry=rng.choice(INDUSTRIES),
                    municipality=municipality,
                    address=f"Kauppakatu {rng.randint(1, 80)}",
                    size_class=rng.choice(["micro", "small", "medium", "large"]),
                    owner=rng.choice(people),
                    stage=stage,
                    stage_changed_at=created + (self.now - created) * rng.random(),
                    search_key=search_key(name, business_id),
                    created_by=self.coach,
                    archived_at=self.now if rng.random() < 0.02 else None,
                )
            )
        new = Employer.objects.bulk_create(new, batch_size=BATCH)
        self.employers += len(new)
        self.count("employers", len(new))

        tag_links = [
            Employer.tags.through(employer_id=e.pk, tag_id=t.pk)
            for e in new
            if rng.random() < 0.3
            for t in rng.sample(self.tags, rng.randint(1, 2))
        ]
        Employer.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)

        changes = []
        for e in new:
            path = (
                STAGES[: STAGES.index(e.stage) + 1]
                if e.stage != "dormant"
                else ["prospect", "contacted", "met", "dormant"]
            )
            start = e.stage_changed_at - timedelta(days=rng.randint(1, 300))
            previous = ""
            for k, stage in enumerate(path):
                share = k / (len(path) - 1) if len(path) > 1 else 1
                changes.append(
                    StageChange(
                        organization=org,
                        employer=e,
                        from_stage=previous,
                        to_stage=stage,
                        changed_at=start + (e.stage_changed_at - start) * share,
                        user=e.owner,
                    )
                )
                previous = stage
        StageChange.objects.bulk_create(changes, batch_size=BATCH)
        self.count("stage changes", len(changes))

        # Contact persons: one per employer, the rest spread at random.
        owners = new + [rng.choice(new) for _ in range(persons - len(new))]
        person_rows = [
            ContactPerson(
                organization=org,
                employer=e,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                title="Myymäläpäällikkö",
                phone=f"+35840{rng.randint(1_000_000, 9_999_999)}",
                email=f"yhteys{rng.randint(1, 10**6)}@example.fi",
                is_decision_maker=rng.random() < 0.4,
            )
            for e in owners
        ]
        person_rows = ContactPerson.objects.bulk_create(person_rows, batch_size=BATCH)
        self.count("contact persons", len(person_rows))
        persons_of: dict[int, list[int]] = {}
        for p in person_rows:
            persons_of.setdefault(p.employer_id, []).append(p.pk)

        # Openings, weighted to employers further along the pipeline.
        weights = [{"needs_identified": 6, "active_partner": 8}.get(e.stage, 1) for e in new]
        opening_rows = [
            Opening(
                organization=org,
                employer=e,
                title=f"{rng.choice(TRADES)}työntekijä",
                tasks="Hyllytys, pakkaaminen ja asiakaspalvelu.",
                languages=["fi"],
                hours_per_week=rng.randint(10, 37),
                schedule=[rng.choice(["day", "shift"])],
                municipality=e.municipality,
                wage_subsidy=rng.random() < 0.3,
                status=rng.choices(["open", "on_hold", "filled", "closed"], [60, 10, 15, 15])[0],
                created_by=self.coach,
            )
            for e in rng.choices(new, weights, k=openings)
        ]
        opening_rows = Opening.objects.bulk_create(opening_rows, batch_size=BATCH)
        self.count("openings", len(opening_rows))
        links = {"required_skills": [], "nice_skills": [], "licences": []}
        for o in opening_rows:
            for field, terms, k in [
                ("required_skills", self.skills, 2),
                ("nice_skills", self.skills, 1),
                ("licences", self.licences, 1),
            ]:
                through = getattr(Opening, field).through
                links[field] += [
                    through(opening_id=o.pk, term_id=t.pk) for t in rng.sample(terms, k)
                ]
        for field, rows in links.items():
            getattr(Opening, field).through.objects.bulk_create(rows, batch_size=BATCH)
        TailoringNote.objects.bulk_create(
            [
                TailoringNote(
                    organization=org,
                    employer=o.employer,
                    opening=o,
                    user=self.coach,
                    tasks_carved_out="Hyllytys aamuisin ennen aukeamista.",
                    adjustments="Lyhyemmät työpäivät alussa, rauhallinen taukotila.",
                )
                for o in opening_rows[: len(opening_rows) // 5]
            ],
            batch_size=BATCH,
        )

        # Contact log with its people met and follow-ups, in chunks to bound memory.
        activity = [rng.paretovariate(1.5) for _ in new]
        through = EmployerContact.contact_persons.through
        user_ids = [u.pk for u in people]
        for start in range(0, contacts, BATCH):
            chunk = []
            for e in rng.choices(new, activity, k=min(BATCH, contacts - start)):
                occurred = self.past(YEARS * 365)
                follow_up_on = None
                if rng.random() < 0.2:
                    follow_up_on = timezone.localtime(occurred).date() + timedelta(
                        days=rng.randint(1, 14)
                    )
                chunk.append(
                    EmployerContact(
                        organization_id=org.pk,
                        employer_id=e.pk,
                        user_id=rng.choice(user_ids),
                        occurred_at=occurred,
                        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                        purpose=rng.choice(PURPOSES),
                        summary=rng.choice(SUMMARIES),
                        outcome="Sovittiin jatkosta.",
                        next_step="Soita ensi viikolla",
                        follow_up_on=follow_up_on,
                    )
                )
            chunk = EmployerContact.objects.bulk_create(chunk, batch_size=BATCH)
            through.objects.bulk_create(
                [
                    through(
                        employercontact_id=c.pk,
                        contactperson_id=rng.choice(persons_of[c.employer_id]),
                    )
                    for c in chunk
                ],
                batch_size=BATCH,
            )
            follow_ups = [
                FollowUp(
                    organization_id=org.pk,
                    user_id=c.user_id,
                    due_on=c.follow_up_on,
                    title=c.next_step,
                    employer_id=c.employer_id,
                    contact_id=c.pk,
                    done=c.follow_up_on < self.today,
                    done_at=self.now if c.follow_up_on < self.today else None,
                )
                for c in chunk
                if c.follow_up_on
            ]
            FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
            self.count("contact-log entries", len(chunk))
            self.count("follow-ups", len(follow_ups))

        # The measured coach's own open follow-ups: overdue, today and the coming days.
        mine = [
            FollowUp(
                organization=org,
                user=self.coach,
                due_on=self.today + timedelta(days=days),
                title="Soita ja sovi tapaaminen",
                employer=rng.choice(new),
            )
            for days in [-9, -4, -1, 0, 0, 0, 1, 2, 3, 5, 6, 10, 20]
        ]
        FollowUp.objects.bulk_create(mine)
        self.count("follow-ups", len(mine))


# Measuring ----------------------------------------------------------------------------------


def timed(call: Callable[[], object], n: int) -> tuple[float, float, int]:
    call()  # warm up
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
        (len(queries)),
    )


def queries_of(call: Callable[[], object]) -> int:
    call()
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def http(client: Client, path: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        return response

    return get


def selector_calls(user, employer_id: int) -> dict[str, Callable[[], object]]:
    from crm.employers.selectors import employers as employer_selectors
    from crm.employers.selectors import follow_ups as follow_up_selectors

    total = employer_selectors.employer_list(user=user, filters=QueryDict("")).count()
    last_page_start = max(0, (total - 1) // PAGE_SIZE * PAGE_SIZE)  # page 50 or the last one

    def listing(query: str, start: int = 0) -> Callable[[], object]:
        return lambda: list(
            employer_selectors.employer_list(user=user, filters=QueryDict(query))[
                start : start + PAGE_SIZE
            ]
        )

    def my_day() -> object:
        return (
            list(follow_up_selectors.my_follow_ups(user=user)),
            list(follow_up_selectors.upcoming_follow_ups(user=user)),
            employer_selectors.weekly_activity(user=user),
        )

    return {
        "employer_list()[:50]": listing(""),
        "employer_list(stage, municipality)[:50]": listing("stage=met&municipality=Lappeenranta"),
        "employer_list(q)[:50]": listing(f"q={quote(SEARCH)}"),
        "employer_list()[page 50]": listing("", min(49 * PAGE_SIZE, last_page_start)),
        "employer_list().count() (paginator)": lambda: employer_selectors.employer_list(
            user=user, filters=QueryDict("")
        ).count(),
        "employer_page()": lambda: employer_selectors.employer_page(user=user, pk=employer_id),
        "board()": lambda: employer_selectors.board(user=user),
        "my day (follow-ups + weekly activity)": my_day,
    }


def http_paths(employer_id: int) -> list[str]:
    return [
        "/employers/",
        "/employers/?stage=met&municipality=Lappeenranta",
        f"/employers/?q={quote(SEARCH)}",
        "/employers/?page=50",
        f"/employers/{employer_id}/",
        "/pipeline/",
        "/my-day/",
        "/api/v1/employers?limit=50",
    ]


def busiest_employer(org) -> int:
    from django.db.models import Count

    from crm.employers.models import Employer

    return (
        Employer.objects.filter(organization=org, archived_at__isnull=True)
        .annotate(n=Count("contacts"))
        .order_by("-n")
        .values_list("pk", flat=True)[0]
    )


def small_query_counts(client: Client, user, org) -> dict[str, int | str]:
    employer_id = busiest_employer(org)
    counts: dict[str, int | str] = {}
    for path in http_paths(employer_id):
        key = path.replace(str(employer_id), "<id>")
        try:
            counts[key] = queries_of(http(client, path))
        except Exception as exc:  # a view not written yet: reported, not fatal
            counts[key] = f"{type(exc).__name__}"
    for name, call in selector_calls(user, employer_id).items():
        counts[name] = queries_of(call)
    return counts


def report(name: str, call: Callable[[], object], before: int | str | None) -> None:
    try:
        median, p95, queries = timed(call, N)
    except Exception as exc:  # a view not written yet: reported, not fatal
        print(f"  {name:48s} unavailable: {type(exc).__name__}: {str(exc)[:80]}")
        return
    grows = isinstance(before, int) and before != queries
    flags = []
    if p95 >= TARGET_P95_MS:
        flags.append("SLOW")
    if grows:
        flags.append(f"GROWS from {before}")
    print(
        f"  {name:48s} median {median:7.2f} ms   p95 {p95:7.2f} ms   {queries:3d} queries"
        + (f"   <- {', '.join(flags)}" if flags else "")
    )


def main() -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)  # no line per force_login
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":  # on disk, like a real installation, not in memory
        test_settings["NAME"] = str(Path(settings.BASE_DIR) / "var" / "bench_employers.sqlite3")
    else:  # its own name, so a concurrent bench/pages.py run keeps its database
        test_settings["NAME"] = f"test_{connection.settings_dict['NAME']}_employers"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from crm.accounts.services import create_user, get_or_create_organization

        org, _ = get_or_create_organization(name="Bench")
        coach = create_user(
            username="coach", organization=org, role="coach", password="bench-pass-123"
        )
        others = [
            create_user(username=f"c{n}", organization=org, role="relations" if n < 20 else "coach")
            for n in range(USERS - 1)
        ]
        client = Client()
        client.force_login(coach)
        builder = Builder(org, coach, others)

        started = time.perf_counter()
        with transaction.atomic():
            builder.grow(**{k: int(v * SMALL_SHARE) for k, v in FULL.items()})
        small = small_query_counts(client, coach, org)
        with transaction.atomic():
            builder.grow(**{k: v - int(v * SMALL_SHARE) for k, v in FULL.items()})
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does on a live PostgreSQL
        build_seconds = time.perf_counter() - started

        employer_id = busiest_employer(org)
        print(
            f"bench/employers.py on {connection.vendor}, {N} requests each, "
            f"p95 target {TARGET_P95_MS:.0f} ms"
        )
        print(
            f"  data built in {build_seconds:.1f} s: "
            + ", ".join(f"{n:,} {what}" for what, n in builder.rows.items())
        )
        print("  pages (Django test client, logged in as a coach):")
        for path in http_paths(employer_id):
            name = path.replace(str(employer_id), "<id>")
            report(name, http(client, path), small.get(name))
        print("  selectors (no template):")
        for name, call in selector_calls(coach, employer_id).items():
            report(name, call, small.get(name))
        print(
            f"  (query counts compared with the same paths at "
            f"{int(FULL['employers'] * SMALL_SHARE)} employers; "
            f"employer page = the one with most contacts)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
