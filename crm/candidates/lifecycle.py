"""The person's lifecycle as hooks: what the apps above candidates do when a person is erased,
exits the service, or exports their data.

candidates calls `run_erase`, `run_exit` and `export_sections` from its services and rights
modules; matching, placements and the apps after them register their parts in their
AppConfig.ready(), so candidates imports none of them:

    register_erase(fn)        fn(*, job_seeker, by) -> None    scrub free texts, keep dates/codes
    register_exit(fn)         fn(*, job_seeker, by, on) -> None close the person's open work
    register_export(key, fn)  fn(*, job_seeker, user) -> a JSON-able list or dict, shown under
                              `key` in the person's export

Hooks run inside the caller's transaction, in the order they were registered (app order).
`by` may be None for automatic runs (retention).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from crm.accounts.models import User
from crm.candidates.models import JobSeeker


class EraseHook(Protocol):
    def __call__(self, *, job_seeker: JobSeeker, by: User | None) -> None: ...


class ExitHook(Protocol):
    def __call__(self, *, job_seeker: JobSeeker, by: User | None, on: date) -> None: ...


class ExportHook(Protocol):
    def __call__(self, *, job_seeker: JobSeeker, user: User) -> Any: ...


_erase: list[EraseHook] = []
_exit: list[ExitHook] = []
_export: dict[str, ExportHook] = {}


def register_erase(fn: EraseHook) -> None:
    if fn not in _erase:
        _erase.append(fn)


def register_exit(fn: ExitHook) -> None:
    if fn not in _exit:
        _exit.append(fn)


def register_export(key: str, fn: ExportHook) -> None:
    """One section of the person's export; a key is registered once (a second app asking for
    the same key is a programming error)."""
    if _export.get(key, fn) is not fn:
        raise ValueError(f"Export section {key!r} is already registered")
    _export[key] = fn


def run_erase(*, job_seeker: JobSeeker, by: User | None) -> None:
    for fn in _erase:
        fn(job_seeker=job_seeker, by=by)


def run_exit(*, job_seeker: JobSeeker, by: User | None, on: date) -> None:
    for fn in _exit:
        fn(job_seeker=job_seeker, by=by, on=on)


def export_sections(*, job_seeker: JobSeeker, user: User) -> dict[str, Any]:
    """`{key: section}` of every registered export hook, in registration order."""
    return {key: fn(job_seeker=job_seeker, user=user) for key, fn in _export.items()}
