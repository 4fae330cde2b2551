"""Matching pages: the job seekers ranked for an opening, and the openings ranked for a person."""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import permission_required, require
from crm.candidates import selectors as candidate_selectors
from crm.candidates.access import Access
from crm.candidates.views.common import page_context
from crm.employers.models import OpeningStatus
from crm.employers.selectors.openings import opening_get
from crm.matching import cards

PER_PAGE = 50
MAX_PAGE = 10_000


def _page_number(value: Any) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _ranked_page(request: CrmRequest, rank: Callable[[int], tuple[int, list]]) -> tuple[Page, list]:
    """One page of a ranking: `rank(offset)` gives (count, cards); a page past the end shows
    the last one, as Django's `Paginator.get_page` does."""
    number = _page_number(request.GET.get("page"))
    count, items = rank((number - 1) * PER_PAGE)
    last = max(1, ceil(count / PER_PAGE))
    if number > last:
        number = last
        count, items = rank((number - 1) * PER_PAGE)
    return Paginator(range(count), PER_PAGE).get_page(number), items


def _can_filter_mine(user: Any) -> bool:
    """Only coaches have a caseload to narrow the list to."""
    return user.has_perm("candidates.view_sensitive_data")


@permission_required("employers.view_opening")
def opening_matches(request: CrmRequest, pk: int) -> HttpResponse:
    opening = opening_get(user=request.user, pk=pk)
    mine = _can_filter_mine(request.user) and request.GET.get("mine") == "1"

    def rank(offset: int) -> tuple[int, list]:
        return cards.ranked_candidates(
            opening, user=request.user, limit=PER_PAGE, offset=offset, mine=mine
        )

    page, items = _ranked_page(request, rank)
    context = {
        "opening": opening,
        "is_open": opening.status == OpeningStatus.OPEN,
        "page": page,
        "cards": items,
        "mine": mine,
        "can_filter_mine": _can_filter_mine(request.user),
        "propose_url": reverse("proposal_create"),
        "query": "mine=1" if mine else "",
    }
    template = "matching/opening_matches.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
def candidate_matches(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = candidate_selectors.job_seeker_get(user=request.user, pk=pk, level=Access.RECORD)
    require(request.user, "employers.view_opening")

    def rank(offset: int) -> tuple[int, list]:
        return cards.ranked_openings(seeker, user=request.user, limit=PER_PAGE, offset=offset)

    page, items = _ranked_page(request, rank) if seeker.is_active else (None, [])
    context = page_context(
        request,
        seeker,
        tab="matches",
        page=page,
        cards=items,
        propose_url=reverse("proposal_create"),
        query="",
    )
    return render(request, "matching/candidate_matches.html", context)


urlpatterns = [
    path("openings/<int:pk>/matches/", opening_matches, name="opening_matches"),
    path("job-seekers/<int:pk>/matches/", candidate_matches, name="candidate_matches"),
]
