"""Job satisfaction check-ins of a placement."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from crm.accounts.http import CrmRequest
from crm.core.api.helpers import enum_field
from crm.placements.api.common import PATH, placement_for, placement_to_change, router
from crm.placements.models import JobCheckIn, Respondent
from crm.placements.selectors import check_ins as selectors
from crm.placements.services import check_ins as services


class CheckInOut(Schema):
    id: int
    placement_id: int
    checked_on: date
    respondent: str
    score: int
    note: str
    by_id: int | None
    created_at: datetime


class CheckInIn(Schema):
    checked_on: date = Field(description="Not in the future, not before the start.")
    respondent: str = enum_field(Respondent.values)
    score: int | None = Field(description="Satisfaction from 1 to 5.")
    note: str = ""


@router.get(f"{PATH}/check-ins", response=list[CheckInOut], summary="Job satisfaction check-ins")
@paginate(LimitOffsetPagination)
def check_in_list(request: CrmRequest, placement_id: int) -> QuerySet[JobCheckIn]:
    placement = placement_for(request, placement_id)
    return selectors.check_ins(user=request.user, placement=placement)


@router.post(
    f"{PATH}/check-ins", response={201: CheckInOut}, summary="Record a satisfaction check-in"
)
def check_in_create(request: CrmRequest, placement_id: int, payload: CheckInIn) -> Any:
    placement = placement_to_change(request, placement_id)
    return 201, services.record_check_in(placement=placement, by=request.user, **payload.dict())
