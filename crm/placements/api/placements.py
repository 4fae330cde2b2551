"""Placements: the list, recording a job start, one placement, its changes and its ending."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.candidates import selectors as candidate_selectors
from crm.candidates.models import ExitReason
from crm.core import dates
from crm.core.api.helpers import Q_DESCRIPTION, api_field_names, enum_field, found, query_filters
from crm.core.api.pagination import LimitOffsetPagination
from crm.core.api.patch import PatchSchema
from crm.employers.selectors.employers import employer_get
from crm.employers.selectors.openings import opening_get
from crm.matching.selectors.proposals import proposal_get
from crm.placements import access
from crm.placements.api.common import (
    PATH,
    VERSION_NOTE,
    placement_for,
    placement_to_change,
    router,
)
from crm.placements.filters import PlacementFilter
from crm.placements.models import (
    ContractType,
    EndReason,
    PaySubsidy,
    Placement,
    SupportCadence,
)
from crm.placements.selectors import placements as selectors
from crm.placements.services import placements as services

FIELD_NAMES = {
    "candidate": "candidate_id",
    "employer": "employer_id",
    "opening": "opening_id",
    "proposal": "proposal_id",
    "occupation_text": "occupation",
}
HOURS_NOTE = "Hours per week, 0.5–60 with one decimal (e.g. 37.5)."
WAGE_NOTE = "Euros per hour, 0–1,000, two decimals; optional."
COMPETITIVE_NOTE = (
    "Competitive employment: open to anyone, at least the going wage, not set aside. Omit it "
    "for the suggestion (false when set aside or paid with a pay subsidy for reduced work "
    "ability); a value that differs from the suggestion needs competitive_override_reason."
)


class PlacementOut(Schema):
    id: int
    candidate_id: int
    candidate_name: str = Field(alias="candidate.full_name")
    coach_id: int = Field(alias="candidate.coach_id")
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    opening_id: int | None
    proposal_id: int | None
    job_title: str
    occupation: str = Field(description="The vocabulary term the occupation resolved to.")
    occupation_text: str = Field(description="As typed (empty: resolved from the job title).")
    start_on: date
    planned_end_on: date | None
    ended_on: date | None
    end_reason: str
    end_note: str
    hours_per_week: float
    hourly_wage: float | None
    contract_type: str
    pay_subsidy: str
    pay_subsidy_start_on: date | None
    pay_subsidy_end_on: date | None
    set_aside: bool
    competitive: bool
    competitive_override_reason: str
    support_cadence: str
    support_declined_on: date | None
    last_support_on: date | None
    next_support_due_on: date | None
    support_overdue: bool
    active: bool
    created_at: datetime
    version: int

    @staticmethod
    def resolve_occupation(obj: Placement) -> str:
        return obj.occupation.name if obj.occupation is not None else obj.occupation_text

    @staticmethod
    def resolve_support_overdue(obj: Placement) -> bool:
        return selectors.is_overdue(obj)

    @staticmethod
    def resolve_active(obj: Placement) -> bool:
        return obj.ended_on is None


class PlacementIn(Schema):
    candidate_id: int
    proposal_id: int | None = Field(
        None,
        description="A hired proposal: employer, opening and title default to its opening's.",
    )
    employer_id: int | None = Field(None, description="Required unless proposal_id is given.")
    opening_id: int | None = None
    job_title: str = Field("", description="Required unless proposal_id is given.")
    occupation: str = Field("", description="As typed; resolved to the vocabulary.")
    start_on: dates.PlannedDate = Field(description="At most a year ahead.")
    hours_per_week: Decimal = Field(description=HOURS_NOTE)
    hourly_wage: Decimal | None = Field(None, description=WAGE_NOTE)
    contract_type: str = enum_field(ContractType.values)
    planned_end_on: dates.ExpiryDate | None = Field(None, description="For fixed-term jobs.")
    pay_subsidy: str = enum_field(PaySubsidy.values, PaySubsidy.NONE.value)
    pay_subsidy_start_on: dates.PlannedDate | None = None
    pay_subsidy_end_on: dates.ExpiryDate | None = None
    set_aside: bool = Field(False, description="Set aside for people with disabilities.")
    competitive: bool | None = Field(None, description=COMPETITIVE_NOTE)
    competitive_override_reason: str = ""
    support_cadence: str = enum_field(SupportCadence.values, SupportCadence.IPS_DEFAULT.value)
    confirm_duplicate: bool = Field(
        False,
        description="Record a second current job at the same employer (else 409).",
    )
    mark_opening_filled: bool = Field(False, description="Mark the opening filled.")


class PlacementPatch(PatchSchema):
    nullable = frozenset(
        {
            "opening_id",
            "occupation",
            "planned_end_on",
            "hourly_wage",
            "pay_subsidy_start_on",
            "pay_subsidy_end_on",
            "competitive",
        }
    )
    version: int = Field(description=VERSION_NOTE)
    employer_id: int | None = None
    opening_id: int | None = None
    job_title: str | None = None
    occupation: str | None = None
    start_on: dates.PlannedDate | None = None
    planned_end_on: dates.ExpiryDate | None = None
    hours_per_week: Decimal | None = Field(None, description=HOURS_NOTE)
    hourly_wage: Decimal | None = Field(None, description=WAGE_NOTE)
    contract_type: str | None = enum_field(ContractType.values, None)
    pay_subsidy: str | None = enum_field(PaySubsidy.values, None)
    pay_subsidy_start_on: dates.PlannedDate | None = None
    pay_subsidy_end_on: dates.ExpiryDate | None = None
    set_aside: bool | None = None
    competitive: bool | None = Field(None, description=COMPETITIVE_NOTE)
    competitive_override_reason: str | None = None
    confirm_duplicate: bool = False


class EndIn(Schema):
    ended_on: dates.PastDate = Field(description="Not before the start, not in the future.")
    end_reason: str = enum_field(EndReason.values)
    note: str = Field("", description="What was learned for the next job.")
    exit_reason: str = enum_field(
        ExitReason.values,
        "",
        "Leave empty: the person goes back to job search unless they have another current "
        "job. Give an exit reason to end the person's service instead.",
    )
    version: int | None = Field(None, description="Optional: " + VERSION_NOTE)


class PlacementQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By person, employer or job title.")
    candidate_id: int | None = None
    employer_id: int | None = None
    coach_id: int | None = None
    active: bool | None = Field(None, description="true: current jobs; false: ended ones.")
    contract_type: str | None = enum_field(ContractType.values, None)
    competitive: bool | None = None
    due: str | None = enum_field(["overdue", "week"], None, "Support overdue or due within a week.")


def _required(data: dict[str, Any], *names: str) -> None:
    missing = {name: _("This field is required.") for name in names if not data.get(name)}
    if missing:
        raise ValidationError(missing)


def _links(request: CrmRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Resolve the ids in a body to records of the user's organisation (else 422)."""
    user = request.user
    if data.get("employer_id") is not None:
        data["employer"] = found("employer_id", employer_get, user=user, pk=data["employer_id"])
    if "opening_id" in data:
        pk = data["opening_id"]
        data["opening"] = None if pk is None else found("opening_id", opening_get, user=user, pk=pk)
    for name in ("employer_id", "opening_id"):
        data.pop(name, None)
    return data


