"""The employer-relations API: employers, contact persons, the contact log, follow-ups, openings
and job tailoring notes. Thin: check the role, read through the selectors, write through the
services; the errors they raise become 404/409/422 in crm/api.py."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from crm.accounts.models import User
from crm.accounts.permissions import require
from crm.accounts.selectors import user_list
from crm.employers import search, selectors, services
from crm.employers.filters import ContactLogFilter, EmployerFilter, FollowUpFilter, OpeningFilter
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
    FollowUp,
    Opening,
    OpeningStatus,
    Purpose,
    Schedule,
    SizeClass,
    Stage,
)
from crm.employers.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES, resolve_municipality

router = Router(tags=["employers"])

Q_DESCRIPTION = "Typo-tolerant free-text search."


def _enum(values: list[str], default: Any = ..., description: str | None = None) -> Any:
    """A slug field: the allowed values are documented in OpenAPI and checked by the model, so
    a wrong value gets the same translated, field-level message as in the UI."""
    return Field(default, description=description, json_schema_extra={"enum": list(values)})


def _enum_list(values: list[str]) -> Any:
    """A repeatable query parameter of slugs (`?stage=met&stage=prospect`)."""
    return Field([], json_schema_extra={"items": {"type": "string", "enum": list(values)}})


# Helpers ------------------------------------------------------------------------------------


@contextmanager
def _api_field_names(**names: str) -> Iterator[None]:
    """Report model field errors under the API's names (`owner` → `owner_id`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from None


def _found(field: str, get: Any, **kwargs: Any) -> Any:
    """A record named in the body; unknown or another organisation's → 422 on that field."""
    try:
        return get(**kwargs)
    except Http404:
        raise ValidationError({field: _("Not found.")}) from None


def _municipality(text: str | None, field: str = "municipality") -> str:
    """The stored Finnish name for what a person typed ("lappeenranta", "Villmanstrand")."""
    if not text or not text.strip():
        return ""
    name = resolve_municipality(text)
    if name is None:
        raise ValidationError(
            {field: _("%(value)s is not a Finnish municipality.") % {"value": text}}
        )
    return name


def _typed_municipality(params: Schema) -> Schema:
    """A municipality filter as typed; one that does not resolve is left for the FilterSet to
    refuse."""
    if params.municipality:
        params.municipality = resolve_municipality(params.municipality) or params.municipality
    return params


