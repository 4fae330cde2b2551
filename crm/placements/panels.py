"""What placements shows on lower apps' pages (crm/core/panels.py), registered in
PlacementsConfig.ready(): the employer page's job figures, the hired proposal's "Record job
start" button and the person's current jobs on their overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from crm.matching.models import ProposalStatus
from crm.placements import access
from crm.placements.selectors import placements as selectors


def employer_jobs(request: HttpRequest, employer: Any) -> str:
    """Numbers for everyone who sees the employer (relations staff too); names only of the
    viewer's coach team's people."""
    jobs = selectors.employer_jobs(user=request.user, employer=employer)
    if not (jobs.current or jobs.ended):
        return ""
    return render_to_string(
        "placements/partials/employer_jobs.html", {"jobs": jobs}, request=request
    )


def proposal_job_start(request: HttpRequest, proposal: Any) -> str:
    """A hired proposal: record the job start from it (pre-filled), or open the job."""
    if proposal.status != ProposalStatus.HIRED:
        return ""
    seeker = proposal.job_seeker
    if not access.can_view(request.user, seeker):
        return ""
    recorded = list(proposal.placements.all()[:1])
    context = {
        "proposal": proposal,
        "placement": recorded[0] if recorded else None,
        "can_record": access.can_change(request.user, seeker)
        and seeker.erased_at is None
        and seeker.status != "exited",
    }
    return render_to_string("placements/partials/proposal_job_start.html", context, request=request)


def person_jobs(request: HttpRequest, seeker: Any) -> str:
    """The person's overview: current jobs with their next support contact."""
    if not access.can_view(request.user, seeker):
        return ""
    placements = [
        p for p in selectors.person_placements(user=request.user, job_seeker=seeker) if p.is_current
    ]
    for placement in placements:
        placement.overdue = selectors.is_overdue(placement)
    context = {
        "job_seeker": seeker,
        "placements": placements,
        "today": timezone.localdate(),
        "can_record": access.can_change(request.user, seeker)
        and seeker.erased_at is None
        and seeker.status != "exited",
    }
    return render_to_string("placements/partials/person_jobs.html", context, request=request)
