"""Job seekers at scale: server time and SQL query counts on a throw-away test database.

    DEBUG= .venv/bin/python bench/candidates.py                 (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_candidates \
        DEBUG= .venv/bin/python bench/candidates.py               (PostgreSQL)

Builds 20,000 job seekers (with career profiles, skills, work history, status history,
consents, Kykyviisari results, follow-ups and contact-log entries naming them), 400,000 case
notes and 100,000 milestones with bulk inserts, in two steps: first 1 % of the data, where each
path's query count is taken, then the rest. A query count that differs between the two sizes is
marked GROWS. The measured coach has a full IPS caseload (20 active people, more who have
exited) and one person with 2,000 notes, whose pages are the ones measured. Each path is then
requested BENCH_REQUESTS times (default 100) through Django's test client (server time, no
network), after a warm-up; the selectors behind the pages are timed directly too, so figures
exist independent of templates. Prints median and 95th-percentile milliseconds, queries per
request and whether the target is met (p95 < 100 ms; the JSON export < 1 s). BENCH_KEEP=1 keeps
the database afterwards (to EXPLAIN a slow path); BENCH_SCALE=0.05 builds a twentieth.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")  # the test client adds "testserver"
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

N = int(os.environ.get("BENCH_REQUESTS", "100"))
TARGET_P95_MS = 100.0
EXPORT_TARGET_P95_MS = 1000.0
SCALE = float(os.environ.get("BENCH_SCALE", "1"))  # e.g. 0.05 for a quick trial run
SIZES = {"seekers": 20_000, "notes": 400_000, "milestones": 100_000}
FULL = {what: int(n * SCALE) for what, n in SIZES.items()}
SMALL_SHARE = 0.01  # the first build step, where query counts are taken
BUSY_NOTES = 2_000  # notes of the measured person
BATCH = 5_000
COACHES = 200  # besides the measured one, in teams of ten
EMPLOYERS = 300
YEARS = 4

FIRST = ["Anne", "Tiina", "Kaisa", "Minna", "Jussi", "Timo", "Mika", "Janne", "Antti", "Laura"]
FIRST += ["Ahmed", "Fatima", "Olena", "Oskar", "Linnea", "Reza", "Irina", "Erik", "Amir", "Lan"]
LAST = ["Pesonen", "Hämäläinen", "Kärkkäinen", "Tiainen", "Kettunen", "Partanen", "Suikkanen"]
LAST += ["Rantanen", "Hakulinen", "Kokkonen", "Karhu", "Laukkanen", "Lindqvist", "Ivanov"]
MUNICIPALITIES = ["Lappeenranta"] * 6 + ["Imatra"] * 3 + ["Lemi", "Luumäki", "Parikkala"]
MUNICIPALITIES += ["Rautjärvi", "Ruokolahti", "Savitaipale", "Taipalsaari"]
STATUSES = ["referred", "profiling", "job_search", "working", "follow_along", "paused", "exited"]
STATUS_WEIGHTS = [3, 5, 9, 6, 7, 4, 66]  # most of a region's history has exited
ACTIVE = ["profiling", "job_search", "job_search", "working", "follow_along"]
SOURCES = ["employment_services", "typ", "social_services", "health_services", "self", "other"]
MILESTONES = ["profile_done", "benefits_counselling", "job_search_plan", "job_start"]
MILESTONES += ["follow_along"]
CONTACT_TYPES = ["face_to_face", "phone", "message", "video", "note"]
CONTACT_WEIGHTS = [45, 30, 15, 5, 5]
SKILLS = ["asiakaspalvelu", "kassatyö", "siivous", "varastotyö", "keittiötyö", "hyllytys"]
SKILLS += ["hoiva-avustaminen", "kiinteistöhuolto", "pakkaaminen", "keräily", "astianpesu"]
LICENCES = ["Hygieniapassi", "Työturvallisuuskortti", "Trukkikortti", "Ajokortti B"]
NOTES = [
    "Puhelu: kuulumiset ja ensi viikon tapaamisen sopiminen.",
    "Tapaaminen kahvilassa: kävimme läpi avoimia paikkoja ja päivitimme CV:n.",
    "Työnantajakäynnin valmistelu: harjoittelimme esittäytymistä.",
    "Jatkuva tuki: kuukausitapaaminen, työ sujuu ja vuorot sopivat.",
    "Etuusneuvonta: laskimme palkan vaikutuksen asumistukeen.",
]


class Builder:
    """Adds job seekers and their rows in bulk; `grow()` can be called repeatedly."""

    def __init__(self, org, coach, coaches, employers, form) -> None:
        from crm.matching.models import Term

        self.rng = random.Random(2026)
        self.org, self.coach, self.coaches = org, coach, coaches
        self.employers, self.form = employers, form
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.skills = Term.objects.bulk_create(
            [Term(organization=org, kind="skill", name=s.capitalize(), key=s) for s in SKILLS]
        )
        self.licences = Term.objects.bulk_create(
            [Term(organization=org, kind="licence", name=s, key=s.lower()) for s in LICENCES]
        )
        self.team_of = {c.pk: t for c, t in coaches}
        self.seekers: list[tuple[int, date]] = []  # (pk, referred_on) of everyone built
        self.busy: int | None = None
        self.rows: dict[str, int] = {}

    def count(self, what: str, n: int) -> None:
        self.rows[what] = self.rows.get(what, 0) + n

    def day_after(self, start: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (self.today - start).days)))

    def grow(self, seekers: int, notes: int, milestones: int, own: int) -> None:
        """`own` of the new people go to the measured coach (exited ones, apart from the first
        step's 20 active people), the rest to the other coaches."""
        new = self.job_seekers(seekers, own)
        self.profiles(new)
        self.history(new)
        self.contacts(new)
        pool = self.seekers
        weights = [self.rng.paretovariate(1.2) for _ in pool]
        self.notes(pool, weights, notes)
        self.milestones(pool, milestones)

    def job_seekers(self, count: int, own: int) -> list:
        from crm.candidates.models import JobSeeker
        from crm.core.search import search_key

        rng, rows = self.rng, []
        first_step = not self.seekers
        for i in range(count):
            if i < own:
                coach, team = self.coach, self.team_of[self.coach.pk]
                status = rng.choice(ACTIVE) if first_step and i < 20 else "exited"
            else:
                coach, team = rng.choice(self.coaches)
                status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            referred = self.today - timedelta(days=rng.randint(3, YEARS * 365))
            intake = referred + timedelta(days=rng.randint(3, 20)) if status != "referred" else None
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append(
                JobSeeker(
                    organization=self.org,
                    first_name=first,
                    last_name=last,
                    birth_date=date(
                        rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    email=f"hakija{len(self.seekers) + i}@example.fi",
                    phone=f"+35840{rng.randint(1_000_000, 9_999_999)}",
                    municipality=rng.choice(MUNICIPALITIES),
                    languages=["fi"] if rng.random() < 0.8 else ["fi", rng.choice(["sv", "ru"])],
                    referral_source=rng.choice(SOURCES),
                    referred_on=referred,
                    intake_on=min(intake, self.today) if intake else None,
                    coach=coach,
                    team=team,
                    status=status,
                    exited_on=self.day_after(referred) if status == "exited" else None,
                    exit_reason="employed" if status == "exited" else "",
                    search_key=search_key(f"{first} {last}"),
                    created_by=coach,
                )
            )
        rows = JobSeeker.objects.bulk_create(rows, batch_size=BATCH)
        if first_step:
            self.busy = rows[0].pk  # the measured coach's first active person
        self.seekers += [(s.pk, s.referred_on) for s in rows]
        self.count("job seekers", len(rows))
        return rows

    def profiles(self, seekers: list) -> None:
        from crm.candidates.models import CareerProfile, WorkHistoryEntry

        rng = self.rng
        profiles = CareerProfile.objects.bulk_create(
            [
                CareerProfile(
                    organization=self.org,
                    job_seeker=s,
                    education="Peruskoulu; logistiikan perustutkinto.",
                    strengths=["Täsmällinen", "Luotettava"],
                    interests=["Kalastus"],
                    occupations=["Varastotyöntekijä"],
                    industries=["H"],
                    hours_min=20,
                    hours_max=30,
                    schedules=["day"],
                    municipalities=[s.municipality],
                    avoid=["Yötyö"],
                    accommodation_needs="Selkeät ohjeet." if rng.random() < 0.2 else "",
                )
                for s in seekers
            ],
            batch_size=BATCH,
        )
        for field, terms, k in [("skills", self.skills, 3), ("licences", self.licences, 1)]:
            through = getattr(CareerProfile, field).through
            links = [
                through(careerprofile_id=p.pk, term_id=t.pk)
                for p in profiles
                for t in rng.sample(terms, k)
            ]
            through.objects.bulk_create(links, batch_size=BATCH)
        WorkHistoryEntry.objects.bulk_create(
            [
                WorkHistoryEntry(
                    organization=self.org,
                    profile=p,
                    employer_name="Kaakon Logistiikka Oy",
                    role="Keräilijä",
                    started_on=date(2015, 3, 1),
                    ended_on=date(2017, 8, 31),
                    went_well="Tarkka ja nopea.",
                )
                for p in profiles
            ],
            batch_size=BATCH,
        )
        self.count("career profiles", len(profiles))
        self.count("work history entries", len(profiles))

    def history(self, seekers: list) -> None:
        """Status changes, consents, Kykyviisari results and follow-ups of the new people."""
        from crm.candidates.models import Consent, KykyviisariResult, StatusChange
        from crm.employers.models import FollowUp

        rng = self.rng
        changes, consents, results, follow_ups = [], [], [], []
        for s in seekers:
            path = ["referred"] + ([s.status] if s.status != "referred" else [])
            for k, status in enumerate(path):
                changes.append(
                    StatusChange(
                        organization=self.org,
                        job_seeker=s,
                        from_status=path[k - 1] if k else "",
                        to_status=status,
                        by=s.coach,
                    )
                )
            if s.intake_on:
                consents.append(
                    Consent(
                        organization=self.org,
                        job_seeker=s,
                        purpose="employment_services",
                        granted_on=s.intake_on,
                        expires_on=s.intake_on + timedelta(days=365),
                    )
                )
                for phase in ["start", "end"][: rng.randint(1, 2)]:
                    score = rng.randint(3, 8)
                    results.append(
                        KykyviisariResult(
                            organization=self.org,
                            job_seeker=s,
                            assessed_on=self.day_after(s.intake_on),
                            phase=phase,
                            form=self.form,
                            work_ability=score,
                            functioning=score,
                            life_satisfaction=3,
                            self_rated_health=3,
                            inclusion=5,
                            mind=5,
                            everyday_life=5,
                            skills=6,
                            body=6,
                        )
                    )
            if s.status != "exited" and rng.random() < 0.4:
                follow_ups.append(
                    FollowUp(
                        organization=self.org,
                        user=s.coach,
                        job_seeker=s,
                        due_on=self.today + timedelta(days=rng.randint(-5, 20)),
                        title="Soita ja sovi tapaaminen",
                    )
                )
        for model, rows, what in [
            (StatusChange, changes, "status changes"),
            (Consent, consents, "consents"),
            (KykyviisariResult, results, "Kykyviisari results"),
            (FollowUp, follow_ups, "follow-ups"),
        ]:
            model.objects.bulk_create(rows, batch_size=BATCH)
            self.count(what, len(rows))

    def contacts(self, seekers: list) -> None:
        """Face-to-face employer contacts naming half of the people (the derived milestone)."""
        from crm.employers.models import EmployerContact

        rng = self.rng
        named = [s for s in seekers if s.intake_on and rng.random() < 0.5]
        rows = [
            EmployerContact(
                organization=self.org,
                employer=rng.choice(self.employers),
                user=s.coach,
                occurred_at=timezone.make_aware(
                    datetime.combine(self.day_after(s.intake_on), datetime.min.time())
                )
                + timedelta(hours=10),
                channel="face_to_face",
                purpose="presenting_candidate",
                summary="Esittelin työnhakijan; työnantaja haluaa tavata hänet.",
            )
            for s in named
        ]
        rows = EmployerContact.objects.bulk_create(rows, batch_size=BATCH)
        through = EmployerContact.candidates.through
        through.objects.bulk_create(
            [
                through(employercontact_id=c.pk, jobseeker_id=s.pk)
                for c, s in zip(rows, named, strict=True)
            ],
            batch_size=BATCH,
        )
        self.count("employer contacts naming people", len(rows))

    def notes(self, pool: list[tuple[int, date]], weights: list[float], count: int) -> None:
        from crm.candidates.models import CaseNote

        rng = self.rng
        busy = min(count, BUSY_NOTES * count // FULL["notes"])  # the measured person's share
        referred_of = dict(pool)
        targets = [self.busy] * busy + [pk for pk, _ in rng.choices(pool, weights, k=count - busy)]
        for start in range(0, len(targets), BATCH):
            CaseNote.objects.bulk_create(
                [
                    CaseNote(
                        organization=self.org,
                        job_seeker_id=pk,
                        written_on=self.day_after(referred_of[pk]),
                        contact_type=rng.choices(CONTACT_TYPES, CONTACT_WEIGHTS)[0],
                        text=rng.choice(NOTES),
                        sensitive=rng.random() < 0.05,
                        author=self.coach if pk == self.busy else None,
                    )
                    for pk in targets[start : start + BATCH]
                ]
            )
        self.count("case notes", len(targets))

    def milestones(self, pool: list[tuple[int, date]], count: int) -> None:
        """About five per person, as a real timeline has (notes are what piles up)."""
        from crm.candidates.models import Milestone

        rng = self.rng
        rows = [
            Milestone(
                organization=self.org,
                job_seeker_id=pk,
                kind=rng.choice(MILESTONES),
                reached_on=self.day_after(referred),
            )
            for pk, referred in rng.choices(pool, k=count)
        ]
        Milestone.objects.bulk_create(rows, batch_size=BATCH)
        self.count("milestones", len(rows))


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
        len(queries),
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
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response

    return get


def pages(person: int) -> list[tuple[str, str | None, float]]:
    """(label, path or None when the view is not written yet, p95 target in ms)."""

    def path(name: str, *args: int) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    return [
        ("caseload  /job-seekers/", path("candidate_caseload"), TARGET_P95_MS),
        ("all       /job-seekers/all/", path("candidate_list"), TARGET_P95_MS),
        ("person    /job-seekers/<id>/", path("candidate_detail", person), TARGET_P95_MS),
        ("profile   /job-seekers/<id>/profile/", path("candidate_profile", person), TARGET_P95_MS),
        ("notes     /job-seekers/<id>/notes/", path("candidate_notes", person), TARGET_P95_MS),
        (
            "export    /job-seekers/<id>/export.json",
            path("candidate_export_json", person),
            EXPORT_TARGET_P95_MS,
        ),
        ("API       /api/v1/candidates", "/api/v1/candidates", TARGET_P95_MS),
    ]


def selector_calls(user, person: int) -> dict[str, Callable[[], object]]:
    from crm.candidates import selectors

    def seeker():
        return selectors.job_seeker_get(user=user, pk=person)

    return {
        "caseload()": lambda: list(selectors.caseload(user=user)),
        "job_seeker_list()[:50]": lambda: list(selectors.job_seeker_list(user=user)[:50]),
        "job_seeker_list().count()": lambda: selectors.job_seeker_list(user=user).count(),
        "job_seeker_get() + timeline()": lambda: selectors.timeline(user=user, job_seeker=seeker()),
        "profile_get()": lambda: selectors.profile_get(user=user, job_seeker=seeker()),
        "notes_list() (all)": lambda: list(selectors.notes_list(user=user, job_seeker=seeker())),
    }


def run_or_reason(call: Callable[[], object]) -> str | None:
    try:
        call()
    except Exception as exc:  # a view not written yet or failing: reported, not fatal
        return f"{type(exc).__name__}: {str(exc)[:70]}"
    return None


def report(name: str, call: Callable[[], object], before: object, target: float | None) -> None:
    reason = run_or_reason(call)
    if reason:
        print(f"  {name:44s} unavailable ({reason})")
        return
    median, p95, queries = timed(call, N)
    flags = []
    if target is not None:
        flags.append("met" if p95 < target else f"MISSED (target {target:.0f} ms)")
    if isinstance(before, int) and before != queries:
        flags.append(f"GROWS from {before}")
    print(
        f"  {name:44s} {median:8.1f} {p95:8.1f} ms {queries:4d} q   "
        + (", ".join(flags) if flags else "")
    )


def small_query_counts(client: Client, api: Client, user, person: int) -> dict[str, object]:
    counts: dict[str, object] = {}
    for label, path, _target in pages(person):
        caller = api if path and path.startswith("/api/") else client
        if path and not run_or_reason(http(caller, path)):
            counts[label] = queries_of(http(caller, path))
    for name, call in selector_calls(user, person).items():
        if not run_or_reason(call):
            counts[name] = queries_of(call)
    return counts


def setup_people():
    from crm.accounts.models import Team
    from crm.accounts.services import create_user, get_or_create_organization
    from crm.candidates.models import KykyviisariForm
    from crm.employers.models import Employer

    org, _ = get_or_create_organization(name="Bench")
    coach = create_user(username="coach", organization=org, role="coach", password="bench-123-x")
    teams = Team.objects.bulk_create(
        [Team(organization=org, name=f"IPS-tiimi {n}") for n in range(COACHES // 10 + 1)]
    )
    coaches = []
    for n in range(COACHES):
        other = create_user(username=f"c{n}", organization=org, role="coach")
        team = teams[n // 10]
        team.members.add(other)
        coaches.append((other, team))
    teams[0].members.add(coach)
    employers = Employer.objects.bulk_create(
        [
            Employer(organization=org, name=f"Saimaan Työ {n} Oy", municipality="Lappeenranta")
            for n in range(EMPLOYERS)
        ]
    )
    form = KykyviisariForm.objects.get(version="web-2020")
    return org, coach, [(coach, teams[0]), *coaches], employers, form


def main() -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":  # on disk, like a real installation, not in memory
        test_settings["NAME"] = str(Path(settings.BASE_DIR) / "var" / "bench_candidates.sqlite3")
    else:  # its own name, so a concurrent bench run keeps its database
        test_settings["NAME"] = f"test_{connection.settings_dict['NAME']}_candidates"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from crm.accounts.services import create_api_token

        org, coach, coaches, employers, form = setup_people()
        others = coaches[1:]
        client = Client()
        client.force_login(coach)
        _token, raw = create_api_token(user=coach)
        api = Client(headers={"authorization": f"Bearer {raw}"})
        builder = Builder(org, coach, others, employers, form)
        builder.team_of[coach.pk] = coaches[0][1]

        started = time.perf_counter()
        with transaction.atomic():
            builder.grow(**{k: int(v * SMALL_SHARE) for k, v in FULL.items()}, own=40)
        person = builder.busy
        small = small_query_counts(client, api, coach, person)
        with transaction.atomic():
            builder.grow(**{k: v - int(v * SMALL_SHARE) for k, v in FULL.items()}, own=160)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does on a live PostgreSQL
        build_seconds = time.perf_counter() - started

        print(
            f"bench/candidates.py on {connection.vendor}, {N} requests each after a warm-up; "
            f"targets p95 < {TARGET_P95_MS:.0f} ms (export < {EXPORT_TARGET_P95_MS:.0f} ms)"
        )
        print(f"  load average before measuring: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        print(
            f"  data built in {build_seconds:.1f} s: "
            + ", ".join(f"{n:,} {what}" for what, n in builder.rows.items())
        )
        print(f"  {'path (as a coach; <id> has ' + str(BUSY_NOTES) + ' notes)':44s}"
              f" {'median':>8s} {'p95':>8s}    queries")  # fmt: skip
        for label, path, target in pages(person):
            if path is None:
                print(f"  {label:44s} unavailable (URL name not registered yet)")
                continue
            caller = api if path.startswith("/api/") else client
            report(label, http(caller, path), small.get(label), target)
        print("  selectors (no template):")
        for name, call in selector_calls(coach, person).items():
            report(name, call, small.get(name), None)
        print(
            f"  (query counts compared with the same paths at "
            f"{int(FULL['seekers'] * SMALL_SHARE)} job seekers)"
        )
    finally:
        if os.environ.get("BENCH_KEEP"):  # to look into a slow path: EXPLAIN, query logs
            print(f"  database kept: {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
