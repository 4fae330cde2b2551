"""Proposals of a job seeker for an opening: the writes (services) and the reads (selectors).

A proposal moves suggested → discussed with the person → presented to the employer → interview
→ hired, or ends declined by the person or by the employer. Only the person's coach team creates
and moves proposals. Presenting logs an employer contact on the person's behalf in the same
transaction, which needs their valid consent to the disclosure: without it nothing changes.
Relations staff see who a proposal is about only once the person has been presented.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.access import coach_team_q
from crm.candidates.models import ACTIVE_STATUSES, CareerProfile, JobSeeker, Status
from crm.core.errors import EditConflict
from crm.employers.models import Channel, Opening, OpeningStatus, Purpose
from crm.employers.services import log_employer_contact
from crm.matching.access import can_change, can_name, require_coach_team, require_view
from crm.matching.models import (
    OPEN_PROPOSAL_STATUSES,
    Proposal,
    ProposalEvent,
)
from crm.matching.models import ProposalStatus as S

TRANSITIONS: dict[str, list[str]] = {
    S.SUGGESTED: [S.DISCUSSED, S.DECLINED_BY_CANDIDATE],
    S.DISCUSSED: [S.PRESENTED, S.DECLINED_BY_CANDIDATE],
    S.PRESENTED: [S.INTERVIEW, S.DECLINED_BY_CANDIDATE, S.DECLINED_BY_EMPLOYER],
    S.INTERVIEW: [S.HIRED, S.DECLINED_BY_CANDIDATE, S.DECLINED_BY_EMPLOYER],
}
DECLINES = {S.DECLINED_BY_CANDIDATE, S.DECLINED_BY_EMPLOYER}
NAMED_FROM = {S.PRESENTED, S.INTERVIEW, S.HIRED, S.DECLINED_BY_EMPLOYER}

NEXT_STEP = {
    S.SUGGESTED: gettext_lazy("Talk the opening over with the person"),
    S.DISCUSSED: gettext_lazy("Present the person to the employer"),
    S.PRESENTED: gettext_lazy("Agree on an interview with the employer"),
    S.INTERVIEW: gettext_lazy("Hear the employer's decision"),
}
NOTE_MAX_LENGTH = 2000
IN_SERVICE = [*ACTIVE_STATUSES, Status.PAUSED]


# The workflow ------------------------------------------------------------------------------


def allowed_next(status: str) -> list[str]:
    return list(TRANSITIONS.get(status, []))


# Services ----------------------------------------------------------------------------------


def _proposable_error(seeker: JobSeeker) -> str:
    if seeker.erased_at is not None:
        return _("A person whose data has been erased cannot be proposed.")
    if seeker.status == Status.PAUSED:
        return _("The person's service is paused: resume it before proposing them.")
    if seeker.status == Status.EXITED:
        return _("The person has exited the service and cannot be proposed.")
    return ""


def _validate_new(seeker: JobSeeker, opening: Opening) -> None:
    errors: dict[str, str] = {}
    seeker_error = _proposable_error(seeker)
    if seeker_error:
        errors["job_seeker"] = seeker_error
    if opening.organization_id != seeker.organization_id:
        errors["opening"] = _("Choose an opening of your organisation.")
    elif opening.status != OpeningStatus.OPEN:
        errors["opening"] = _("Only an open opening can get proposals.")
    elif Proposal.objects.filter(
        job_seeker=seeker, opening=opening, status__in=OPEN_PROPOSAL_STATUSES
    ).exists():
        errors["opening"] = _("This person already has an open proposal for this opening.")
    if errors:
        raise ValidationError(errors)


def create_proposal(
    *, job_seeker: JobSeeker, opening: Opening, by: User, note: str = ""
) -> Proposal:
    require_coach_team(by, job_seeker)
    _validate_new(job_seeker, opening)
    note = _clean_note(note)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                organization_id=job_seeker.organization_id,
                job_seeker=job_seeker,
                opening=opening,
                created_by=by,
            )
            _add_event(proposal, from_status="", by=by, note=note, at=proposal.created_at)
            record_access(by, "crm.candidate.proposal_created", job_seeker, ["proposals"])
    except IntegrityError:  # a simultaneous request created the same open proposal
        raise ValidationError(
            {"opening": _("This person already has an open proposal for this opening.")}
        ) from None
    return proposal


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("A note can be at most %(max)d characters long.") % {"max": NOTE_MAX_LENGTH}}
        )
    return note


def _add_event(
    proposal: Proposal, *, from_status: str, by: User, note: str, at: datetime, contact: Any = None
) -> ProposalEvent:
    return ProposalEvent.objects.create(
        organization_id=proposal.organization_id,
        proposal=proposal,
        from_status=from_status,
        to_status=proposal.status,
        at=at,
        by=by,
        note=note,
        employer_contact=contact,
    )


def _check_version(proposal: Proposal, version: int | None) -> Proposal:
    """Lock the row; a move based on a stale version is refused (HTTP 409 / a UI message)."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if version is None or current.version != int(version):
        raise EditConflict(current_version=current.version)
    return current


