"""Matching API: proposals of a job seeker for an opening and their status moves."""

from datetime import datetime
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.candidates.models import JobSeeker
from crm.core.api.helpers import enum_field
from crm.core.api.pagination import LimitOffsetPagination
from crm.employers.models import Channel, Opening
from crm.matching import access
from crm.matching.api.common import router
from crm.matching.models import Proposal, ProposalStatus
from crm.matching.selectors import proposals as proposal_selectors
from crm.matching.selectors.proposals import ProposalCard, ShownEvent
from crm.matching.services import proposals as proposal_services

Row = TypeVar("Row", bound=Model)


def _card(obj: Proposal | ProposalCard, context: dict) -> ProposalCard:
    """What the requesting user may see of a row, decided once per row and response (no
    queries: the selector brings the person, coach, opening and events along)."""
    if isinstance(obj, ProposalCard):
        return obj
    cards = context.setdefault("proposal_cards", {})
    if obj.pk not in cards:
        cards[obj.pk] = proposal_selectors.proposal_card(obj, user=context["request"].user)
    return cards[obj.pk]


class ProposalEventOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    by_id: int | None
    note: str = Field(description="Shown to the person's coach team only; empty for others.")
    employer_contact_id: int | None


class ProposalOut(Schema):
    id: int
    candidate_id: int | None = Field(
        description="Empty for relations staff until the person has been presented."
    )
    candidate_name: str = Field(description="The name, or a pseudonym with the coach's name.")
    coach_name: str
    opening_id: int
    opening_title: str
    employer_id: int
    status: str = enum_field(ProposalStatus.values)
    next_statuses: list[str]
    presented_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
    history: list[ProposalEventOut]

    @staticmethod
    def resolve_id(obj: Proposal | ProposalCard, context: dict) -> int:
        return _card(obj, context).proposal.pk

    @staticmethod
    def resolve_candidate_id(obj: Proposal | ProposalCard, context: dict) -> int | None:
        return _card(obj, context).candidate_id

    @staticmethod
    def resolve_candidate_name(obj: Proposal | ProposalCard, context: dict) -> str:
        return _card(obj, context).shown_name

    @staticmethod
    def resolve_coach_name(obj: Proposal | ProposalCard, context: dict) -> str:
        return _card(obj, context).coach_name

    @staticmethod
    def resolve_opening_id(obj: Proposal | ProposalCard, context: dict) -> int:
        return _card(obj, context).proposal.opening_id

    @staticmethod
    def resolve_opening_title(obj: Proposal | ProposalCard, context: dict) -> str:
        return _card(obj, context).proposal.opening.title

    @staticmethod
    def resolve_employer_id(obj: Proposal | ProposalCard, context: dict) -> int:
        return _card(obj, context).proposal.opening.employer_id

    @staticmethod
    def resolve_status(obj: Proposal | ProposalCard, context: dict) -> str:
        return _card(obj, context).proposal.status

    @staticmethod
    def resolve_next_statuses(obj: Proposal | ProposalCard, context: dict) -> list[str]:
        card = _card(obj, context)
        return [str(s) for s in card.next_statuses] if card.can_change else []

    @staticmethod
    def resolve_presented_at(obj: Proposal | ProposalCard, context: dict) -> datetime | None:
        return _card(obj, context).proposal.presented_at

    @staticmethod
    def resolve_created_at(obj: Proposal | ProposalCard, context: dict) -> datetime:
        return _card(obj, context).proposal.created_at

    @staticmethod
    def resolve_updated_at(obj: Proposal | ProposalCard, context: dict) -> datetime:
        return _card(obj, context).proposal.updated_at

    @staticmethod
    def resolve_version(obj: Proposal | ProposalCard, context: dict) -> int:
        return _card(obj, context).proposal.version

    @staticmethod
    def resolve_history(obj: Proposal | ProposalCard, context: dict) -> list[ShownEvent]:
        return _card(obj, context).history


