"""The contact log and follow-ups."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from crm.accounts.http import CrmRequest
from crm.accounts.models import User
from crm.accounts.permissions import require
from crm.core.api.helpers import (
    Q_DESCRIPTION,
    api_field_names,
    aware,
    colleague,
    enum_field,
    enum_list_field,
    found,
    query_filters,
)
from crm.employers import access, people, selectors, services
from crm.employers.api.common import by_employer_name, router
from crm.employers.filters import ContactLogFilter, FollowUpFilter
from crm.employers.models import (
    Channel,
    EmployerContact,
    FollowUp,
    Purpose,
)

# Contact log --------------------------------------------------------------------------------

CANDIDATE_IDS_NOTE = (
    "Job seekers the contact was made on behalf of. Only the person's own coach team may name "
    "them; exited and erased people cannot be named. The first face-to-face contact naming a "
    "person is their IPS milestone 'first employer contact'."
)


HIDDEN_NOTE = (
    "Null when the contact names a job seeker outside your coach team: the text is then a "
    "note about that person (details_hidden is true)."
)


class EmployerContactOut(Schema):
    id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    occurred_at: datetime
    channel: str
    purpose: str
    summary: str | None = Field(description=HIDDEN_NOTE)
    outcome: str | None = Field(description=HIDDEN_NOTE)
    next_step: str | None = Field(description=HIDDEN_NOTE)
    details_hidden: bool = Field(
        description="The contact names a job seeker outside your coach team: its texts and "
        "that person's id are left out."
    )
    follow_up_on: date | None
    candidate_ids: list[int] = Field(
        description=CANDIDATE_IDS_NOTE + " Lists only people of your coach team."
    )
    opening_id: int | None
    user_id: int
    contact_person_ids: list[int]
    created_at: datetime

    @staticmethod
    def resolve_candidate_ids(obj: EmployerContact, context: dict) -> list[int]:
        return [s.pk for s in access.shown_job_seekers(obj, user=context["request"].user)]

    @staticmethod
    def resolve_details_hidden(obj: EmployerContact, context: dict) -> bool:
        return access.contact_details_hidden(obj, user=context["request"].user)

    @staticmethod
    def resolve_summary(obj: EmployerContact, context: dict) -> str | None:
        return _unless_hidden(obj, context, obj.summary)

    @staticmethod
    def resolve_outcome(obj: EmployerContact, context: dict) -> str | None:
        return _unless_hidden(obj, context, obj.outcome)

    @staticmethod
    def resolve_next_step(obj: EmployerContact, context: dict) -> str | None:
        return _unless_hidden(obj, context, obj.next_step)

    @staticmethod
    def resolve_contact_person_ids(obj: EmployerContact) -> list[int]:
        return [person.pk for person in obj.contact_persons.all()]  # prefetched


def _unless_hidden(obj: EmployerContact, context: dict, text: str) -> str | None:
    hidden = access.contact_details_hidden(obj, user=context["request"].user)
    return None if hidden else text


class EmployerContactIn(Schema):
    employer_id: int
    occurred_at: datetime | None = Field(None, description="Default now; not in the future.")
    channel: str = enum_field(Channel.values)
    purpose: str = enum_field(Purpose.values)
    summary: str
    outcome: str = ""
    next_step: str = ""
    follow_up_on: date | None = Field(
        None, description="Not before the contact; becomes your follow-up."
    )
    candidate_ids: list[int] = Field([], description=CANDIDATE_IDS_NOTE)
    opening_id: int | None = None
    contact_person_ids: list[int] = []


class ContactLogQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By employer name or words in the summary.")
    employer: int | None = None
    user: int | None = None
    candidate: int | None = Field(
        None,
        description="Contacts on behalf of this job seeker of your coach team (anyone else's "
        "id matches nothing).",
    )
    channel: list[str] = enum_list_field(Channel.values)
    purpose: list[str] = enum_list_field(Purpose.values)
    occurred_from: date | None = None
    occurred_to: date | None = None


def _named_job_seekers(user: User, ids: list[int]) -> list[Model]:
    """The job seekers named in the body: relations staff may not name anyone; an unknown id
    or another organisation's is 'not found' (never revealing that it exists elsewhere)."""
    if not ids:
        return []
    policy = people.policy()
    if not policy.can_name(user):
        raise ValidationError({"candidate_ids": policy.only_coach_team_message()})
    wanted = set(ids)
    seekers = list(policy.people(user).filter(pk__in=wanted))
    if len(seekers) != len(wanted):
        raise ValidationError({"candidate_ids": _("Not found.")})
    return seekers


