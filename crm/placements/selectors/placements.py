"""Placements: the list, one placement, a person's jobs and an employer's figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.accounts.models import User
from crm.candidates.models import JobSeeker
from crm.core import search
from crm.employers.models import Employer
from crm.placements import access, schedule
from crm.placements.filters import PlacementFilter
from crm.placements.models import Placement

SEARCH_LIMIT = 200
DUE_SOON_DAYS = 6  # "due this week": today and the six days after


def _base(user: User) -> QuerySet[Placement]:
    return Placement.objects.for_user(user).select_related(
        "candidate__coach", "employer", "opening", "occupation"
    )


def placement_list(
    *, user: User, filters: Mapping | None = None, query: str = ""
) -> QuerySet[Placement]:
    """The placements the user may see (403 for roles without access): a lead's whole
    organisation, a coach's own coach team's people."""
    access.require_role(user)
    qs = _base(user).filter(access.visible_q(user))
    filterset = PlacementFilter(dict(filters or {}), qs, request=SimpleNamespace(user=user))
    filterset.form.is_valid()
    return search_placements(filterset.qs, user=user, query=query)


def search_placements(qs: QuerySet[Placement], *, user: User, query: str) -> QuerySet[Placement]:
    """Typo-tolerant: by the person's or the employer's name (ranked over people and employers,
    not over every placement), or words in the job title."""
    query = (query or "").strip()
    if not query:
        return qs
    people = JobSeeker.objects.for_user(user).values_list("pk", "search_key")
    employers = Employer.objects.for_user(user).values_list("pk", "search_key")
    person_ids = search.rank(query, people, limit=SEARCH_LIMIT)
    employer_ids = search.rank(query, employers, limit=SEARCH_LIMIT)
    return qs.filter(
        Q(candidate_id__in=person_ids)
        | Q(employer_id__in=employer_ids)
        | Q(job_title__icontains=query)
        | Q(occupation_text__icontains=query)
    )


def placement_get(*, user: User, pk: int) -> Placement:
    """One placement: 404 outside the organisation, 403 without access to the person."""
    access.require_role(user)
    placement = get_object_or_404(_base(user), pk=pk)
    access.require_view(user, placement.candidate)
    return placement


def person_placements(*, user: User, job_seeker: JobSeeker) -> list[Placement]:
    """The person's jobs, current first (none for a user who may not see them)."""
    if not access.can_view(user, job_seeker):
        return []
    qs = _base(user).filter(candidate=job_seeker)
    return sorted(qs, key=lambda p: (p.ended_on is not None, -p.start_on.toordinal()))


def current_placement_ids(*, job_seeker: JobSeeker) -> list[int]:
    return list(
        Placement.objects.filter(candidate=job_seeker, ended_on__isnull=True).values_list(
            "pk", flat=True
        )
    )


# Due and overdue ---------------------------------------------------------------------------


def is_overdue(placement: Placement, today: date | None = None) -> bool:
    due = placement.next_support_due_on
    return due is not None and due < (today or timezone.localdate())


def support_due(
    *, user: User, today: date | None = None, limit: int = 50, days_ahead: int = DUE_SOON_DAYS
) -> tuple[list[Placement], int]:
    """My day: the support contacts due for the coach's own caseload — overdue first, then
    due this week — and how many in all (a window count): one indexed query on the stored
    due date."""
    if not user.has_perm(access.CHANGE):
        return [], 0
    today = today or timezone.localdate()
    qs = (
        Placement.objects.for_user(user)
        .filter(
            candidate__coach=user,
            candidate__erased_at__isnull=True,
            next_support_due_on__lte=today + timedelta(days=days_ahead),
        )
        .select_related("candidate", "employer")
        .order_by("next_support_due_on", "id")
    )
    rows = list(qs.annotate(total=Window(Count("pk")))[:limit])
    for placement in rows:
        placement.overdue = is_overdue(placement, today)
        placement.days_overdue = (today - placement.next_support_due_on).days
    return rows, (rows[0].total if rows else 0)


# The placement page -------------------------------------------------------------------------


@dataclass
class Tenure:
    days: int
    started: bool
    marks: list[schedule.TenureMark] = field(default_factory=list)


def tenure(placement: Placement, today: date | None = None) -> Tenure:
    today = today or timezone.localdate()
    return Tenure(
        days=schedule.tenure_days(
            start_on=placement.start_on, ended_on=placement.ended_on, today=today
        ),
        started=placement.start_on <= today,
        marks=schedule.tenure_marks(
            start_on=placement.start_on, ended_on=placement.ended_on, today=today
        ),
    )


def first_year_plan(
    placement: Placement, contact_days: list[date], today: date | None = None
) -> list[schedule.SlotStatus]:
    stops = [d for d in (placement.support_declined_on, placement.ended_on) if d is not None]
    return schedule.first_year(
        start_on=placement.start_on,
        cadence=placement.support_cadence,
        recorded_on=timezone.localtime(placement.created_at).date(),
        contact_days=contact_days,
        next_due=placement.next_support_due_on,
        stops_on=min(stops) if stops else None,
        today=today or timezone.localdate(),
    )


# The employer page --------------------------------------------------------------------------


@dataclass
class EmployerJobs:
    current: int
    ended: int
    people: int
    average_days: int | None
    named: list[Placement]


def employer_jobs(*, user: User, employer: Employer, today: date | None = None) -> EmployerJobs:
    """How many people work or have worked at the employer and for how long — numbers for
    everyone who sees the employer; names only of the people in the viewer's coach team."""
    today = today or timezone.localdate()
    qs = Placement.objects.filter(employer=employer, start_on__lte=today)
    figures = qs.aggregate(
        current=Count("pk", filter=Q(ended_on__isnull=True)),
        ended=Count("pk", filter=Q(ended_on__isnull=False)),
        people=Count("candidate_id", distinct=True),
        average=Avg(Coalesce("ended_on", today) - F("start_on")),
    )
    named: list[Placement] = []
    if access.can_use_placements(user) and user.has_perm("candidates.view_sensitive_data"):
        mine = qs.filter(access.visible_q(user)).select_related("candidate")
        named = [
            p for p in mine.order_by("-start_on")[:20] if access.is_coach_team(user, p.candidate)
        ]
        for placement in named:
            placement.tenure_days = schedule.tenure_days(
                start_on=placement.start_on, ended_on=placement.ended_on, today=today
            )
    return EmployerJobs(
        current=figures["current"],
        ended=figures["ended"],
        people=figures["people"],
        average_days=_days(figures["average"]),
        named=named,
    )


def _days(value: Any) -> int | None:
    """An average of date differences: a timedelta (PostgreSQL) or microseconds/days."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400)
    number = float(value)
    return round(number / 86_400_000_000) if number > 100_000 else round(number)