@router.get("/placements", response=list[PlacementOut], summary="Placements (jobs)")
@paginate(LimitOffsetPagination)
def placement_list(request: CrmRequest, params: Query[PlacementQuery]) -> QuerySet[Placement]:
    access.require_role(request.user)
    filters = query_filters(PlacementFilter, Placement, request.user, params)
    filters.pop("q", None)
    return selectors.placement_list(user=request.user, filters=filters, query=params.q)


@router.post("/placements", response={201: PlacementOut}, summary="Record a job start")
def placement_create(request: CrmRequest, payload: PlacementIn) -> tuple[int, Placement]:
    access.require_role(request.user)
    data = payload.dict()
    seeker = found(
        "candidate_id",
        candidate_selectors.job_seeker_get,
        user=request.user,
        pk=data.pop("candidate_id"),
    )
    access.require_change(request.user, seeker)
    proposal = None
    if data.get("proposal_id") is not None:
        card = found("proposal_id", proposal_get, user=request.user, pk=data["proposal_id"])
        proposal = card.proposal
        data.setdefault("employer_id", None)
        if data["employer_id"] is None:
            data["employer_id"] = proposal.opening.employer_id
        if data.get("opening_id") is None:
            data["opening_id"] = proposal.opening_id
        data["job_title"] = data["job_title"] or proposal.opening.title
    data.pop("proposal_id", None)
    _required(data, "employer_id", "job_title")
    data = _links(request, data)
    with api_field_names(**FIELD_NAMES):
        placement = services.record_job_start(
            candidate=seeker, by=request.user, proposal=proposal, **data
        )
    return 201, selectors.placement_get(user=request.user, pk=placement.pk)


@router.get(PATH, response=PlacementOut, summary="One placement")
def placement_detail(request: CrmRequest, placement_id: int) -> Placement:
    return placement_for(request, placement_id)


@router.patch(PATH, response=PlacementOut, summary="Change a placement")
def placement_update(request: CrmRequest, placement_id: int, payload: PlacementPatch) -> Any:
    placement = placement_to_change(request, placement_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    confirm = data.pop("confirm_duplicate", False)
    data = _links(request, data)
    with api_field_names(**FIELD_NAMES):
        services.update_placement(
            placement=placement,
            by=request.user,
            version=version,
            confirm_duplicate=confirm,
            **data,
        )
    return placement_for(request, placement_id)


@router.post(f"{PATH}/end", response=PlacementOut, summary="Record the end of a job")
def placement_end(request: CrmRequest, placement_id: int, payload: EndIn) -> Any:
    placement = placement_to_change(request, placement_id)
    with api_field_names(end_note="note"):
        services.end_placement(placement=placement, by=request.user, **payload.dict())
    return placement_for(request, placement_id)
