"""Integer codes for ranking: bit positions of languages, schedules and industries, and the
Statistics Finland municipality and region codes. Shared by features (encode) and reasons
(decode). New languages go at the end of LANGUAGE_CHOICES so that stored masks stay valid."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from crm.core.choices import Schedule
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES, municipalities

LANGUAGES = [code for code, _name in LANGUAGE_CHOICES]
SCHEDULES = list(Schedule.values)
INDUSTRIES = [code for code, _name in INDUSTRY_CHOICES]


def mask(values: Iterable[str], order: list[str]) -> int:
    result = 0
    for value in values or ():
        if value in order:
            result |= 1 << order.index(value)
    return result


def unmask(bits: int, order: list[str]) -> list[str]:
    return [value for i, value in enumerate(order) if bits >> i & 1]


def labels(bits: int, order: list[str], names: Mapping[str, object]) -> list[str]:
    return [str(names.get(value, value)) for value in unmask(bits, order)]


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[int, int]]:
    return {name: (int(m.code), int(m.region_code)) for name, m in municipalities().items()}


@lru_cache(maxsize=1)
def _by_code() -> dict[int, object]:
    return {int(m.code): m for m in municipalities().values()}


def municipality(name: str | None) -> tuple[int, int]:
    """(municipality code, region code) for a stored Finnish name; (0, 0) when unknown."""
    return _by_name().get(name or "", (0, 0))


def municipality_name(code: int) -> str:
    m = _by_code().get(code)
    return m.name if m else "?"
