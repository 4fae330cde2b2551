"""Typo-tolerant search by name or business ID ("k-marketti lapenranta" finds
"K-Market Lappeenranta") with rapidfuzz over a normalised key kept on each row."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

SCORE_CUTOFF = 75
SEARCH_LIMIT = 200  # ranked matches at most: a longer list of guesses helps nobody
_BUSINESS_ID = re.compile(r"^\d{6,7}-?\d?$")


# People on a phone often type without the Nordic letters: "makela" must find "Mäkelä".
_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "a", "Ö": "o", "Å": "a"})


def normalize(text: str) -> str:
    return utils.default_process(text.replace("-", " ").translate(_FOLD))


def search_key(name: str, business_id: str = "") -> str:
    """The name as fuzzy search compares it. Business IDs are searched by prefix instead
    (a number inside the key would only dilute the name's score)."""
    return normalize(name)[:250]


def looks_like_business_id(query: str) -> bool:
    return bool(_BUSINESS_ID.match(query.strip()))


def rank(query: str, rows: Iterable[tuple[int, str]], limit: int | None = None) -> list[int]:
    """Primary keys of the rows whose key matches the query, best first."""
    query_key = normalize(query)
    if not query_key:
        return []
    choices = dict(rows)
    if len(query_key) < 3:  # too short to be fuzzy: plain substring match
        return [pk for pk, key in choices.items() if query_key in key][:limit]
    matches = process.extract(
        query_key, choices, scorer=fuzz.WRatio, score_cutoff=SCORE_CUTOFF, limit=limit
    )
    return [pk for _key, _score, pk in matches]


def similar_names(name: str, rows: Iterable[tuple[int, str]], cutoff: int = 85) -> list[int]:
    """Likely duplicates of a new employer's name (token order and small typos ignored)."""
    matches = process.extract(
        normalize(name), dict(rows), scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=5
    )
    return [pk for _key, _score, pk in matches]
