"""Follow-ups: the organisation's (those about a person only for its coach team), adding one,
marking it done and rescheduling it."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.accounts.models import User
from crm.accounts.permissions import require
from crm.core import dates
from crm.core.api.helpers import Q_DESCRIPTION, api_field_names, colleague, found, query_filters
from crm.core.api.pagination import LimitOffsetPagination
from crm.core.api.patch import PatchSchema
from crm.employers import access, people
from crm.employers.api.common import by_employer_name, router
from crm.employers.filters import FollowUpFilter
from crm.employers.models import FollowUp
from crm.employers.selectors import employers as employer_selectors
from crm.employers.selectors import follow_ups as follow_up_selectors
from crm.employers.services.follow_ups import (
    complete_follow_up,
    create_follow_up,
    reopen_follow_up,
    reschedule_follow_up,
)

FOLLOW_UP_HIDDEN_NOTE = (
    "Null when the follow-up is about a job seeker outside your coach team (also one of your "
    "own, e.g. after the person was transferred): the title is then a note about that person "
    "(details_hidden is true)."
)


class FollowUpOut(Schema):
    id: int
    due_on: date
    title: str | None = Field(description=FOLLOW_UP_HIDDEN_NOTE)
    done: bool
    done_at: datetime | None
    user_id: int
    employer_id: int | None
    contact_id: int | None
    job_seeker_id: int | None = Field(description=FOLLOW_UP_HIDDEN_NOTE)
    details_hidden: bool = Field(
        description="The follow-up is about a job seeker outside your coach team: its title "
        "and that person's id are left out."
    )

    @staticmethod
    def resolve_details_hidden(obj: FollowUp, context: dict) -> bool:
        return access.follow_up_details_hidden(obj, user=context["request"].user)

    @staticmethod
    def resolve_title(obj: FollowUp, context: dict) -> str | None:
        hidden = access.follow_up_details_hidden(obj, user=context["request"].user)
        return None if hidden else obj.title

    @staticmethod
    def resolve_job_seeker_id(obj: FollowUp, context: dict) -> int | None:
        hidden = access.follow_up_details_hidden(obj, user=context["request"].user)
        return None if hidden else obj.job_seeker_id


class FollowUpIn(Schema):
    due_on: dates.PlannedDate
    title: str
    employer_id: int | None = None
    job_seeker_id: int | None = Field(
        None, description="About a job seeker of your coach team (their title is then a note)."
    )
    user_id: int | None = Field(
        None,
        description="Whose follow-up; default yours. One about a job seeker only for someone "
        "of the person's coach team.",
    )


class FollowUpPatch(PatchSchema):
    nullable = frozenset({"done", "due_on"})
    done: bool | None = None
    due_on: dates.PlannedDate | None = Field(None, description="Reschedule to today or later.")


class FollowUpQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By employer name or words in the title.")
    done: bool | None = None
    user: int | None = None
    employer: int | None = None
    due_from: dates.QueryDate | None = None
    due_to: dates.QueryDate | None = None


@router.get(
    "/follow-ups",
    response=list[FollowUpOut],
    summary="Follow-ups",
    operation_id="crm_employers_api_contact_log_follow_up_list",
)
@paginate(LimitOffsetPagination)
def follow_up_list(request: CrmRequest, params: Query[FollowUpQuery]) -> QuerySet[FollowUp]:
    require(request.user, "employers.view_followup")
    filters = query_filters(FollowUpFilter, FollowUp, request.user, params)
    follow_ups = follow_up_selectors.follow_up_list(user=request.user, filters=filters)
    return by_employer_name(
        follow_ups,
        request.user,
        params.q,
        "title",
        text_where=~access.follow_up_details_hidden_q(request.user),
    )


@router.post(
    "/follow-ups",
    response={201: FollowUpOut},
    summary="Add a follow-up",
    operation_id="crm_employers_api_contact_log_follow_up_create",
)
def follow_up_create(request: CrmRequest, payload: FollowUpIn) -> tuple[int, FollowUp]:
    require(request.user, "employers.add_followup")
    owner = request.user
    if payload.user_id is not None:
        owner = colleague(request.user, payload.user_id, "user_id")
    employer = None
    if payload.employer_id is not None:
        employer = found(
            "employer_id",
            employer_selectors.employer_get,
            user=request.user,
            pk=payload.employer_id,
        )
    job_seeker = _follow_up_person(request.user, payload.job_seeker_id)
    with api_field_names(employer="employer_id", user="user_id", job_seeker="job_seeker_id"):
        follow_up = create_follow_up(
            user=owner,
            due_on=payload.due_on,
            title=payload.title,
            employer=employer,
            job_seeker=job_seeker,
            by=request.user,
        )
    return 201, follow_up


def _follow_up_person(user: User, pk: int | None) -> Model | None:
    """A person of the user's coach team; anyone else is "not found" (no existence leak)."""
    if pk is None:
        return None
    seeker = people.policy().seen_in_full(user, pk)
    if seeker is None:
        raise ValidationError({"job_seeker_id": _("Not found.")})
    return seeker


@router.patch(
    "/follow-ups/{int:follow_up_id}",
    response=FollowUpOut,
    summary="Done/reschedule",
    operation_id="crm_employers_api_contact_log_follow_up_update",
)
def follow_up_update(request: CrmRequest, follow_up_id: int, payload: FollowUpPatch) -> FollowUp:
    require(request.user, "employers.change_followup")
    follow_up = follow_up_selectors.follow_up_get(user=request.user, pk=follow_up_id)
    if payload.due_on is not None:  # first, so a refused date leaves "done" untouched
        reschedule_follow_up(follow_up=follow_up, due_on=payload.due_on, by=request.user)
    if payload.done is True and not follow_up.done:
        complete_follow_up(follow_up=follow_up, by=request.user)
    elif payload.done is False and follow_up.done:
        reopen_follow_up(follow_up=follow_up, by=request.user)
    return follow_up
