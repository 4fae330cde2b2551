"""Reads about follow-ups: the organisation's, and the user's due and upcoming ones."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db.models import (
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.accounts.models import User
from crm.employers import access
from crm.employers.filters import FollowUpFilter
from crm.employers.models import (
    FollowUp,
)
from crm.employers.selectors.common import filtered


def follow_up_list(*, user: User, filters: Mapping | None = None) -> QuerySet[FollowUp]:
    """Follow-ups of the organisation; one about a job seeker only for its owner and the
    person's coach team (its title is a note about the person)."""
    qs = FollowUp.objects.for_user(user).select_related("employer", "user", "job_seeker")
    about_person_visible = Q(user=user) | access.seen_in_full_q(user, "job_seeker")
    qs = qs.filter(Q(job_seeker__isnull=True) | about_person_visible)
    return filtered(FollowUpFilter, filters, qs, user)


def follow_up_get(*, user: User, pk: int) -> FollowUp:
    return get_object_or_404(follow_up_list(user=user), pk=pk)


def my_follow_ups(*, user: User, today: date | None = None) -> QuerySet[FollowUp]:
    """Today's and overdue open follow-ups of the user, oldest first."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.for_user(user)
        .filter(user=user, done=False, due_on__lte=today)
        .select_related("employer", "job_seeker")
        .order_by("due_on", "id")
    )


def upcoming_follow_ups(*, user: User, today: date | None = None, days: int = 7):
    today = today or timezone.localdate()
    return (
        FollowUp.objects.for_user(user)
        .filter(user=user, done=False, due_on__gt=today, due_on__lte=today + timedelta(days=days))
        .select_related("employer", "job_seeker")
        .order_by("due_on", "id")
    )
