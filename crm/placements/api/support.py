"""The follow-along support plan and support contacts of a placement."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.core import dates
from crm.core.api.helpers import api_field_names, enum_field, found
from crm.core.api.pagination import LimitOffsetPagination
from crm.employers.selectors.contacts import contact_person_get
from crm.placements.api.common import PATH, VERSION_NOTE, placement_for, placement_to_change, router
from crm.placements.models import (
    SupportCadence,
    SupportChannel,
    SupportContact,
    SupportPlace,
    SupportTopic,
    WithWhom,
)
from crm.placements.selectors import placements as placement_selectors
from crm.placements.selectors import support as selectors
from crm.placements.services import support as services

# The plan -----------------------------------------------------------------------------------


class SlotOut(Schema):
    due_on: date
    label: str
    status: str = Field(
        description="done, missed, due, overdue, planned or unrecorded (due before the job "
        "was recorded)."
    )
    contacts: int


class PlanOut(Schema):
    cadence: str
    declined_on: date | None
    declined_reason: str
    last_support_on: date | None
    next_support_due_on: date | None
    overdue: bool
    first_year: list[SlotOut] = Field(description="The planned slots of the first 12 months.")
    version: int = Field(description="The placement's version.")


class PlanIn(Schema):
    version: int = Field(description=VERSION_NOTE)
    cadence: str = enum_field(SupportCadence.values)
    declined_on: dates.PastDate | None = Field(
        None, description="The person declined further support."
    )
    declined_reason: str = ""


def _plan(request: CrmRequest, placement_id: int) -> dict[str, Any]:
    placement = placement_for(request, placement_id)
    days = list(placement.support_contacts.values_list("occurred_on", flat=True))
    slots = placement_selectors.first_year_plan(placement, days)
    return {
        "cadence": placement.support_cadence,
        "declined_on": placement.support_declined_on,
        "declined_reason": placement.support_declined_reason,
        "last_support_on": placement.last_support_on,
        "next_support_due_on": placement.next_support_due_on,
        "overdue": placement_selectors.is_overdue(placement),
        "first_year": [
            {"due_on": s.due_on, "label": s.label, "status": s.status, "contacts": s.contacts}
            for s in slots
        ],
        "version": placement.version,
    }


@router.get(f"{PATH}/plan", response=PlanOut, summary="Follow-along support plan")
def plan_detail(request: CrmRequest, placement_id: int) -> Any:
    return _plan(request, placement_id)


@router.put(f"{PATH}/plan", response=PlanOut, summary="Change the support plan")
def plan_update(request: CrmRequest, placement_id: int, payload: PlanIn) -> Any:
    placement = placement_to_change(request, placement_id)
    services.set_support_plan(placement=placement, by=request.user, **payload.dict())
    return _plan(request, placement_id)


# Support contacts ---------------------------------------------------------------------------


class SupportContactOut(Schema):
    id: int
    placement_id: int
    occurred_on: date
    with_whom: str
    channel: str
    place: str
    topics: list[str]
    notes: str | None = Field(description="Null for readers outside the coach team.")
    notes_hidden: bool
    next_due_on: date | None
    contact_person_id: int | None
    employer_contact_id: int | None = Field(
        description="The employer's contact-log entry, when the employer took part."
    )
    by_id: int | None
    created_at: datetime


class SupportContactIn(Schema):
    occurred_on: dates.PastDate = Field(
        description="Not in the future, at most 30 days before the start."
    )
    with_whom: str = enum_field(WithWhom.values)
    channel: str = enum_field(SupportChannel.values)
    place: str = enum_field(SupportPlace.values, "")
    topics: list[str] = Field([], description="Any of: " + ", ".join(SupportTopic.values))
    notes: str = Field("", description="Handled like case notes: the coach team only.")
    next_due_on: dates.PlannedDate | None = Field(
        None, description="Overrides the cadence's next slot."
    )
    contact_person_id: int | None = Field(None, description="Who was met at the employer.")


def _contact_out(contact: SupportContact, *, notes: bool) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "placement_id": contact.placement_id,
        "occurred_on": contact.occurred_on,
        "with_whom": contact.with_whom,
        "channel": contact.channel,
        "place": contact.place,
        "topics": list(contact.topics or []),
        "notes": contact.notes if notes else None,
        "notes_hidden": not notes,
        "next_due_on": contact.next_due_on,
        "contact_person_id": contact.contact_person_id,
        "employer_contact_id": contact.employer_contact_id,
        "by_id": contact.by_id,
        "created_at": contact.created_at,
    }


@router.get(
    f"{PATH}/support-contacts",
    response=list[SupportContactOut],
    summary="Support contacts (notes audited)",
)
@paginate(LimitOffsetPagination)
def support_contact_list(request: CrmRequest, placement_id: int) -> Any:
    placement = placement_for(request, placement_id)
    contacts = selectors.support_contacts(user=request.user, placement=placement)
    notes = selectors.notes_visible(request.user, placement)
    return [_contact_out(contact, notes=notes) for contact in contacts]


@router.post(
    f"{PATH}/support-contacts",
    response={201: SupportContactOut},
    summary="Log a support contact",
)
def support_contact_create(
    request: CrmRequest, placement_id: int, payload: SupportContactIn
) -> Any:
    placement = placement_to_change(request, placement_id)
    data = payload.dict()
    person_id = data.pop("contact_person_id")
    if person_id is not None:
        data["contact_person"] = found(
            "contact_person_id",
            contact_person_get,
            user=request.user,
            pk=person_id,
        )
    with api_field_names(contact_person="contact_person_id"):
        contact = services.log_support_contact(placement=placement, by=request.user, **data)
    return 201, _contact_out(contact, notes=True)
