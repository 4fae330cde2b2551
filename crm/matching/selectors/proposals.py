"""Reads about proposals, as one viewer may see them: the list, one proposal, and cards with the
name or a pseudonym, the steps the viewer may take and the history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.candidates.access import coach_team_q
from crm.candidates.models import ACTIVE_STATUSES, CareerProfile, JobSeeker, Status
from crm.employers.models import Opening
from crm.matching.access import can_change, can_name, require_view
from crm.matching.models import OPEN_PROPOSAL_STATUSES, Proposal, ProposalEvent
from crm.matching.models import ProposalStatus as S
from crm.matching.workflow import NEXT_STEP, allowed_next

IN_SERVICE = [*ACTIVE_STATUSES, Status.PAUSED]


def _base(user: User) -> QuerySet[Proposal]:
    events = ProposalEvent.objects.select_related("by").order_by("at", "id")
    return (
        Proposal.objects.for_user(user)
        .select_related("job_seeker__coach", "opening__employer")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-updated_at", "-id")
    )


def mine_q(user: User) -> Q:
    return coach_team_q(user, "job_seeker")


def proposal_list(
    *,
    user: User,
    opening: int | None = None,
    job_seeker: int | None = None,
    status: Iterable[str] = (),
    mine: bool = False,
    open_only: bool = False,
) -> QuerySet[Proposal]:
    require_view(user)
    qs = _base(user)
    if opening:
        qs = qs.filter(opening_id=opening)
    if job_seeker:
        qs = qs.filter(job_seeker_id=job_seeker)
        if not user.has_perm("candidates.view_jobseeker"):
            qs = qs.filter(presented_at__isnull=False)  # a pseudonym stays one
    statuses = [s for s in status if s]
    if statuses:
        qs = qs.filter(status__in=statuses)
    if open_only:
        qs = qs.filter(status__in=OPEN_PROPOSAL_STATUSES)
    if mine:
        qs = qs.filter(mine_q(user))
    return qs


def proposal_get(*, user: User, pk: int) -> ProposalCard:
    """Another organisation's proposal is a 404; a role without access a 403."""
    proposal = get_object_or_404(_base(user), pk=pk)
    require_view(user)
    return proposal_cards([proposal], user=user)[0]


@dataclass(frozen=True)
class ShownEvent:
    """One step of a proposal's history as the viewer sees it."""

    at: datetime
    from_status: str
    from_label: str
    to_status: str
    to_label: str
    by: User | None
    employer_contact_id: int | None
    note: str  # the person's coach team only; "" for everyone else

    @property
    def by_id(self) -> int | None:
        return self.by.pk if self.by is not None else None


@dataclass(frozen=True)
class ProposalCard:
    """What a proposal shows to one viewer, decided once (like crm/matching/cards.py's cards):
    the name or a pseudonym, whether the viewer may move it and to what, its history."""

    proposal: Proposal
    coach_name: str
    named: bool
    shown_name: str
    can_change: bool
    next_statuses: list[S]
    next_step: str
    history: list[ShownEvent]

    @property
    def candidate_id(self) -> int | None:
        return self.proposal.job_seeker_id if self.named else None


def _shown_event(event: ProposalEvent, *, with_note: bool) -> ShownEvent:
    return ShownEvent(
        at=event.at,
        from_status=event.from_status,
        from_label=event.get_from_status_display() if event.from_status else "",
        to_status=event.to_status,
        to_label=event.get_to_status_display(),
        by=event.by,
        employer_contact_id=event.employer_contact_id,
        note=event.note if with_note else "",
    )


def proposal_card(proposal: Proposal, *, user: User) -> ProposalCard:
    """No queries: the row comes with its person, coach, opening and events (`_base`)."""
    seeker = proposal.job_seeker
    coach = seeker.coach
    coach_name = (coach.get_full_name() or coach.username) if coach else ""
    named = can_name(user, proposal)
    changeable = can_change(user, seeker)
    return ProposalCard(
        proposal=proposal,
        coach_name=coach_name,
        named=named,
        shown_name=seeker.full_name if named else _pseudonym(proposal, coach_name),
        can_change=changeable,
        next_statuses=[S(s) for s in allowed_next(proposal.status)],
        next_step=str(NEXT_STEP.get(proposal.status, "")),
        history=[_shown_event(e, with_note=changeable) for e in proposal.events.all()],
    )


def proposal_cards(proposals: Iterable[Proposal], *, user: User) -> list[ProposalCard]:
    return [proposal_card(p, user=user) for p in proposals]


def _pseudonym(proposal: Proposal, coach_name: str) -> str:
    return _("Job seeker #%(id)s, coach %(coach)s") % {
        "id": proposal.pk,
        "coach": coach_name or "—",
    }


def open_proposals(
    *,
    user: User,
    opening: Opening | None = None,
    job_seeker: JobSeeker | None = None,
    limit: int = 50,
) -> list[ProposalCard]:
    """Open proposals of an opening or a person, as the user may see them (none for roles
    without access, so pages can include the list unconditionally)."""
    if not user.has_perm("employers.view_opening"):
        return []
    qs = proposal_list(
        user=user,
        opening=opening.pk if opening else None,
        job_seeker=job_seeker.pk if job_seeker else None,
        open_only=True,
    )
    return proposal_cards(_active_people(qs)[:limit], user=user)


def _active_people(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Open proposals of people still in service (a second guard: exiting and erasing close
    them). A paused person's proposals stay listed: they wait for the service to resume."""
    return qs.filter(job_seeker__erased_at__isnull=True, job_seeker__status__in=IN_SERVICE)


def my_open_proposals(*, user: User, limit: int = 20) -> list[ProposalCard]:
    """My day: the open proposals of the coach's caseload, oldest move first (next step due)."""
    if not user.has_perm("candidates.view_sensitive_data"):
        return []
    qs = proposal_list(user=user, mine=True, open_only=True).order_by("updated_at", "id")
    return proposal_cards(_active_people(qs)[:limit], user=user)


def disclosure_for(proposal: Proposal) -> Any:
    """The person's disclosure choice and what may be told, for their coach team's presenting
    form (the career profile; not its sensitive section)."""
    return (
        CareerProfile.objects.filter(job_seeker_id=proposal.job_seeker_id)
        .only("disclosure", "disclosure_notes", "job_seeker_id")
        .first()
    )
