"""Reads about openings and their job tailoring notes."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import (
    QuerySet,
)
from django.shortcuts import get_object_or_404

from crm.accounts.models import User
from crm.core import search
from crm.employers.filters import OpeningFilter
from crm.employers.models import (
    Opening,
    TailoringNote,
)
from crm.employers.selectors.common import SEARCH_LIMIT, filtered


def opening_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Opening]:
    qs = (
        Opening.objects.for_user(user)
        .select_related("employer")
        .prefetch_related("required_skills", "nice_skills", "licences")
    )
    qs = filtered(OpeningFilter, filters, qs, user)
    query = (filters or {}).get("q", "")
    if query:
        rows = [
            (o.pk, search.normalize(f"{o.title} {o.occupation} {o.employer.name}"))
            for o in qs.only("pk", "title", "occupation", "employer__name")
        ]
        ids = search.rank(query, rows, limit=SEARCH_LIMIT)
        qs = qs.filter(pk__in=ids)
    return qs


def opening_get(*, user: User, pk: int) -> Opening:
    return get_object_or_404(opening_list(user=user), pk=pk)


def tailoring_notes_for_opening(*, opening: Opening) -> QuerySet[TailoringNote]:
    return opening.tailoring_notes.select_related("user", "agreed_with")
