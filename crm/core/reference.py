"""Reference lists: TOL 2008 industries, Finnish municipalities with regions, languages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

# Statistics Finland, Standard Industrial Classification TOL 2008, top level (sections).
INDUSTRY_CHOICES = [
    ("A", _("A Agriculture, forestry and fishing")),
    ("B", _("B Mining and quarrying")),
    ("C", _("C Manufacturing")),
    ("D", _("D Electricity, gas, steam and air conditioning supply")),
    ("E", _("E Water supply; sewerage, waste management and remediation")),
    ("F", _("F Construction")),
    ("G", _("G Wholesale and retail trade; repair of motor vehicles")),
    ("H", _("H Transportation and storage")),
    ("I", _("I Accommodation and food service activities")),
    ("J", _("J Information and communication")),
    ("K", _("K Financial and insurance activities")),
    ("L", _("L Real estate activities")),
    ("M", _("M Professional, scientific and technical activities")),
    ("N", _("N Administrative and support service activities")),
    ("O", _("O Public administration and defence; social security")),
    ("P", _("P Education")),
    ("Q", _("Q Human health and social work activities")),
    ("R", _("R Arts, entertainment and recreation")),
    ("S", _("S Other service activities")),
    ("T", _("T Activities of households as employers")),
    ("U", _("U Activities of extraterritorial organisations")),
]

# ISO 639-1 codes of the languages job seekers and employers in Finland most often name.
LANGUAGE_CHOICES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("et", _("Estonian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("uk", _("Ukrainian")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("tr", _("Turkish")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("se", _("Northern Sami")),
    ("sq", _("Albanian")),
    ("pl", _("Polish")),
]

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str
    region_code: str
    region_fi: str
    region_sv: str

    @property
    def name(self) -> str:
        return self.name_sv if get_language() == "sv" else self.name_fi

    @property
    def region(self) -> str:
        return self.region_sv if get_language() == "sv" else self.region_fi


@lru_cache(maxsize=1)
def municipalities() -> dict[str, Municipality]:
    """All current municipalities keyed by their Finnish name (the stored value)."""
    with open(MUNICIPALITIES_CSV, encoding="utf-8") as handle:
        rows = [Municipality(**row) for row in csv.DictReader(handle)]
    return {m.name_fi: m for m in rows}


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for m in municipalities().values():
        table[m.name_fi.lower()] = m.name_fi
        table[m.name_sv.lower()] = m.name_fi
    return table


def resolve_municipality(text: str) -> str | None:
    """The Finnish name for a typed one ("lappeenranta", "Villmanstrand", "Lapeenranta")."""
    key = " ".join(text.split()).lower()
    if not key:
        return None
    if key in _lookup():
        return _lookup()[key]
    match = process.extractOne(key, _lookup().keys(), scorer=fuzz.ratio, score_cutoff=85)
    return _lookup()[match[0]] if match else None


def municipality_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(municipalities())]


def regions() -> list[tuple[str, str]]:
    seen = {(m.region_code, m.region) for m in municipalities().values()}
    return sorted(seen)


def municipalities_in_region(region_code: str) -> list[str]:
    return [m.name_fi for m in municipalities().values() if m.region_code == region_code]
