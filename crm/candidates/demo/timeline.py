"""When things happen to each demo person: a `Plan` of dates drawn from the seeder's random
generator, forward from the referral with realistic gaps, all in the past."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from crm.candidates.models import MilestoneKind, Status


@dataclass
class Plan:
    """When things happen to one person (all dates in the past, in order)."""

    referred_on: date
    intake_on: date | None = None
    statuses: list[tuple[str, date]] = field(default_factory=list)  # after "referred"
    milestones: list[tuple[str, date]] = field(default_factory=list)
    first_contact: date | None = None
    job_start: date | None = None
    exit_reason: str = ""
    last_event: date | None = None


class Timelines:
    """Draws each person's plan; shares the seeder's generator, so the draws stay in order."""

    def __init__(self, rng: random.Random, today: date, contact_cutoff: date) -> None:
        self.rng = rng
        self.today = today
        self.contact_cutoff = contact_cutoff

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def plan(self, status: str, flags: str) -> Plan:
        """Dates forward from the referral with realistic gaps, then shifted so that the last
        step lies the chosen number of days ago."""
        if status == Status.REFERRED:
            return Plan(referred_on=self.ago(2, 20))
        intake, steps = self.steps(status, flags)
        return self.place(status, flags, intake, steps)

    def steps(self, status: str, flags: str) -> tuple[int, list[tuple[str, str, int]]]:
        """The intake and each step as (status/milestone/marker, name, days from referral)."""
        rng = self.rng
        steps: list[tuple[str, str, int]] = []
        intake = day = rng.randint(4, 16)
        steps.append(("status", Status.PROFILING, intake))
        if rng.random() < (0.5 if status == Status.PROFILING else 0.9):
            steps.append(
                ("milestone", MilestoneKind.BENEFITS_COUNSELLING, intake + rng.randint(5, 25))
            )
        searching = (
            status in (Status.JOB_SEARCH, Status.WORKING, Status.FOLLOW_ALONG)
            or (status == Status.EXITED and flags in ("employed", "education", "health"))
            or (status == Status.PAUSED and rng.random() < 0.5)
        )
        if searching:
            day = intake + rng.randint(10, 35)
            steps.append(("milestone", MilestoneKind.PROFILE_DONE, day))
            day += rng.randint(0, 7)
            steps.append(("milestone", MilestoneKind.JOB_SEARCH_PLAN, day))
            steps.append(("status", Status.JOB_SEARCH, day))
            late = rng.random() < 0.3  # a third miss the 30-day target
            first = intake + (rng.randint(32, 75) if late else rng.randint(7, 28))
            steps.append(("marker", "first_contact", first))
            day = max(day, first)
        employed = status in (Status.WORKING, Status.FOLLOW_ALONG) or flags == "employed"
        if employed:
            day += rng.randint(12, 70)
            steps.append(("milestone", MilestoneKind.JOB_START, day))
            steps.append(("status", Status.WORKING, day))
            steps.append(("marker", "job_start", day))
            if status != Status.WORKING:
                day += rng.randint(28, 60)
                steps.append(("milestone", MilestoneKind.FOLLOW_ALONG, day))
                steps.append(("status", Status.FOLLOW_ALONG, day))
        if status == Status.PAUSED or (status == Status.EXITED and flags == "health"):
            day += rng.randint(20, 60)
            steps.append(("status", Status.PAUSED, day))
        if status == Status.EXITED:
            day += rng.randint(40, 200) if flags == "employed" else rng.randint(20, 90)
            steps.append(("status", Status.EXITED, day))
        return intake, steps

    def place(self, status: str, flags: str, intake: int, steps: list) -> Plan:
        """Anchor the steps in the calendar: the last one lies a status-typical time ago."""
        rng = self.rng
        last_step = max(s[2] for s in steps)
        last_ago = {
            Status.PROFILING: (3, 40),
            Status.JOB_SEARCH: (3, 200),
            Status.WORKING: (12, 150),
            Status.FOLLOW_ALONG: (20, 380),
            Status.PAUSED: (15, 150),
            Status.EXITED: (10, 300),
        }[status]
        end = self.ago(*last_ago)
        referred_on = end - timedelta(days=last_step)
        if referred_on < self.today - timedelta(days=540):  # keep intakes within 18 months
            referred_on = self.today - timedelta(days=540 - rng.randint(0, 30))
        plan = Plan(referred_on=referred_on, intake_on=referred_on + timedelta(days=intake))
        for kind, name, offset in sorted(steps, key=lambda s: s[2]):
            on = min(referred_on + timedelta(days=offset), self.today - timedelta(days=1))
            if kind == "status":
                plan.statuses.append((name, on))
            elif kind == "milestone":
                plan.milestones.append((name, on))
            elif name == "first_contact" and on < self.contact_cutoff:
                plan.first_contact = on
            elif name == "job_start":
                plan.job_start = on
        if status == Status.EXITED:
            plan.exit_reason = flags
        plan.last_event = max(on for _n, on in plan.statuses) if plan.statuses else None
        return plan
