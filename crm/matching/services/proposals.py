"""Writes about proposals: creating one, moving it step by step (presenting logs an employer
contact on the person's behalf in the same transaction, which needs their valid consent to the
disclosure: without it nothing changes), and closing a person's open proposals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import JobSeeker, Status
from crm.core.errors import EditConflict
from crm.employers.models import Channel, Opening, OpeningStatus, Purpose
from crm.employers.services.contacts import log_employer_contact
from crm.matching.access import require_coach_team
from crm.matching.models import OPEN_PROPOSAL_STATUSES, Proposal, ProposalEvent
from crm.matching.models import ProposalStatus as S
from crm.matching.workflow import DECLINES, allowed_next

NOTE_MAX_LENGTH = 2000


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
