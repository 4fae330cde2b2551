"""Milestones that apps above candidates derive from their own records (a job start from the
person's placements), so the timeline shows them without anyone typing them again.

An app registers a source in its AppConfig.ready():

    register_milestone_source(fn)    fn(*, job_seeker) -> iterable of DerivedMilestone

The timeline (selectors.timeline) adds every source's milestones, marked as derived.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from crm.candidates.models import JobSeeker


@dataclass(frozen=True)
class DerivedMilestone:
    kind: str  # a MilestoneKind value
    on: date
    note: str = ""
    source: str = ""  # where it comes from, in words ("from the person's jobs")


class MilestoneSource(Protocol):
    def __call__(self, *, job_seeker: JobSeeker) -> Iterable[DerivedMilestone]: ...


_sources: list[MilestoneSource] = []


def register_milestone_source(fn: MilestoneSource) -> None:
    if fn not in _sources:
        _sources.append(fn)


def derived_milestones(*, job_seeker: JobSeeker) -> list[DerivedMilestone]:
    return [milestone for fn in _sources for milestone in fn(job_seeker=job_seeker)]