def _colleague(user: User, pk: int | None, field: str = "owner_id") -> User | None:
    if pk is None:
        return None
    colleague = user_list(user=user).filter(pk=pk).first()
    if colleague is None:
        raise ValidationError({field: _("Choose an active user of your organisation.")})
    return colleague


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _filters(filterset_class: type, model: type, user: User, params: Schema) -> dict[str, Any]:
    """The query parameters as the shared FilterSet's data; a bad value is a 422, not ignored
    (the selectors apply the same FilterSet)."""
    data = {k: v for k, v in params.dict().items() if v is not None and v != []}
    form = filterset_class(data, model.objects.none(), request=SimpleNamespace(user=user)).form
    if not form.is_valid():
        raise SchemaValidationError(
            [
                {"loc": ["query", field], "msg": message, "type": "value_error"}
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    return data


def _by_employer_name(qs: QuerySet, user: User, query: str, *text_fields: str) -> QuerySet:
    """Search rows by their employer's name (typo-tolerant, as the employer list) or by words in
    their own text fields; scales with the number of employers, not of rows."""
    query = (query or "").strip()
    if not query:
        return qs
    keys = Employer.objects.for_user(user).values_list("pk", "search_key")
    employer_ids = search.rank(query, keys, limit=selectors.SEARCH_LIMIT)
    match = Q(employer_id__in=employer_ids)
    for field in text_fields:
        match |= Q(**{f"{field}__icontains": query})
    return qs.filter(match)


def _fuzzy(qs: QuerySet, query: str, *fields: str) -> QuerySet:
    """Typo-tolerant search over a few text fields of a short list (one employer's rows)."""
    query = (query or "").strip()
    if not query:
        return qs
    rows = [
        (pk, search.normalize(" ".join(v or "" for v in values)))
        for pk, *values in qs.values_list("pk", *fields)
    ]
    return qs.filter(pk__in=search.rank(query, rows, limit=selectors.SEARCH_LIMIT))


# Employers ----------------------------------------------------------------------------------


class EmployerOut(Schema):
    id: int
    name: str
    business_id: str = Field(description="Y-tunnus, 1234567-8, or empty.")
    industry: str = Field(description="TOL 2008 section letter, or empty.")
    municipality: str
    address: str
    website: str
    size_class: str
    owner_id: int | None
    tags: list[str]
    notes: str
    stage: str
    stage_changed_at: datetime
    archived: bool
    open_openings: int
    last_contact_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_tags(obj: Employer) -> list[str]:
        return [tag.name for tag in obj.tags.all()]  # prefetched by the selectors

    @staticmethod
    def resolve_archived(obj: Employer) -> bool:
        return obj.is_archived


class EmployerIn(Schema):
    name: str
    business_id: str = Field("", description="Y-tunnus; '0112038-9', '01120389' are accepted.")
    industry: str = _enum([c for c, _label in INDUSTRY_CHOICES], "")
    municipality: str = Field("", description="As typed: 'lappeenranta', 'Villmanstrand'.")
    address: str = ""
    website: str = ""
    size_class: str = _enum(SizeClass.values, "")
    owner_id: int | None = None
    tags: list[str] = []
    notes: str = ""
    stage: str = _enum(Stage.values, Stage.PROSPECT.value)


class EmployerPatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    name: str | None = None
    business_id: str | None = None
    industry: str | None = _enum([c for c, _label in INDUSTRY_CHOICES], None)
    municipality: str | None = None
    address: str | None = None
    website: str | None = None
    size_class: str | None = _enum(SizeClass.values, None)
    owner_id: int | None = None
    tags: list[str] | None = None
    notes: str | None = None
    stage: str | None = _enum(Stage.values, None, "A change is recorded for the funnel.")


class EmployerQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By name or Y-tunnus.")
    stage: list[str] = _enum_list(Stage.values)
    owner: int | None = None
    municipality: str | None = None
    region: str | None = None
    industry: str | None = None
    tag: str | None = None
    has_open_openings: bool | None = None
    follow_up_overdue: bool | None = None
    archived: bool | None = Field(None, description="Archived employers only on request.")
    ordering: str | None = _enum(
        ["name", "-name", "in_stage_since", "-in_stage_since", "updated", "-updated"], None
    )


def _employer_out(user: User, pk: int) -> Employer:
    """The employer as its list row (with open openings and the last contact)."""
    employer = selectors.employer_get(user=user, pk=pk)
    archived = {"archived": employer.is_archived}
    return selectors.employer_list(user=user, filters=archived).get(pk=pk)


def _employer_fields(user: User, data: dict[str, Any]) -> dict[str, Any]:
    if "municipality" in data:
        data["municipality"] = _municipality(data["municipality"])
    if "owner_id" in data:
        data["owner"] = _colleague(user, data.pop("owner_id"))
    return data


@router.get("/employers", response=list[EmployerOut], summary="Employers")
@paginate(LimitOffsetPagination)
def employer_list(request: HttpRequest, params: Query[EmployerQuery]) -> QuerySet[Employer]:
    require(request.user, "employers.view_employer")
    filters = _filters(EmployerFilter, Employer, request.user, _typed_municipality(params))
    return selectors.employer_list(user=request.user, filters=filters)


@router.post("/employers", response={201: EmployerOut}, summary="Add an employer")
def employer_create(request: HttpRequest, payload: EmployerIn) -> tuple[int, Employer]:
    require(request.user, "employers.add_employer")
    data = _employer_fields(request.user, payload.dict())
    with _api_field_names(owner="owner_id"):
        employer = services.create_employer(
            organization_id=request.user.organization_id, by=request.user, **data
        )
    return 201, _employer_out(request.user, employer.pk)


@router.get("/employers/{int:employer_id}", response=EmployerOut, summary="One employer")
def employer_detail(request: HttpRequest, employer_id: int) -> Employer:
    require(request.user, "employers.view_employer")
    return _employer_out(request.user, employer_id)


@router.patch("/employers/{int:employer_id}", response=EmployerOut, summary="Edit an employer")
def employer_update(request: HttpRequest, employer_id: int, payload: EmployerPatch) -> Employer:
    require(request.user, "employers.change_employer")
    employer = selectors.employer_get(user=request.user, pk=employer_id)
    data = _employer_fields(request.user, payload.dict(exclude_unset=True))
    version, stage = data.pop("version"), data.pop("stage", None)
    with transaction.atomic(), _api_field_names(owner="owner_id"):
        employer = services.update_employer(
            employer=employer, by=request.user, version=version, **data
        )
        if stage is not None:  # a recorded pipeline move, not a plain field edit
            services.move_employer_to_stage(employer=employer, stage=stage, by=request.user)
    return _employer_out(request.user, employer_id)


@router.post("/employers/{int:employer_id}/archive", response=EmployerOut, summary="Archive")
def employer_archive(request: HttpRequest, employer_id: int) -> Employer:
    require(request.user, "employers.change_employer")
    employer = selectors.employer_get(user=request.user, pk=employer_id)
    services.archive_employer(employer=employer, by=request.user)
    return _employer_out(request.user, employer_id)


@router.post("/employers/{int:employer_id}/restore", response=EmployerOut, summary="Restore")
def employer_restore(request: HttpRequest, employer_id: int) -> Employer:
    require(request.user, "employers.change_employer")
    employer = selectors.employer_get(user=request.user, pk=employer_id)
    services.restore_employer(employer=employer, by=request.user)
    return _employer_out(request.user, employer_id)


# Contact persons ----------------------------------------------------------------------------


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
    preferred_channel: str = _enum(ContactPerson.PreferredChannel.values, "")


class ContactPersonPatch(Schema):
    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    is_decision_maker: bool | None = None
    preferred_channel: str | None = _enum(ContactPerson.PreferredChannel.values, None)


class SearchQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION)


@router.get(
    "/employers/{int:employer_id}/contacts",
    response=list[ContactPersonOut],
    summary="An employer's contact persons",
)
@paginate(LimitOffsetPagination)
def contact_person_list(
    request: HttpRequest, employer_id: int, params: Query[SearchQuery]
) -> QuerySet[ContactPerson]:
    require(request.user, "employers.view_contactperson")
    employer = selectors.employer_get(user=request.user, pk=employer_id)
    people = employer.contact_persons.filter(archived_at__isnull=True)
    return _fuzzy(people, params.q, "name", "title")


@router.post(
    "/employers/{int:employer_id}/contacts",
    response={201: ContactPersonOut},
    summary="Add a contact person",
)
def contact_person_create(
    request: HttpRequest, employer_id: int, payload: ContactPersonIn
) -> tuple[int, ContactPerson]:
    require(request.user, "employers.add_contactperson")
    employer = selectors.employer_get(user=request.user, pk=employer_id)
    person = services.add_contact_person(employer=employer, by=request.user, **payload.dict())
    return 201, person


@router.patch(
    "/employers/{int:employer_id}/contacts/{int:contact_id}",
    response=ContactPersonOut,
    summary="Edit a contact person",
)
def contact_person_update(
    request: HttpRequest, employer_id: int, contact_id: int, payload: ContactPersonPatch
) -> ContactPerson:
    require(request.user, "employers.change_contactperson")
    person = selectors.contact_person_get(user=request.user, pk=contact_id)
    if person.employer_id != employer_id:
        raise Http404
    data = payload.dict(exclude_unset=True)
    return services.update_contact_person(person=person, by=request.user, **data)


# Contact log --------------------------------------------------------------------------------

CANDIDATE_IDS_NOTE = (
    "Job seekers the contact concerned. Accepted but not stored yet: the job-seekers module "
    "does not exist yet, so this is always returned as an empty list."
)


class EmployerContactOut(Schema):
    id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    occurred_at: datetime
    channel: str
    purpose: str
    summary: str
    outcome: str
    next_step: str
    follow_up_on: date | None
    candidate_ids: list[int] = Field(description=CANDIDATE_IDS_NOTE)
    opening_id: int | None
    user_id: int
    contact_person_ids: list[int]
    created_at: datetime

    @staticmethod
    def resolve_candidate_ids(obj: EmployerContact) -> list[int]:
        return []

    @staticmethod
    def resolve_contact_person_ids(obj: EmployerContact) -> list[int]:
        return [person.pk for person in obj.contact_persons.all()]  # prefetched


class EmployerContactIn(Schema):
    employer_id: int
    occurred_at: datetime | None = Field(None, description="Default now; not in the future.")
    channel: str = _enum(Channel.values)
    purpose: str = _enum(Purpose.values)
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
    channel: list[str] = _enum_list(Channel.values)
    purpose: list[str] = _enum_list(Purpose.values)
    occurred_from: date | None = None
    occurred_to: date | None = None


@router.get("/employer-contacts", response=list[EmployerContactOut], summary="The contact log")
@paginate(LimitOffsetPagination)
def contact_log(request: HttpRequest, params: Query[ContactLogQuery]) -> QuerySet:
    require(request.user, "employers.view_employercontact")
    filters = _filters(ContactLogFilter, EmployerContact, request.user, params)
    contacts = selectors.contact_log(user=request.user, filters=filters)
    return _by_employer_name(contacts, request.user, params.q, "summary")


@router.post("/employer-contacts", response={201: EmployerContactOut}, summary="Log a contact")
def contact_log_create(
    request: HttpRequest, payload: EmployerContactIn
) -> tuple[int, EmployerContact]:
    require(request.user, "employers.add_employercontact")
    user = request.user
    employer = _found("employer_id", selectors.employer_get, user=user, pk=payload.employer_id)
    opening = None
    if payload.opening_id is not None:
        opening = _found("opening_id", selectors.opening_get, user=user, pk=payload.opening_id)
    people = [
        _found("contact_person_ids", selectors.contact_person_get, user=user, pk=pk)
        for pk in payload.contact_person_ids
    ]
    names = {"opening": "opening_id", "contact_persons": "contact_person_ids"}
    with _api_field_names(**names):
        contact = services.log_employer_contact(
            employer=employer,
            by=user,
            channel=payload.channel,
            purpose=payload.purpose,
            summary=payload.summary,
            occurred_at=_aware(payload.occurred_at),
            outcome=payload.outcome,
            next_step=payload.next_step,
            follow_up_on=payload.follow_up_on,
            contact_persons=people,
            opening=opening,
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


class FollowUpIn(Schema):
    due_on: date
    title: str
    employer_id: int | None = None
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
def follow_up_list(request: HttpRequest, params: Query[FollowUpQuery]) -> QuerySet[FollowUp]:
    require(request.user, "employers.view_followup")
    filters = _filters(FollowUpFilter, FollowUp, request.user, params)
    follow_ups = selectors.follow_up_list(user=request.user, filters=filters)
    return _by_employer_name(follow_ups, request.user, params.q, "title")


@router.post("/follow-ups", response={201: FollowUpOut}, summary="Add a follow-up")
def follow_up_create(request: HttpRequest, payload: FollowUpIn) -> tuple[int, FollowUp]:
    require(request.user, "employers.add_followup")
    owner = request.user
    if payload.user_id is not None:
        owner = _colleague(request.user, payload.user_id, "user_id")
    employer = None
    if payload.employer_id is not None:
        employer = _found(
            "employer_id", selectors.employer_get, user=request.user, pk=payload.employer_id
        )
    with _api_field_names(employer="employer_id", user="user_id"):
        follow_up = services.create_follow_up(
            user=owner, due_on=payload.due_on, title=payload.title, employer=employer
        )
    return 201, follow_up


@router.patch("/follow-ups/{int:follow_up_id}", response=FollowUpOut, summary="Done/reschedule")
def follow_up_update(request: HttpRequest, follow_up_id: int, payload: FollowUpPatch) -> FollowUp:
    require(request.user, "employers.change_followup")
    follow_up = selectors.follow_up_get(user=request.user, pk=follow_up_id)
    if payload.due_on is not None:  # first, so a refused date leaves "done" untouched
        services.reschedule_follow_up(follow_up=follow_up, due_on=payload.due_on, by=request.user)
    if payload.done is True and not follow_up.done:
        services.complete_follow_up(follow_up=follow_up, by=request.user)
    elif payload.done is False and follow_up.done:
        services.reopen_follow_up(follow_up=follow_up, by=request.user)
    return follow_up


# Openings -----------------------------------------------------------------------------------

TERMS_NOTE = "Free text as typed; resolved to the organisation's vocabulary (names returned)."


class OpeningOut(Schema):
    id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    title: str
    occupation: str
    tasks: str
    required_skills: list[str]
    nice_skills: list[str]
    licences: list[str]
    languages: list[str] = Field(description="ISO 639-1 codes.")
    hours_per_week: int | None
    schedule: list[str]
    municipality: str
    remote: bool
    wage_subsidy: bool
    positions: int
    start_on: date | None
    status: str
    created_at: datetime
    updated_at: datetime
    version: int

    # The selectors prefetch the three vocabularies, so these cost no query per row.
    @staticmethod
    def resolve_required_skills(obj: Opening) -> list[str]:
        return [term.name for term in obj.required_skills.all()]

    @staticmethod
    def resolve_nice_skills(obj: Opening) -> list[str]:
        return [term.name for term in obj.nice_skills.all()]

    @staticmethod
    def resolve_licences(obj: Opening) -> list[str]:
        return [term.name for term in obj.licences.all()]


LANGUAGES = [code for code, _name in LANGUAGE_CHOICES]


class OpeningIn(Schema):
    employer_id: int
    title: str
    occupation: str = ""
    tasks: str = ""
    required_skills: list[str] = Field([], description=TERMS_NOTE)
    nice_skills: list[str] = Field([], description=TERMS_NOTE)
    licences: list[str] = Field([], description=TERMS_NOTE)
    languages: list[str] = Field([], description="ISO 639-1 codes: " + ", ".join(LANGUAGES))
    hours_per_week: int | None = Field(None, description="From 1 to 60.")
    schedule: list[str] = Field([], description="Any of: " + ", ".join(Schedule.values))
    municipality: str = ""
    remote: bool = False
    wage_subsidy: bool = False
    positions: int = 1
    start_on: date | None = None
    status: str = _enum(OpeningStatus.values, OpeningStatus.OPEN.value)


class OpeningPatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    title: str | None = None
    occupation: str | None = None
    tasks: str | None = None
    required_skills: list[str] | None = Field(None, description=TERMS_NOTE)
    nice_skills: list[str] | None = Field(None, description=TERMS_NOTE)
    licences: list[str] | None = Field(None, description=TERMS_NOTE)
    languages: list[str] | None = None
    hours_per_week: int | None = None
    schedule: list[str] | None = None
    municipality: str | None = None
    remote: bool | None = None
    wage_subsidy: bool | None = None
    positions: int | None = None
    start_on: date | None = None
    status: str | None = _enum(OpeningStatus.values, None)


class OpeningQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By title, occupation or employer.")
    status: list[str] = _enum_list(OpeningStatus.values)
    employer: int | None = None
    municipality: str | None = None
    wage_subsidy: bool | None = None
    remote: bool | None = None


def _opening_fields(data: dict[str, Any]) -> dict[str, Any]:
    if "municipality" in data:
        data["municipality"] = _municipality(data["municipality"])
    if data.get("languages") is not None:
        data["languages"] = [code.strip().lower() for code in data["languages"]]
    return data


@router.get("/openings", response=list[OpeningOut], summary="Openings")
@paginate(LimitOffsetPagination)
def opening_list(request: HttpRequest, params: Query[OpeningQuery]) -> QuerySet[Opening]:
    require(request.user, "employers.view_opening")
    filters = _filters(OpeningFilter, Opening, request.user, _typed_municipality(params))
    return selectors.opening_list(user=request.user, filters=filters)


@router.post("/openings", response={201: OpeningOut}, summary="Add an opening")
def opening_create(request: HttpRequest, payload: OpeningIn) -> tuple[int, Opening]:
    require(request.user, "employers.add_opening")
    data = _opening_fields(payload.dict())
    employer = _found(
        "employer_id", selectors.employer_get, user=request.user, pk=data.pop("employer_id")
    )
    opening = services.create_opening(employer=employer, by=request.user, **data)
    return 201, selectors.opening_get(user=request.user, pk=opening.pk)


@router.get("/openings/{int:opening_id}", response=OpeningOut, summary="One opening")
def opening_detail(request: HttpRequest, opening_id: int) -> Opening:
    require(request.user, "employers.view_opening")
    return selectors.opening_get(user=request.user, pk=opening_id)


@router.patch("/openings/{int:opening_id}", response=OpeningOut, summary="Edit an opening")
def opening_update(request: HttpRequest, opening_id: int, payload: OpeningPatch) -> Opening:
    require(request.user, "employers.change_opening")
    opening = selectors.opening_get(user=request.user, pk=opening_id)
    data = _opening_fields(payload.dict(exclude_unset=True))
    services.update_opening(opening=opening, by=request.user, **data)
    return selectors.opening_get(user=request.user, pk=opening_id)


# Job tailoring ------------------------------------------------------------------------------


class TailoringNoteOut(Schema):
    id: int
    employer_id: int
    opening_id: int | None
    tasks_carved_out: str
    adjustments: str
    agreed_with_id: int | None
    agreed_on: date
    user_id: int
    created_at: datetime


class TailoringNoteIn(Schema):
    tasks_carved_out: str = ""
    adjustments: str = ""
    agreed_with_id: int | None = Field(None, description="A contact person of the employer.")
    agreed_on: date | None = Field(None, description="Default today.")


@router.get(
    "/openings/{int:opening_id}/tailoring-notes",
    response=list[TailoringNoteOut],
    summary="Job tailoring notes of an opening",
)
@paginate(LimitOffsetPagination)
def tailoring_note_list(
    request: HttpRequest, opening_id: int, params: Query[SearchQuery]
) -> QuerySet:
    require(request.user, "employers.view_tailoringnote")
    opening = selectors.opening_get(user=request.user, pk=opening_id)
    notes = selectors.tailoring_notes_for_opening(opening=opening)
    return _fuzzy(notes, params.q, "tasks_carved_out", "adjustments")


@router.post(
    "/openings/{int:opening_id}/tailoring-notes",
    response={201: TailoringNoteOut},
    summary="Record job tailoring agreed with the employer",
)
def tailoring_note_create(
    request: HttpRequest, opening_id: int, payload: TailoringNoteIn
) -> tuple[int, Any]:
    require(request.user, "employers.add_tailoringnote")
    opening = selectors.opening_get(user=request.user, pk=opening_id)
    agreed_with = None
    if payload.agreed_with_id is not None:
        agreed_with = _found(
            "agreed_with_id",
            selectors.contact_person_get,
            user=request.user,
            pk=payload.agreed_with_id,
        )
    fields: Mapping[str, Any] = {
        "tasks_carved_out": payload.tasks_carved_out,
        "adjustments": payload.adjustments,
        **({"agreed_on": payload.agreed_on} if payload.agreed_on else {}),
    }
    with _api_field_names(agreed_with="agreed_with_id", opening="opening_id"):
        note = services.add_tailoring_note(
            employer=opening.employer,
            by=request.user,
            opening=opening,
            agreed_with=agreed_with,
            **fields,
        )
    return 201, note
