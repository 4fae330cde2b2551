"""Reads about employers and the pipeline: the list, one employer and its page, the board, the
funnel and the weekly activity strip."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.accounts.models import User
from crm.core import search
from crm.employers import access
from crm.employers.filters import EmployerFilter
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
    FollowUp,
    Opening,
    OpeningStatus,
    Stage,
    StageChange,
    TailoringNote,
)
from crm.employers.selectors.common import SEARCH_LIMIT, filtered
from crm.employers.selectors.contacts import named_job_seekers
from crm.employers.selectors.follow_ups import follow_up_list

IPS_WEEKLY_FACE_TO_FACE_TARGET = 6


def _search(qs: QuerySet, query: str) -> QuerySet:
    """Fuzzy search by name or business ID, best matches first."""
    query = (query or "").strip()
    if not query:
        return qs
    if search.looks_like_business_id(query):
        return qs.filter(business_id__startswith=query.replace("-", "")[:7])
    ids = search.rank(query, qs.values_list("pk", "search_key"), limit=SEARCH_LIMIT)
    order = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField()
    )
    return qs.filter(pk__in=ids).order_by(order) if ids else qs.none()


def employer_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Employer]:
    open_count = (
        Opening.objects.filter(employer=OuterRef("pk"), status=OpeningStatus.OPEN)
        .order_by()
        .values("employer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_contact = (
        EmployerContact.objects.filter(employer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    qs = (
        Employer.objects.for_user(user)
        .select_related("owner")
        .prefetch_related("tags")
        .annotate(
            open_openings=Coalesce(Subquery(open_count, output_field=IntegerField()), 0),
            last_contact_at=Subquery(last_contact),
        )
    )
    qs = filtered(EmployerFilter, filters, qs, user)
    return _search(qs, (filters or {}).get("q", ""))


def employer_get(*, user: User, pk: int) -> Employer:
    """The employer, or 404 when it does not exist or belongs to another organisation."""
    return get_object_or_404(
        Employer.objects.for_user(user).select_related("owner").prefetch_related("tags"), pk=pk
    )


@dataclass
class EmployerPage:
    employer: Employer
    contact_persons: list[ContactPerson]
    contacts: list[EmployerContact]
    openings: list[Opening]
    follow_ups: list[FollowUp]
    tailoring_notes: list[TailoringNote]
    stage_changes: list[StageChange]


def employer_page(*, user: User, pk: int, contact_limit: int = 20) -> EmployerPage:
    employer = employer_get(user=user, pk=pk)
    persons = list(employer.contact_persons.filter(archived_at__isnull=True))
    contacts = access.show_job_seekers(
        employer.contacts.select_related("user", "opening").prefetch_related(
            "contact_persons", named_job_seekers()
        )[:contact_limit],
        user=user,
    )
    openings = list(
        employer.openings.prefetch_related("required_skills", "nice_skills", "licences")
    )
    follow_ups = access.show_follow_up_job_seekers(
        follow_up_list(user=user).filter(employer=employer, done=False), user=user
    )
    notes = list(employer.tailoring_notes.select_related("user", "agreed_with", "opening"))
    changes = list(employer.stage_changes.select_related("user")[:10])
    return EmployerPage(employer, persons, contacts, openings, follow_ups, notes, changes)


def board(*, user: User, filters: Mapping | None = None, per_column: int = 50) -> list[dict]:
    """Pipeline columns with their counts and the employers longest in stage first.

    One count query plus one limited query per stage: constant, whatever the data size."""
    qs = filtered(EmployerFilter, filters, Employer.objects.for_user(user), user)
    counts = dict(qs.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    columns = []
    for stage in Stage:
        cards = (
            list(
                qs.filter(stage=stage)
                .select_related("owner")
                .order_by("stage_changed_at")[:per_column]
            )
            if counts.get(stage.value)
            else []
        )
        columns.append({"stage": stage, "count": counts.get(stage.value, 0), "employers": cards})
    return columns


@dataclass
class WeeklyActivity:
    week_start: date
    contacts: int
    face_to_face: int
    target: int
    funnel: list[dict[str, Any]]

    @property
    def target_met(self) -> bool:
        return self.face_to_face >= self.target

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.face_to_face)


def _start_of(day: date) -> datetime:
    """Midnight in Helsinki as an aware datetime, so range filters can use the index."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def weekly_activity(
    *, user: User, today: date | None = None, with_funnel: bool = True
) -> WeeklyActivity:
    today = today or timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    counts = (
        EmployerContact.objects.for_user(user)
        .filter(
            user=user,
            occurred_at__gte=_start_of(week_start),
            occurred_at__lt=_start_of(today + timedelta(days=1)),
        )
        .aggregate(total=Count("pk"), f2f=Count("pk", filter=Q(channel=Channel.FACE_TO_FACE)))
    )
    return WeeklyActivity(
        week_start=week_start,
        contacts=counts["total"],
        face_to_face=counts["f2f"],
        target=IPS_WEEKLY_FACE_TO_FACE_TARGET,
        funnel=funnel(user=user) if with_funnel else [],
    )


def funnel(*, user: User) -> list[dict[str, Any]]:
    """Employers per stage now, and how many ever reached each stage (for conversion)."""
    current = dict(
        Employer.objects.for_user(user)
        .filter(archived_at__isnull=True)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    reached = dict(
        StageChange.objects.for_user(user)
        .values_list("to_stage")
        .annotate(n=Count("employer", distinct=True))
        .values_list("to_stage", "n")
    )
    rows = [
        {
            "stage": s,
            "label": s.label,
            "count": current.get(s.value, 0),
            "reached": reached.get(s.value, 0),
        }
        for s in Stage
    ]
    top = max([r["reached"] for r in rows] + [1])
    for row in rows:
        row["max"] = top
    return rows


def days_in_stage(*, user: User, now: datetime | None = None) -> dict[str, int]:
    """Median days the employers now in each stage have been there (for the funnel report)."""
    now = now or timezone.now()
    by_stage: dict[str, list[float]] = {}
    rows = (
        Employer.objects.for_user(user)
        .filter(archived_at__isnull=True)
        .values_list("stage", "stage_changed_at")
    )
    for stage, since in rows:
        by_stage.setdefault(stage, []).append((now - since).total_seconds() / 86400)
    return {stage: round(statistics.median(days)) for stage, days in by_stage.items()}
