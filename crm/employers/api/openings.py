"""Openings and job tailoring notes."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import require
from crm.core import dates
from crm.core.api.helpers import (
    Q_DESCRIPTION,
    SearchQuery,
    api_field_names,
    enum_field,
    enum_list_field,
    found,
    fuzzy,
    municipality_input,
    query_filters,
    typed_municipality,
)
from crm.core.api.pagination import LimitOffsetPagination
from crm.core.api.patch import PatchSchema
from crm.core.choices import Schedule
from crm.core.reference import LANGUAGE_CHOICES
from crm.employers.api.common import router
from crm.employers.filters import OpeningFilter
from crm.employers.models import Opening, OpeningStatus
from crm.employers.selectors import contacts as contact_selectors
from crm.employers.selectors import employers as employer_selectors
from crm.employers.selectors import openings as opening_selectors
from crm.employers.services.openings import add_tailoring_note, create_opening, update_opening

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
    start_on: dates.PlannedDate | None = None
    status: str = enum_field(OpeningStatus.values, OpeningStatus.OPEN.value)


class OpeningPatch(PatchSchema):
    nullable = frozenset(
        {"required_skills", "nice_skills", "licences", "hours_per_week", "municipality", "start_on"}
    )
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
    start_on: dates.PlannedDate | None = None
    status: str | None = enum_field(OpeningStatus.values, None)


class OpeningQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By title, occupation or employer.")
    status: list[str] = enum_list_field(OpeningStatus.values)
    employer: int | None = None
    municipality: str | None = None
    wage_subsidy: bool | None = None
    remote: bool | None = None


def _opening_fields(data: dict[str, Any]) -> dict[str, Any]:
    if "municipality" in data:
        data["municipality"] = municipality_input(data["municipality"])
    if data.get("languages") is not None:
        data["languages"] = [code.strip().lower() for code in data["languages"]]
    return data


@router.get("/openings", response=list[OpeningOut], summary="Openings")
@paginate(LimitOffsetPagination)
def opening_list(request: CrmRequest, params: Query[OpeningQuery]) -> QuerySet[Opening]:
    require(request.user, "employers.view_opening")
    filters = query_filters(OpeningFilter, Opening, request.user, typed_municipality(params))
    return opening_selectors.opening_list(user=request.user, filters=filters)


@router.post("/openings", response={201: OpeningOut}, summary="Add an opening")
def opening_create(request: CrmRequest, payload: OpeningIn) -> tuple[int, Opening]:
    require(request.user, "employers.add_opening")
    data = _opening_fields(payload.dict())
    employer = found(
        "employer_id",
        employer_selectors.employer_get,
        user=request.user,
        pk=data.pop("employer_id"),
    )
    opening = create_opening(employer=employer, by=request.user, **data)
    return 201, opening_selectors.opening_get(user=request.user, pk=opening.pk)


@router.get("/openings/{int:opening_id}", response=OpeningOut, summary="One opening")
def opening_detail(request: CrmRequest, opening_id: int) -> Opening:
    require(request.user, "employers.view_opening")
    return opening_selectors.opening_get(user=request.user, pk=opening_id)


@router.patch("/openings/{int:opening_id}", response=OpeningOut, summary="Edit an opening")
def opening_update(request: CrmRequest, opening_id: int, payload: OpeningPatch) -> Opening:
    require(request.user, "employers.change_opening")
    opening = opening_selectors.opening_get(user=request.user, pk=opening_id)
    data = _opening_fields(payload.dict(exclude_unset=True))
    update_opening(opening=opening, by=request.user, **data)
    return opening_selectors.opening_get(user=request.user, pk=opening_id)


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
    agreed_on: dates.PastDate | None = Field(None, description="Default today.")


@router.get(
    "/openings/{int:opening_id}/tailoring-notes",
    response=list[TailoringNoteOut],
    summary="Job tailoring notes of an opening",
)
@paginate(LimitOffsetPagination)
def tailoring_note_list(
    request: CrmRequest, opening_id: int, params: Query[SearchQuery]
) -> QuerySet:
    require(request.user, "employers.view_tailoringnote")
    opening = opening_selectors.opening_get(user=request.user, pk=opening_id)
    notes = opening_selectors.tailoring_notes_for_opening(opening=opening)
    return fuzzy(notes, params.q, "tasks_carved_out", "adjustments")


@router.post(
    "/openings/{int:opening_id}/tailoring-notes",
    response={201: TailoringNoteOut},
    summary="Record job tailoring agreed with the employer",
)
def tailoring_note_create(
    request: CrmRequest, opening_id: int, payload: TailoringNoteIn
) -> tuple[int, Any]:
    require(request.user, "employers.add_tailoringnote")
    opening = opening_selectors.opening_get(user=request.user, pk=opening_id)
    agreed_with = None
    if payload.agreed_with_id is not None:
        agreed_with = found(
            "agreed_with_id",
            contact_selectors.contact_person_get,
            user=request.user,
            pk=payload.agreed_with_id,
        )
    fields: Mapping[str, Any] = {
        "tasks_carved_out": payload.tasks_carved_out,
        "adjustments": payload.adjustments,
        **({"agreed_on": payload.agreed_on} if payload.agreed_on else {}),
    }
    with api_field_names(agreed_with="agreed_with_id", opening="opening_id"):
        note = add_tailoring_note(
            employer=opening.employer,
            by=request.user,
            opening=opening,
            agreed_with=agreed_with,
            **fields,
        )
    return 201, note
