"""Matching at regional scale: in-process ranking speed, index memory and a naive baseline.

    .venv/bin/python bench/matching.py          (BENCH_REQUESTS=200, BENCH_SCALE=1)

Builds synthetic features for 100,000 job seekers and 10,000 openings over a 400-term
vocabulary (the shape `features.refresh_*` stores), loads them into the same tables the index
uses, and times after a warm-up:
- ranking 100,000 people for one opening and explaining the top 50 (target p50 <= 20 ms);
- ranking 10,000 openings for one person, top 50 explained (target p50 <= 10 ms);
- the index's resident memory (RSS growth while building it; target <= 300 MB);
- a naive baseline: rapidfuzz over each person's raw text against the opening, per request,
  as one would without normalising when saved; printed with the speed ratio.
The API figure (auth and the 50 records) comes with the endpoint.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.utils import translation
from rapidfuzz import fuzz

from crm.matching import codes
from crm.matching.scoring import CandidateRow, OpeningRow, TermBook, explain, parts_at
from crm.matching.tables import CandidateTable, OpeningTable, top_k
from crm.matching.weights import DEFAULT_WEIGHTS

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_PEOPLE = int(100_000 * SCALE)
N_OPENINGS = int(10_000 * SCALE)
N_TERMS = 400
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
BASELINE_REQUESTS = 5
TOP = 50
PLACES = ["Lappeenranta", "Imatra", "Lemi", "Luumäki", "Parikkala", "Helsinki", "Kouvola"]
PLACES += ["Savitaipale", "Taipalsaari", "Ruokolahti", "Rautjärvi", "Vaasa", "Kotka"]
WORDS = ["asiakaspalvelu", "varasto", "siivous", "keittiö", "kassa", "hoiva", "kiinteistö"]
WORDS += ["trukki", "keräily", "pakkaus", "myynti", "astianpesu", "hyllytys", "kuljetus"]


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def some(rng: random.Random, lo: int, hi: int) -> frozenset[int]:
    return frozenset(rng.randrange(N_TERMS) for _ in range(rng.randint(lo, hi)))


def make_person(rng: random.Random, pk: int) -> CandidateRow:
    home = codes.municipality(rng.choice(PLACES))
    low = rng.choice([None, 10, 15, 20, 25, 30])
    return CandidateRow(
        id=pk,
        coach_id=rng.randrange(1, 400),
        active=rng.random() < 0.35,
        occupations=some(rng, 0, 3),
        avoid=some(rng, 0, 1),
        skills=some(rng, 0, 8),
        licences=some(rng, 0, 2),
        industries=codes.mask(rng.sample(codes.INDUSTRIES, rng.randint(0, 2)), codes.INDUSTRIES),
        schedules=rng.randrange(32),
        languages=codes.mask(rng.sample(["fi", "sv", "en", "ru", "ar"], 2), codes.LANGUAGES),
        hours_min=low,
        hours_max=None if low is None else low + rng.choice([5, 10, 20]),
        municipality=home[0],
        region=home[1],
        municipalities=frozenset(codes.municipality(rng.choice(PLACES))[0] for _ in range(2)),
        remote=rng.random() < 0.2,
    )


def make_opening(rng: random.Random, pk: int) -> OpeningRow:
    where = codes.municipality(rng.choice(PLACES))
    return OpeningRow(
        id=pk,
        employer_id=rng.randrange(1, 3000),
        active=rng.random() < 0.6,
        occupations=some(rng, 1, 1),
        required=some(rng, 0, 4),
        nice=some(rng, 0, 3),
        licences=some(rng, 0, 2),
        industry=1 << rng.randrange(21),
        schedules=rng.randrange(32),
        languages=codes.mask(rng.sample(["fi", "sv", "en"], rng.randint(0, 2)), codes.LANGUAGES),
        hours=rng.choice([None, 20, 25, 30, 37]),
        municipality=where[0],
        region=where[1],
        remote=rng.random() < 0.1,
    )


def raw_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(["", "a", "ssa", "työ"]) for _ in range(6))


def timed(fn, n: int) -> list[float]:
    for _ in range(3):
        fn(0)
    out = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, ms: list[float], target: float | None = None) -> float:
    p50 = statistics.median(ms)
    p95 = statistics.quantiles(ms, n=20)[18] if len(ms) >= 20 else max(ms)
    verdict = "" if target is None else ("  OK" if p50 <= target else f"  OVER {target} ms")
    print(f"{label:<58} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms{verdict}")
    return p50


def main() -> None:
    rng = random.Random(20251123)
    terms = TermBook({i: f"termi {i}" for i in range(N_TERMS)}, range(0, N_TERMS, 7))
    people = [make_person(rng, pk) for pk in range(1, N_PEOPLE + 1)]
    openings = [make_opening(rng, pk) for pk in range(1, N_OPENINGS + 1)]
    gc.collect()
    before = rss_mb()
    people_table = CandidateTable(people, N_TERMS)
    opening_table = OpeningTable(openings, N_TERMS)
    gc.collect()
    index_rss = rss_mb() - before
    arrays = (people_table.nbytes() + opening_table.nbytes()) / 2**20
    print(f"{N_PEOPLE:,} people, {N_OPENINGS:,} openings, {N_TERMS} terms")
    print(f"index RSS growth {index_rss:.1f} MB (arrays {arrays:.1f} MB)", end="")
    print("  OK" if index_rss <= 300 else "  OVER 300 MB")

    def rank_people(i: int) -> None:
        job = openings[i % len(openings)]
        scores, parts = people_table.score_parts(job, terms, DEFAULT_WEIGHTS)
        best = top_k(scores, people_table.ids, people_table.active, TOP)
        for p in best:
            row = people_table.row(int(p))
            explain(row, job, terms, total=float(scores[p]), parts=parts_at(parts, int(p)))

    def rank_jobs(i: int) -> None:
        person = people[i % len(people)]
        scores, parts = opening_table.score_parts(person, terms, DEFAULT_WEIGHTS)
        best = top_k(scores, opening_table.ids, opening_table.active, TOP)
        for p in best:
            row = opening_table.row(int(p))
            explain(person, row, terms, total=float(scores[p]), parts=parts_at(parts, int(p)))

    def score_only(i: int) -> None:
        people_table.score(openings[i % len(openings)], terms, DEFAULT_WEIGHTS)

    with translation.override("fi"):
        fast = report(
            f"rank {N_PEOPLE:,} people, top {TOP} explained", timed(rank_people, REQUESTS), 20
        )
        report(f"  of which scoring {N_PEOPLE:,} people", timed(score_only, REQUESTS))
        report(f"rank {N_OPENINGS:,} openings, top {TOP} explained", timed(rank_jobs, REQUESTS), 10)

    texts = [raw_text(rng) for _ in range(N_PEOPLE)]
    opening_texts = [raw_text(rng) for _ in range(BASELINE_REQUESTS + 3)]

    def naive(i: int) -> None:
        query = opening_texts[i % len(opening_texts)]
        scored = [(fuzz.token_set_ratio(query, text), pk) for pk, text in enumerate(texts)]
        scored.sort(reverse=True)
        scored[:TOP]

    slow = report(
        f"naive baseline: rapidfuzz over {N_PEOPLE:,} raw texts", timed(naive, BASELINE_REQUESTS)
    )
    print(f"speed ratio (naive / index): {slow / fast:.0f}x")


if __name__ == "__main__":
    main()
