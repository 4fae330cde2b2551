"""Resolve free-text occupations, skills and licences to the organisation's vocabulary.

Finnish-aware: words are lower-cased, stripped of punctuation and stemmed with the Snowball
Finnish stemmer, so "asiakaspalvelua" and "Asiakaspalvelu" meet. Every term is also known by
its synonyms (English, colloquial, spelling variants) and its Swedish name, stemmed with the
Snowball Swedish stemmer. Compounds meet their spaced forms ("hygienia passi" ~
"hygieniapassi"), a generic head is dropped when nothing else matches ("siivoustyö" ~
"siivous"), and what is left ("hygieniapasi") is caught with rapidfuzz.

The curated seed list (data/vocabulary.csv) doubles as the canonical map: text that names a
seed term the organisation does not have yet creates that term with its Swedish name,
synonyms and obtainability. Unknown terms are added as the person wrote them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer
from rapidfuzz import fuzz, process

from crm.matching.models import Term

FUZZY_CUTOFF = 88
FUZZY_MIN_LENGTH = 5
SEED_FILE = Path(__file__).parent / "data" / "vocabulary.csv"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Generic heads of Finnish compounds that add nothing to a skill: "siivoustyö", "kassatyöt",
# "atk-osaaminen", "asiakaspalvelutaidot". Longest first.
_GENERIC_HEADS = (
    "osaamista",
    "osaaminen",
    "kokemusta",
    "kokemus",
    "tehtävät",
    "tehtäviä",
    "taitoja",
    "taidot",
    "taito",
    "työtä",
    "työt",
    "työ",
)


@dataclass(frozen=True)
class SeedTerm:
    kind: str
    name: str
    name_sv: str
    synonyms: tuple[str, ...]
    esco_uri: str
    obtainable: bool

    @property
    def key(self) -> str:
        return matching_key(self.name)


# Keys ---------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def clean(text: str) -> str:
    """Collapse whitespace and trim; keep the person's own spelling and capitals."""
    return " ".join(text.split())[:120]


@lru_cache(maxsize=65536)
def matching_key(text: str, language: str = "finnish") -> str:
    """Lower-cased, stemmed words: the key stored on a term and looked up for free text."""
    words = _WORD.findall(text.lower())
    return " ".join(_stemmer(language).stemWords(words))[:120]


@lru_cache(maxsize=65536)
def compact_key(text: str, language: str = "finnish") -> str:
    """The words written as one compound, then stemmed: "hygienia passi" ~ "hygieniapassi".

    Class letters and numbers stay separate words, so "Ajokortti BE" never becomes a stemmed
    "ajokorttibe" that meets "Ajokortti B".
    """
    groups: list[list[str]] = [[]]
    for word in _WORD.findall(text.lower()):
        if _is_short(word):
            groups += [[word], []]
        else:
            groups[-1].append(word)
    stem = _stemmer(language).stemWord
    return " ".join(
        stem("".join(g)) if len(g) > 1 or not _is_short(g[0]) else g[0] for g in groups if g
    )[:120]


def _is_short(word: str) -> bool:
    return len(word) <= 3 or any(c.isdigit() for c in word)


def _keys(text: str, language: str) -> tuple[str, ...]:
    return tuple(k for k in (matching_key(text, language), compact_key(text, language)) if k)


def _without_generic_head(text: str) -> str | None:
    joined = "".join(_WORD.findall(text.lower()))
    for head in _GENERIC_HEADS:
        if joined.endswith(head) and len(joined) - len(head) >= 4:
            return joined[: -len(head)]
    return None


@lru_cache(maxsize=65536)
def _short_tokens(text: str) -> frozenset[str]:
    """Class letters and numbers that must agree exactly: "Ajokortti C" is not "CE"."""
    return frozenset(w for w in _WORD.findall(text.lower()) if _is_short(w))


def display_name(text: str) -> str:
    text = clean(text)
    return text[:1].upper() + text[1:]


