"""Recompute the ranking features of every job seeker and opening of one or all organisations.

Normally nothing needs this: saves refresh features through a Celery task and every ranking
recomputes what is stale. Run it after changing the vocabulary or the feature rules, after a
bulk import that bypassed the services, or to make a new server's first ranking instant.
Web processes that already hold an index keep it until they restart (or the rows change).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crm.accounts.models import Organization
from crm.candidates.models import JobSeeker
from crm.employers.models import Opening
from crm.matching import features
from crm.matching.models import CandidateFeatures, OpeningFeatures

CHUNK = 1000
Progress = Callable[[str, int, int], None]


def _stale(sources: list[tuple], stored: dict[int, tuple]) -> list[int]:
    return [pk for pk, *stamps in sources if stored.get(pk) != tuple(stamps)]


def candidate_ids(organization_id: int, *, stale_only: bool) -> list[int]:
    sources = list(
        JobSeeker.objects.filter(organization_id=organization_id)
        .order_by("pk")
        .values_list("pk", "updated_at", "profile__updated_at")
    )
    if not stale_only:
        return [row[0] for row in sources]
    stored = CandidateFeatures.objects.filter(organization_id=organization_id).values_list(
        "job_seeker_id", "seeker_stamp", "profile_stamp"
    )
    return _stale(sources, {pk: tuple(stamps) for pk, *stamps in stored})


def opening_ids(organization_id: int, *, stale_only: bool) -> list[int]:
    sources = list(
        Opening.objects.filter(organization_id=organization_id)
        .order_by("pk")
        .values_list("pk", "updated_at", "employer__updated_at")
    )
    if not stale_only:
        return [row[0] for row in sources]
    stored = OpeningFeatures.objects.filter(organization_id=organization_id).values_list(
        "opening_id", "opening_stamp", "employer_stamp"
    )
    return _stale(sources, {pk: tuple(stamps) for pk, *stamps in stored})


def rebuild(
    organization_id: int, *, stale_only: bool = False, progress: Progress | None = None
) -> tuple[int, int]:
    """Recompute in chunks; returns (job seekers, openings) refreshed. `progress(kind, done,
    total)` is called after each chunk."""
    counts = []
    people = candidate_ids(organization_id, stale_only=stale_only)
    openings = opening_ids(organization_id, stale_only=stale_only)
    for kind, ids, refresh in (
        ("job seekers", people, features.refresh_candidates),
        ("openings", openings, features.refresh_openings),
    ):
        for start in range(0, len(ids), CHUNK):
            refresh(ids[start : start + CHUNK])
            if progress is not None:
                progress(kind, min(start + CHUNK, len(ids)), len(ids))
        counts.append(len(ids))
    return counts[0], counts[1]


class Command(BaseCommand):
    help = "Recompute matching features of one organisation (--organization) or of all of them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--organization", help="Id or exact name of the organisation (default: all)."
        )
        parser.add_argument(
            "--stale-only",
            action="store_true",
            help="Only rows whose job seeker, profile, opening or employer changed since.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = self._organizations(options["organization"])
        for organization in organizations:
            self.stdout.write(f"{organization.name} (id {organization.pk}):")
            people, openings = rebuild(
                organization.pk, stale_only=options["stale_only"], progress=self._progress
            )
            self.stdout.write(
                self.style.SUCCESS(f"  refreshed {people} job seekers and {openings} openings")
            )

    def _progress(self, kind: str, done: int, total: int) -> None:
        self.stdout.write(f"  {kind}: {done}/{total} ({100 * done // total} %)")

    def _organizations(self, wanted: str | None) -> list[Organization]:
        organizations = Organization.objects.order_by("pk")
        if wanted is None:
            return list(organizations)
        match = organizations.filter(pk=int(wanted)) if wanted.isdigit() else None
        if match is None or not match.exists():
            match = organizations.filter(name=wanted)
        if not match.exists():
            raise CommandError(f"No organisation with id or name {wanted!r}.")
        return list(match)
