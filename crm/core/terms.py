"""The vocabulary and the match features as the apps below matching see them.

employers and candidates resolve typed skills, licences and occupations to the organisation's
vocabulary terms and report the records whose match features changed, without importing
matching: matching registers the resolver and the listener in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model


class TermResolver(Protocol):
    def __call__(self, *, organization_id: int, kind: str, texts: Iterable[str]) -> list[Model]: ...


ChangeListener = Callable[[str, int], None]

_resolver: list[TermResolver] = []
_listeners: list[ChangeListener] = []


def register_term_resolver(fn: TermResolver) -> None:
    """The one resolver of typed terms (matching's vocabulary); a second one replaces it."""
    _resolver[:] = [fn]


def resolve_terms(*, organization_id: int, kind: str, texts: Iterable[str]) -> list[Model]:
    """The organisation's terms of `kind` ("skill", "licence", "occupation") for the texts,
    creating the ones not known yet."""
    if not _resolver:
        raise ImproperlyConfigured("No term resolver is registered (is crm.matching installed?)")
    return _resolver[0](organization_id=organization_id, kind=kind, texts=texts)


def register_change_listener(fn: ChangeListener) -> None:
    """`fn(kind, pk)` hears of every saved job seeker ("candidate") or opening whose match
    features may have changed."""
    if fn not in _listeners:
        _listeners.append(fn)


def features_changed(kind: str, pk: int) -> None:
    """A job seeker ("candidate") or an opening changed: listeners recompute after the commit."""
    for fn in _listeners:
        fn(kind, pk)


@contextmanager
def listeners_paused() -> Iterator[None]:
    """For bulk loads that recompute the features themselves afterwards (benchmarks)."""
    saved = _listeners[:]
    _listeners.clear()
    try:
        yield
    finally:
        _listeners[:] = saved