# Aliases: every way of writing a term, as keys --------------------------------------------


def _aliases(
    name: str, name_sv: str, synonyms: Iterable[str]
) -> tuple[tuple[str, frozenset[str]], ...]:
    """(key, short tokens) for the Finnish name, the Swedish name and every synonym."""
    clean_synonyms = tuple(s for s in synonyms if isinstance(s, str) and s.strip())
    return _cached_aliases(name, name_sv, clean_synonyms)


@lru_cache(maxsize=16384)
def _cached_aliases(
    name: str, name_sv: str, synonyms: tuple[str, ...]
) -> tuple[tuple[str, frozenset[str]], ...]:
    finnish = [(k, _short_tokens(t)) for t in (name, *synonyms) for k in _keys(t, "finnish")]
    swedish = [
        (k, _short_tokens(t)) for t in (name_sv, *synonyms) if t for k in _keys(t, "swedish")
    ]
    return tuple(finnish + swedish)


@dataclass
class _Index:
    """Alias key → entry (a Term, or a SeedTerm not yet in the organisation)."""

    exact: dict[str, Any]
    tokens: dict[str, frozenset[str]]

    def add(self, entry: Any, name: str, name_sv: str, synonyms: Iterable[str]) -> None:
        for key, tokens in _aliases(name, name_sv, synonyms):
            self.exact.setdefault(key, entry)
            self.tokens.setdefault(key, tokens)

    def add_term(self, term: Term) -> None:
        # The stored key first, so a term always finds itself even if stemming changes.
        self.exact.setdefault(term.key, term)
        self.tokens.setdefault(term.key, _short_tokens(term.name))
        self.add(term, term.name, term.name_sv, term.synonyms or [])

    def find(self, text: str) -> Any | None:
        for language in ("finnish", "swedish"):
            for key in _keys(text, language):
                if key in self.exact:
                    return self.exact[key]
        return None

    def find_fuzzy(self, text: str) -> Any | None:
        tokens = _short_tokens(text)
        for language in ("finnish", "swedish"):
            key = compact_key(text, language)
            if len(key) < FUZZY_MIN_LENGTH or not self.exact:
                continue
            for candidate, _score, _ in process.extract(
                key, self.exact.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
            ):
                if self.tokens[candidate] == tokens:  # "Ajokortti C" is not a typo of "CE"
                    return self.exact[candidate]
        return None


@lru_cache(maxsize=8)
def _seed_index(kind: str) -> _Index:
    index = _Index({}, {})
    for seed in load_seed():
        if seed.kind == kind:
            index.add(seed, seed.name, seed.name_sv, seed.synonyms)
    return index


def _org_index(terms: Iterable[Term]) -> _Index:
    index = _Index({}, {})
    for term in terms:
        index.add_term(term)
    return index


# Resolving ----------------------------------------------------------------------------------


def resolve_terms(*, organization_id: int, kind: str, texts: Iterable[str]) -> list[Term]:
    """Existing terms for the texts (exact, synonym, compound, then fuzzy), creating new ones.

    The organisation's terms are indexed once per call; keys are cached per process, so a
    save costs a query and a few dictionary look-ups.
    """
    wanted = [clean(t) for t in texts if matching_key(clean(t))]
    if not wanted:
        return []
    terms = list(Term.objects.filter(organization_id=organization_id, kind=kind))
    by_key = {t.key: t for t in terms}
    index = _org_index(terms)
    resolved: list[Term] = []
    for text in wanted:
        found = _lookup(index, _seed_index(kind), text)
        term = _materialise(found, text, organization_id=organization_id, kind=kind, by_key=by_key)
        if found is not term:
            index.add_term(term)
        if term not in resolved:
            resolved.append(term)
    return resolved


