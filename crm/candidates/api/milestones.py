"""A job seeker's IPS milestones: the timeline (recorded and derived) and recording one."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.api.common import (
    PageQuery,
    page,
    refuse_nul,
    router,
    seeker_for,
    seeker_to_change,
)
from crm.candidates.models import RECORDED_MILESTONES, MilestoneKind
from crm.candidates.services.milestones import delete_milestone, record_milestone
from crm.core import dates
from crm.core.api.helpers import enum_field

PATH = "/candidates/{int:candidate_id}"


class MilestoneOut(Schema):
    id: int | None = Field(description="Null for a milestone derived from the record or log.")
    kind: str
    label: str
    reached_on: date
    note: str
    derived: bool = Field(description="From the record or the contact log, not recorded here.")


class TimelineOut(Schema):
    items: list[MilestoneOut]
    count: int
    days_to_first_employer_contact: int | None = Field(
        description="From intake to the first face-to-face employer contact (or to today)."
    )
    first_contact_overdue: bool = Field(description="Over 30 days.")


class MilestoneIn(Schema):
    kind: str = enum_field([kind.value for kind in RECORDED_MILESTONES])
    reached_on: dates.PastDate = Field(description="Not in the future, not before the referral.")
    note: str = ""


def _milestone_out(entry: selectors.TimelineEntry) -> dict[str, Any]:
    return {
        "id": entry.milestone_id,
        "kind": str(entry.kind),
        "label": str(entry.label),
        "reached_on": entry.on,
        "note": entry.note,
        "derived": entry.derived,
    }


@router.get(
    f"{PATH}/milestones",
    response=TimelineOut,
    summary="IPS milestone timeline",
    operation_id="crm_candidates_api_progress_milestone_list",
)
def milestone_list(request: HttpRequest, candidate_id: int, params: Query[PageQuery]) -> Any:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    entries = [_milestone_out(e) for e in selectors.timeline(user=request.user, job_seeker=seeker)]
    return page(entries, params, lambda e: f"{e['label']} {e['note']}") | {
        "days_to_first_employer_contact": selectors.days_to_first_employer_contact(seeker),
        "first_contact_overdue": selectors.first_contact_overdue(seeker),
    }


@router.post(
    f"{PATH}/milestones",
    response={201: MilestoneOut},
    summary="Record a milestone",
    operation_id="crm_candidates_api_progress_milestone_create",
)
def milestone_create(request: HttpRequest, candidate_id: int, payload: MilestoneIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    if payload.kind in MilestoneKind.values and payload.kind not in RECORDED_MILESTONES:
        message = _("This milestone comes from the record or the contact log.")
        raise ValidationError({"kind": message})
    milestone = record_milestone(job_seeker=seeker, by=request.user, **payload.dict())
    return 201, {
        "id": milestone.pk,
        "kind": milestone.kind,
        "label": milestone.get_kind_display(),
        "reached_on": milestone.reached_on,
        "note": milestone.note,
        "derived": False,
    }


@router.delete(
    f"{PATH}/milestones/{{int:milestone_id}}",
    response={204: None},
    operation_id="crm_candidates_api_progress_milestone_delete",
)
def milestone_delete(request: HttpRequest, candidate_id: int, milestone_id: int) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    milestone = get_object_or_404(seeker.milestones, pk=milestone_id)
    delete_milestone(milestone=milestone, by=request.user)
    return 204, None
