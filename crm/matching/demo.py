"""`seed_demo` step: compute the demo organisation's matching features ahead of time, so the
first "Matching job seekers" page after seeding is instant (see seed_demo.py SEEDERS; runs after
the job seekers are seeded). Idempotent: only missing or stale features are computed."""

from __future__ import annotations

from typing import Any

from crm.matching.management.commands.rebuild_match_features import rebuild


def seed(organization: Any) -> list[str]:
    people, openings = rebuild(organization.pk, stale_only=True)
    if not people and not openings:
        return []
    return [f"matching features for {people} job seekers and {openings} openings"]
