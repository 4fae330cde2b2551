"""Importing a 10,000-row XLSX end to end (upload + preview, then confirm), on a throw-away
test database already holding employers of the same organisation.

    .venv/bin/python bench/employer_import.py      (SQLite by default; DATABASE_URL=postgres://…)

Prints the seconds of each step and rows per second. BENCH_IMPORT_ROWS and
BENCH_EXISTING_EMPLOYERS change the sizes (defaults 10,000 and 2,000).
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
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
from django.test.utils import setup_test_environment
from openpyxl import Workbook

from crm.core.reference import municipalities

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
EXISTING = int(os.environ.get("BENCH_EXISTING_EMPLOYERS", "2000"))
SYLLABLES = "sai ma kar ja la vuo ksi ran ta kal lio met sä pu ko ne lei pä hoi va kah vi säh"
SYLLABLES += " kö tek nii kka raa to lah ti jär sa ril li"
SYLLABLE_LIST = SYLLABLES.split()
FIRST = ["Anna", "Pekka", "Liisa", "Juha", "Maria", "Mikko", "Aino", "Ville", "Sanna", "Jari"]
KINDS = ["Oy", "Ky", "Ay", "Tmi", "Oyj", "ry", "Rakennus Oy", "Kuljetus Oy", "Palvelut Oy"]


def pilot_towns() -> list[str]:
    """The municipalities of South Karelia and Kymenlaakso, where a pilot's employers are."""
    return [m.name_fi for m in municipalities().values() if m.region_code in {"08", "09"}]


def business_id(n: int) -> str | None:
    digits = str(n).zfill(7)
    remainder = sum(int(d) * w for d, w in zip(digits, [7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
    return None if remainder == 1 else f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def company(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLE_LIST) for _ in range(rng.randint(2, 4))).capitalize()
    other = "".join(rng.choice(SYLLABLE_LIST) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word} {other} {rng.choice(KINDS)}"


def build_workbook(path: Path, rng: random.Random, existing: list[tuple[str, str]]) -> None:
    """ROWS rows; every 200th has a bad Y-tunnus, every 100th repeats an employer already in
    the CRM (with a new contact person)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Työnantajat")
    header = "Nimi|Y-tunnus|Toimiala|Kunta|Osoite|WWW|Koko|Tagit|Muistiinpanot|Yhteyshenkilö|"
    sheet.append((header + "Titteli|Puhelin|Sähköposti|Päättäjä").split("|"))
    towns = pilot_towns()
    n = 3_000_000
    for i in range(ROWS):
        n += 1
        while business_id(n) is None:
            n += 1
        bid = business_id(n)
        name, town = company(rng), rng.choice(towns)
        if i % 200 == 7:
            bid = f"{n:07d}-X"
        if i % 100 == 3 and existing:
            name, town = existing[i % len(existing)]
            bid = ""
        person = f"{rng.choice(FIRST)} {company(rng).split()[0]}"
        sheet.append([
            name, bid, rng.choice("CFGHINQ"), town, f"Teollisuuskatu {i % 90 + 1}",
            f"www.yritys{i}.fi", rng.choice(["1-9", "10-49", "120"]), "rekry, ips",
            "Tavattu messuilla.", person, "Toimitusjohtaja", f"040 {i % 1000:03d} {i % 10000:04d}",
            f"henkilo{i}@yritys{i}.fi", rng.choice("xk0"),
        ])  # fmt: skip
    workbook.save(path)


def seed_existing(org, rng: random.Random) -> list[tuple[str, str]]:
    from crm.core.search import search_key
    from crm.employers.models import Employer

    employers = []
    for _ in range(EXISTING):
        name, town = company(rng), rng.choice(pilot_towns())
        employers.append(
            Employer(organization=org, name=name, municipality=town, search_key=search_key(name))
        )
    Employer.objects.bulk_create(employers, batch_size=1000)
    return [(e.name, e.municipality) for e in employers]


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from crm.accounts.services import create_user, get_or_create_organization
        from crm.employers.models import ContactPerson, Employer

        rng = random.Random(2025)
        org, _ = get_or_create_organization(name="Bench")
        user = create_user(username="relations", organization=org, role="relations")
        existing = seed_existing(org, rng)
        client = Client()
        client.force_login(user)

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "tyonantajat.xlsx"
            build_workbook(path, rng, existing)
            size = path.stat().st_size
            start = time.perf_counter()
            upload = io.BytesIO(path.read_bytes())
            upload.name = path.name
            preview = client.post("/employers/import/", {"file": upload, "action": "upload"})
            previewed = time.perf_counter()
            assert preview.status_code == 200, preview.status_code
            token = client.session["employer_import"]["token"]
            done = client.post("/employers/import/", {"action": "confirm", "token": token})
            end = time.perf_counter()
            assert done.status_code == 200, done.status_code

        created = Employer.objects.count() - EXISTING
        total = end - start
        print(
            f"bench/employer_import.py on {connection.vendor}: {ROWS} rows "
            f"({size / 1024 / 1024:.1f} MB XLSX), {EXISTING} employers already in the org"
        )
        print(f"  upload + preview  {previewed - start:6.2f} s")
        print(
            f"  confirm + import  {end - previewed:6.2f} s   ({created} employers, "
            f"{ContactPerson.objects.count()} contact persons created)"
        )
        print(f"  end to end        {total:6.2f} s   {ROWS / total:,.0f} rows/s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