def _lookup(index: _Index, seeds: _Index, text: str) -> Term | SeedTerm | None:
    """Exact aliases first, the organisation's before the seed list's; fuzzy only at the end."""
    head_less = _without_generic_head(text)
    for candidate in (text, head_less):
        if candidate:
            for source in (index, seeds):
                found = source.find(candidate)
                if found is not None:
                    return found
    for source in (index, seeds):
        found = source.find_fuzzy(text)
        if found is not None:
            return found
    return None


def _materialise(
    found: Term | SeedTerm | None,
    text: str,
    *,
    organization_id: int,
    kind: str,
    by_key: dict[str, Term],
) -> Term:
    if isinstance(found, Term):
        return found
    key = found.key if found else matching_key(text)
    if key in by_key:
        return by_key[key]
    if found is None:
        term = Term.objects.create(
            organization_id=organization_id, kind=kind, name=display_name(text), key=key
        )
    else:
        term = Term.objects.create(organization_id=organization_id, **_seed_fields(found))
    by_key[key] = term
    return term


# Seeding ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_seed() -> tuple[SeedTerm, ...]:
    """The curated list of common entry-level occupations, skills and licences in Finland."""
    with SEED_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] and not r["kind"].startswith("#")]
    return tuple(
        SeedTerm(
            kind=row["kind"].strip(),
            name=clean(row["name"]),
            name_sv=clean(row["name_sv"]),
            synonyms=tuple(s for s in (clean(x) for x in row["synonyms"].split("|")) if s),
            esco_uri=row["esco_uri"].strip(),
            obtainable=row["obtainable"].strip().lower() in {"1", "true", "yes"},
        )
        for row in rows
    )


def _seed_fields(seed: SeedTerm) -> dict[str, Any]:
    return {
        "kind": seed.kind,
        "name": seed.name,
        "key": seed.key,
        "name_sv": seed.name_sv,
        "synonyms": list(seed.synonyms),
        "esco_uri": seed.esco_uri,
        "obtainable": seed.obtainable,
    }


def _fill_blanks(term: Any, seed: SeedTerm) -> bool:
    """Complete a term the organisation already has; never overwrite what it wrote."""
    changed = False
    for field in ("name_sv", "esco_uri"):
        if not getattr(term, field) and getattr(seed, field):
            setattr(term, field, getattr(seed, field))
            changed = True
    if not term.synonyms and seed.synonyms:
        term.synonyms = list(seed.synonyms)
        changed = True
    if seed.obtainable and not term.obtainable:
        term.obtainable = True
        changed = True
    return changed


def seed_terms(*, term_model: Any, organization_id: int) -> int:
    """Add the missing seed terms to one organisation; works with a migration's model too."""
    existing = {
        (t.kind, t.key): t for t in term_model.objects.filter(organization_id=organization_id)
    }
    new, changed = [], []
    for seed in load_seed():
        term = existing.get((seed.kind, seed.key))
        if term is None:
            term = term_model(organization_id=organization_id, **_seed_fields(seed))
            existing[(seed.kind, seed.key)] = term
            new.append(term)
        elif term.pk and _fill_blanks(term, seed):
            changed.append(term)
    term_model.objects.bulk_create(new)
    fields = ["name_sv", "esco_uri", "synonyms", "obtainable"]
    term_model.objects.bulk_update(changed, fields)
    return len(new)


def seed_vocabulary(*, organization_id: int) -> int:
    """Give an organisation the curated vocabulary; idempotent. Returns the terms added."""
    return seed_terms(term_model=Term, organization_id=organization_id)


def seed_for_organization(organization: Any) -> None:
    """Every new organisation starts with the curated vocabulary (accounts' hook)."""
    seed_vocabulary(organization_id=organization.pk)


def demo_seed(organization: Any) -> list[str]:
    """`seed_demo` step (see crm/home/management/commands/seed_demo.py SEEDERS)."""
    added = seed_vocabulary(organization_id=organization.pk)
    return [f"{added} vocabulary terms"] if added else []