@router.get("/employer-contacts", response=list[EmployerContactOut], summary="The contact log")
@paginate(LimitOffsetPagination)
def contact_log(request: CrmRequest, params: Query[ContactLogQuery]) -> QuerySet:
    require(request.user, "employers.view_employercontact")
    filters = query_filters(ContactLogFilter, EmployerContact, request.user, params)
    contacts = selectors.contact_log(user=request.user, filters=filters)
    return by_employer_name(
        contacts,
        request.user,
        params.q,
        "summary",
        text_where=~access.hidden_details_q(request.user),
    )


@router.post("/employer-contacts", response={201: EmployerContactOut}, summary="Log a contact")
def contact_log_create(
    request: CrmRequest, payload: EmployerContactIn
) -> tuple[int, EmployerContact]:
    require(request.user, "employers.add_employercontact")
    user = request.user
    employer = found("employer_id", selectors.employer_get, user=user, pk=payload.employer_id)
    opening = None
    if payload.opening_id is not None:
        opening = found("opening_id", selectors.opening_get, user=user, pk=payload.opening_id)
    people = [
        found("contact_person_ids", selectors.contact_person_get, user=user, pk=pk)
        for pk in payload.contact_person_ids
    ]
    seekers = _named_job_seekers(user, payload.candidate_ids)
    names = {
        "opening": "opening_id",
        "contact_persons": "contact_person_ids",
        "candidates": "candidate_ids",
    }
    with api_field_names(**names):
        contact = services.log_employer_contact(
            employer=employer,
            by=user,
            channel=payload.channel,
            purpose=payload.purpose,
            summary=payload.summary,
            occurred_at=aware(payload.occurred_at),
            outcome=payload.outcome,
            next_step=payload.next_step,
            follow_up_on=payload.follow_up_on,
            contact_persons=people,
            opening=opening,
            candidates=seekers,
        )
    return 201, selectors.contact_get(user=user, pk=contact.pk)


# Follow-ups ---------------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    due_on: date
    title: str
    done: bool
    done_at: datetime | None
    user_id: int
    employer_id: int | None
    contact_id: int | None
    job_seeker_id: int | None


class FollowUpIn(Schema):
    due_on: date
    title: str
    employer_id: int | None = None
    job_seeker_id: int | None = Field(
        None, description="About a job seeker of your coach team (their title is then a note)."
    )
    user_id: int | None = Field(None, description="Whose follow-up; default yours.")


class FollowUpPatch(Schema):
    done: bool | None = None
    due_on: date | None = Field(None, description="Reschedule to today or later.")


class FollowUpQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By employer name or words in the title.")
    done: bool | None = None
    user: int | None = None
    employer: int | None = None
    due_from: date | None = None
    due_to: date | None = None


@router.get("/follow-ups", response=list[FollowUpOut], summary="Follow-ups")
@paginate(LimitOffsetPagination)
def follow_up_list(request: CrmRequest, params: Query[FollowUpQuery]) -> QuerySet[FollowUp]:
    require(request.user, "employers.view_followup")
    filters = query_filters(FollowUpFilter, FollowUp, request.user, params)
    follow_ups = selectors.follow_up_list(user=request.user, filters=filters)
    return by_employer_name(follow_ups, request.user, params.q, "title")


@router.post("/follow-ups", response={201: FollowUpOut}, summary="Add a follow-up")
def follow_up_create(request: CrmRequest, payload: FollowUpIn) -> tuple[int, FollowUp]:
    require(request.user, "employers.add_followup")
    owner = request.user
    if payload.user_id is not None:
        owner = colleague(request.user, payload.user_id, "user_id")
    employer = None
    if payload.employer_id is not None:
        employer = found(
            "employer_id", selectors.employer_get, user=request.user, pk=payload.employer_id
        )
    job_seeker = _follow_up_person(request.user, payload.job_seeker_id)
    with api_field_names(employer="employer_id", user="user_id", job_seeker="job_seeker_id"):
        follow_up = services.create_follow_up(
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


@router.patch("/follow-ups/{int:follow_up_id}", response=FollowUpOut, summary="Done/reschedule")
def follow_up_update(request: CrmRequest, follow_up_id: int, payload: FollowUpPatch) -> FollowUp:
    require(request.user, "employers.change_followup")
    follow_up = selectors.follow_up_get(user=request.user, pk=follow_up_id)
    if payload.due_on is not None:  # first, so a refused date leaves "done" untouched
        services.reschedule_follow_up(follow_up=follow_up, due_on=payload.due_on, by=request.user)
    if payload.done is True and not follow_up.done:
        services.complete_follow_up(follow_up=follow_up, by=request.user)
    elif payload.done is False and follow_up.done:
        services.reopen_follow_up(follow_up=follow_up, by=request.user)
    return follow_up
