"""Resolve free-text skills and licences to the organisation's vocabulary.

Finnish-aware: words are lower-cased, stripped of punctuation and stemmed with the Snowball
Finnish stemmer, so "asiakaspalvelua" and "Asiakaspalvelu" meet; remaining spelling variants
("hygienia passi", "hygieniapasi") are caught with rapidfuzz. Unknown terms are added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from crm.matching.models import Term

FUZZY_CUTOFF = 88
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Common ways people write licences and cards, mapped to one canonical name.
LICENCE_SYNONYMS = {
    "hygieniapassi": "Hygieniapassi",
    "hygieniaosaamistodistus": "Hygieniapassi",
    "hygiene passport": "Hygieniapassi",
    "työturvallisuuskortti": "Työturvallisuuskortti",
    "tturva": "Työturvallisuuskortti",
    "occupational safety card": "Työturvallisuuskortti",
    "b-ajokortti": "Ajokortti B",
    "ajokortti b": "Ajokortti B",
    "ajokortti": "Ajokortti B",
    "driving licence b": "Ajokortti B",
    "driving licence": "Ajokortti B",
    "c-ajokortti": "Ajokortti C",
    "trukkikortti": "Trukkikortti",
    "trukki": "Trukkikortti",
    "forklift": "Trukkikortti",
    "forklift licence": "Trukkikortti",
    "anniskelupassi": "Anniskelupassi",
    "ensiapukortti": "Ensiapukortti EA1",
    "ea1": "Ensiapukortti EA1",
    "first aid": "Ensiapukortti EA1",
    "tieturva": "Tieturva 1",
    "tulityökortti": "Tulityökortti",
    "järjestyksenvalvojakortti": "Järjestyksenvalvojakortti",
    "vartijakortti": "Vartijakortti",
    "sähköturvallisuus": "Sähköturvallisuuskortti",
    "sähköturvallisuuskortti": "Sähköturvallisuuskortti",
}


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("finnish")


def clean(text: str) -> str:
    """Collapse whitespace and trim; keep the person's own spelling and capitals."""
    return " ".join(text.split())[:120]


def matching_key(text: str) -> str:
    words = _WORD.findall(text.lower())
    return " ".join(_stemmer().stemWords(words))[:120]


def display_name(text: str) -> str:
    text = clean(text)
    return text[:1].upper() + text[1:]


def resolve_terms(*, organization_id: int, kind: str, texts: Iterable[str]) -> list[Term]:
    """Existing terms for the texts (exact key, then fuzzy), creating the ones that are new."""
    wanted = [clean(t) for t in texts if clean(t)]
    if kind == "licence":
        wanted = [LICENCE_SYNONYMS.get(t.lower(), t) for t in wanted]
    if not wanted:
        return []
    known = {t.key: t for t in Term.objects.filter(organization_id=organization_id, kind=kind)}
    resolved: list[Term] = []
    for text in wanted:
        term = _find(known, matching_key(text))
        if term is None:
            term = Term.objects.create(
                organization_id=organization_id,
                kind=kind,
                name=display_name(text),
                key=matching_key(text),
            )
            known[term.key] = term
        if term not in resolved:
            resolved.append(term)
    return resolved


def _find(known: dict[str, Term], key: str) -> Term | None:
    if key in known:
        return known[key]
    if not key or not known:
        return None
    match = process.extractOne(key, known.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return known[match[0]] if match else None