def _validate_move(proposal: Proposal, to_status: str, channel: str) -> None:
    if to_status not in S.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if to_status not in allowed_next(proposal.status):
        raise ValidationError(
            {
                "status": _("A proposal cannot move from “%(from)s” to “%(to)s”.")
                % {"from": S(proposal.status).label, "to": S(to_status).label}
            }
        )
    if to_status not in DECLINES:
        seeker_error = _proposable_error(proposal.job_seeker)
        if seeker_error:
            raise ValidationError({"status": seeker_error})
    if to_status == S.PRESENTED and channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how you met the employer.")})


def presenting_summary(opening: Opening) -> str:
    """A neutral summary: the opening, never anything about health or disability."""
    return _("Presented a job seeker for the opening “%(opening)s”.") % {"opening": opening.title}


def _present(proposal: Proposal, *, by: User, channel: str, at: datetime) -> Any:
    opening = proposal.opening
    try:
        return log_employer_contact(
            employer=opening.employer,
            by=by,
            channel=channel,
            purpose=Purpose.PRESENTING_CANDIDATE,
            summary=presenting_summary(opening),
            occurred_at=at,
            candidates=[proposal.job_seeker],
            opening=opening,
        )
    except ValidationError as exc:  # e.g. no valid consent: say it where the user chose
        if not hasattr(exc, "error_dict"):
            raise
        errors = {("status" if f == "candidates" else f): m for f, m in exc.message_dict.items()}
        raise ValidationError(errors) from None


@transaction.atomic
def move_proposal(
    *,
    proposal: Proposal,
    to_status: str,
    by: User,
    version: int | None,
    note: str = "",
    channel: str = Channel.FACE_TO_FACE,
) -> Proposal:
    """Move a proposal one step; presenting logs the employer contact in the same transaction,
    so a refused contact (no consent) leaves the proposal where it was."""
    require_coach_team(by, proposal.job_seeker)
    note = _clean_note(note)
    current = _check_version(proposal, version)
    current.job_seeker, current.opening = proposal.job_seeker, proposal.opening
    channel = channel or Channel.FACE_TO_FACE
    _validate_move(current, to_status, channel)
    now = timezone.now()
    contact = (
        _present(current, by=by, channel=channel, at=now) if to_status == S.PRESENTED else None
    )
    from_status = current.status
    current.status = to_status
    current.version += 1
    if to_status == S.PRESENTED:
        current.presented_at = now
    current.save(update_fields=["status", "version", "presented_at", "updated_at"])
    _add_event(current, from_status=from_status, by=by, note=note, at=now, contact=contact)
    record_access(by, "crm.candidate.proposal_moved", current.job_seeker, ["proposals"])
    return current


def close_open_proposals(
    *,
    job_seeker: JobSeeker,
    by: User | None,
    reason_status: str = S.DECLINED_BY_CANDIDATE,
    note: str = "",
) -> int:
    """End the person's open proposals (they exited the service or their data was erased),
    each with a history event. No permission check: callers are services that already
    checked who may exit or erase the person. Returns how many were closed."""
    if reason_status not in DECLINES:
        raise ValueError(f"Not a closing status: {reason_status}")
    now = timezone.now()
    open_ones = Proposal.objects.select_for_update().filter(
        job_seeker=job_seeker, status__in=OPEN_PROPOSAL_STATUSES
    )
    closed = 0
    for proposal in open_ones:
        from_status = proposal.status
        proposal.status = reason_status
        proposal.version += 1
        proposal.save(update_fields=["status", "version", "updated_at"])
        _add_event(proposal, from_status=from_status, by=by, note=note, at=now)
        closed += 1
    return closed


# Selectors ---------------------------------------------------------------------------------


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
