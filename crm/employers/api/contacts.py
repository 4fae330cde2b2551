"""Contact persons of an employer and the contact log."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.accounts.models import User
from crm.accounts.permissions import require
from crm.core import dates
from crm.core.api.helpers import (
    Q_DESCRIPTION,
    SearchQuery,
    api_field_names,
    aware,
    enum_field,
    enum_list_field,
    found,
    fuzzy,
    query_filters,
)
from crm.core.api.pagination import LimitOffsetPagination
from crm.core.api.patch import PatchSchema
from crm.employers import access, people
from crm.employers.api.common import by_employer_name, router
from crm.employers.filters import ContactLogFilter
from crm.employers.models import Channel, ContactPerson, EmployerContact, Purpose
from crm.employers.selectors import contacts as contact_selectors
from crm.employers.selectors import employers as employer_selectors
from crm.employers.selectors import openings as opening_selectors
from crm.employers.services.contacts import (
    add_contact_person,
    log_employer_contact,
    update_contact_person,
)

# Contact persons -------------------------------------------------------------------------------


class ContactPersonOut(Schema):
    id: int
    employer_id: int
    name: str
    title: str
    phone: str = Field(description="E.164, e.g. +358401234567.")
    email: str
    is_decision_maker: bool
    preferred_channel: str


class ContactPersonIn(Schema):
    name: str
    title: str = ""
    phone: str = Field("", description="Finnish formats accepted: '040 123 4567'.")
    email: str = ""
    is_decision_maker: bool = False
    preferred_channel: str = enum_field(ContactPerson.PreferredChannel.values, "")


class ContactPersonPatch(PatchSchema):
    nullable = frozenset({"phone"})
    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    is_decision_maker: bool | None = None
    preferred_channel: str | None = enum_field(ContactPerson.PreferredChannel.values, None)


@router.get(
    "/employers/{int:employer_id}/contacts",
    response=list[ContactPersonOut],
    summary="An employer's contact persons",
    operation_id="crm_employers_api_employers_contact_person_list",
)
@paginate(LimitOffsetPagination)
def contact_person_list(
    request: CrmRequest, employer_id: int, params: Query[SearchQuery]
) -> QuerySet[ContactPerson]:
    require(request.user, "employers.view_contactperson")
    employer = employer_selectors.employer_get(user=request.user, pk=employer_id)
    people = employer.contact_persons.filter(archived_at__isnull=True)
    return fuzzy(people, params.q, "name", "title")


@router.post(
    "/employers/{int:employer_id}/contacts",
    response={201: ContactPersonOut},
    summary="Add a contact person",
    operation_id="crm_employers_api_employers_contact_person_create",
)
def contact_person_create(
    request: CrmRequest, employer_id: int, payload: ContactPersonIn
) -> tuple[int, ContactPerson]:
    require(request.user, "employers.add_contactperson")
    employer = employer_selectors.employer_get(user=request.user, pk=employer_id)
    person = add_contact_person(employer=employer, by=request.user, **payload.dict())
    return 201, person


@router.patch(
    "/employers/{int:employer_id}/contacts/{int:contact_id}",
    response=ContactPersonOut,
    summary="Edit a contact person",
    operation_id="crm_employers_api_employers_contact_person_update",
)
def contact_person_update(
    request: CrmRequest, employer_id: int, contact_id: int, payload: ContactPersonPatch
) -> ContactPerson:
    require(request.user, "employers.change_contactperson")
    person = contact_selectors.contact_person_get(user=request.user, pk=contact_id)
    if person.employer_id != employer_id:
        raise Http404
    data = payload.dict(exclude_unset=True)
    return update_contact_person(person=person, by=request.user, **data)


# Contact log -----------------------------------------------------------------------------------

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
    occurred_at: dates.PastDateTime | None = Field(
        None, description="Default now; not in the future."
    )
    channel: str = enum_field(Channel.values)
    purpose: str = enum_field(Purpose.values)
    summary: str
    outcome: str = ""
    next_step: str = ""
    follow_up_on: dates.PlannedDate | None = Field(
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
    occurred_from: dates.QueryDate | None = None
    occurred_to: dates.QueryDate | None = None


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


@router.get(
    "/employer-contacts",
    response=list[EmployerContactOut],
    summary="The contact log",
    operation_id="crm_employers_api_contact_log_contact_log",
)
@paginate(LimitOffsetPagination)
def contact_log(request: CrmRequest, params: Query[ContactLogQuery]) -> QuerySet:
    require(request.user, "employers.view_employercontact")
    filters = query_filters(ContactLogFilter, EmployerContact, request.user, params)
    contacts = contact_selectors.contact_log(user=request.user, filters=filters)
    return by_employer_name(
        contacts,
        request.user,
        params.q,
        "summary",
        text_where=~access.hidden_details_q(request.user),
    )


@router.post(
    "/employer-contacts",
    response={201: EmployerContactOut},
    summary="Log a contact",
    operation_id="crm_employers_api_contact_log_contact_log_create",
)
def contact_log_create(
    request: CrmRequest, payload: EmployerContactIn
) -> tuple[int, EmployerContact]:
    require(request.user, "employers.add_employercontact")
    user = request.user
    employer = found(
        "employer_id", employer_selectors.employer_get, user=user, pk=payload.employer_id
    )
    opening = None
    if payload.opening_id is not None:
        opening = found(
            "opening_id", opening_selectors.opening_get, user=user, pk=payload.opening_id
        )
    people = [
        found("contact_person_ids", contact_selectors.contact_person_get, user=user, pk=pk)
        for pk in payload.contact_person_ids
    ]
    seekers = _named_job_seekers(user, payload.candidate_ids)
    names = {
        "opening": "opening_id",
        "contact_persons": "contact_person_ids",
        "candidates": "candidate_ids",
    }
    with api_field_names(**names):
        contact = log_employer_contact(
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
    return 201, contact_selectors.contact_get(user=user, pk=contact.pk)
