"""matching's part of the person's lifecycle (crm/candidates/lifecycle.py), registered in
MatchingConfig.ready(): exit and erase close the person's open proposals, erase also blanks the
notes of their proposal history, and the export lists every proposal with its steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.candidates.models import JobSeeker
from crm.matching.models import Proposal, ProposalEvent
from crm.matching.services.proposals import close_open_proposals


def close_on_exit(*, job_seeker: JobSeeker, by: User | None, on: date) -> None:
    close_open_proposals(
        job_seeker=job_seeker, by=by, note=_("Closed: the person exited the service.")
    )


def erase(*, job_seeker: JobSeeker, by: User | None) -> None:
    """Open proposals end; the steps keep their dates and statuses, not their notes."""
    close_open_proposals(job_seeker=job_seeker, by=by)
    ProposalEvent.objects.filter(proposal__job_seeker=job_seeker).update(note="")


def _iso(value: date | datetime | None) -> str | None:
    """As the rest of the export: local time to the second."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _proposal(proposal: Proposal) -> dict[str, Any]:
    """An opening the person was proposed for, and every step with its date and note."""
    return {
        "opening": proposal.opening.title,
        "employer": proposal.opening.employer.name,
        "status": proposal.status,
        "status_label": proposal.get_status_display(),
        "created_at": _iso(proposal.created_at),
        "presented_at": _iso(proposal.presented_at),
        "history": [
            {
                "at": _iso(event.at),
                "from_status": event.from_status,
                "to_status": event.to_status,
                "to_status_label": event.get_to_status_display(),
                "by": _name(event.by),
                "note": event.note,
            }
            for event in proposal.events.all()
        ],
    }


def export(*, job_seeker: JobSeeker, user: User) -> list[dict[str, Any]]:
    events = ProposalEvent.objects.select_related("by").order_by("at", "id")
    proposals = (
        Proposal.objects.filter(job_seeker=job_seeker)
        .select_related("opening__employer")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("created_at", "id")
    )
    return [_proposal(p) for p in proposals]