class ProposalIn(Schema):
    candidate_id: int
    opening_id: int
    note: str = ""


class ProposalMoveIn(Schema):
    status: str = enum_field(ProposalStatus.values)
    version: int = Field(description="The version you read; a stale one gets 409.")
    note: str = ""
    channel: str = enum_field(
        Channel.values,
        Channel.FACE_TO_FACE.value,
        description="How the person was presented (used when moving to `presented`).",
    )


MAX_DB_ID = 2**63 - 1


class ProposalQuery(Schema):
    opening: int | None = Field(None, ge=1, le=MAX_DB_ID)
    candidate: int | None = Field(None, ge=1, le=MAX_DB_ID)
    status: list[str] = Field(
        [], json_schema_extra={"items": {"enum": list(ProposalStatus.values)}}
    )
    mine: bool = Field(False, description="Only proposals of people in my coach team.")


def _found(field: str, rows: QuerySet[Row], pk: int) -> Row:
    """A record named in the body: unknown or another organisation's → 422 on that field."""
    obj = rows.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: _("Not found.")})
    return obj


API_FIELDS = {"job_seeker": "candidate_id", "opening": "opening_id"}


def _api_names(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({API_FIELDS.get(f, f): m for f, m in exc.message_dict.items()})


@router.get("/proposals", response=list[ProposalOut], summary="Proposals")
@paginate(LimitOffsetPagination)
def proposal_list(request: CrmRequest, params: Query[ProposalQuery]) -> QuerySet[Proposal]:
    statuses = [s for s in params.status if s]
    unknown = [s for s in statuses if s not in ProposalStatus.values]
    if unknown:
        raise ValidationError({"status": _("Choose a valid status.")})
    return proposal_selectors.proposal_list(
        user=request.user,
        opening=params.opening,
        job_seeker=params.candidate,
        status=statuses,
        mine=params.mine,
    )


@router.post("/proposals", response={201: ProposalOut}, summary="Propose a job seeker")
def proposal_create(request: CrmRequest, payload: ProposalIn) -> tuple[int, ProposalCard]:
    access.require_view(request.user)
    if not request.user.has_perm("candidates.view_sensitive_data"):  # before any look-up
        raise PermissionDenied(_("Only the person's own coach team can propose them."))
    seeker = _found("candidate_id", JobSeeker.objects.for_user(request.user), payload.candidate_id)
    opening = _found("opening_id", Opening.objects.for_user(request.user), payload.opening_id)
    try:
        proposal = proposal_services.create_proposal(
            job_seeker=seeker, opening=opening, by=request.user, note=payload.note
        )
    except ValidationError as exc:
        raise _api_names(exc) from None
    return 201, proposal_selectors.proposal_get(user=request.user, pk=proposal.pk)


@router.get("/proposals/{int:proposal_id}", response=ProposalOut, summary="One proposal")
def proposal_detail(request: CrmRequest, proposal_id: int) -> ProposalCard:
    return proposal_selectors.proposal_get(user=request.user, pk=proposal_id)


@router.post(
    "/proposals/{int:proposal_id}/status",
    response=ProposalOut,
    summary="Move a proposal",
    description="Allowed: suggested → discussed → presented → interview → hired; "
    "declined_by_candidate from any open status; declined_by_employer from presented or "
    "interview. Moving to `presented` logs an employer contact and needs the person's valid "
    "consent to disclosure (422 otherwise). A stale `version` gets 409.",
)
def proposal_move(request: CrmRequest, proposal_id: int, payload: ProposalMoveIn) -> ProposalCard:
    card = proposal_selectors.proposal_get(user=request.user, pk=proposal_id)
    proposal_services.move_proposal(
        proposal=card.proposal,
        to_status=payload.status,
        by=request.user,
        version=payload.version,
        note=payload.note,
        channel=payload.channel,
    )
    return proposal_selectors.proposal_get(user=request.user, pk=proposal_id)
