"""Employers: the list (with search and filters), one employer, adding, editing, archiving and
restoring."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.accounts.http import CrmRequest
from crm.accounts.models import User
from crm.accounts.permissions import require
from crm.core.api.helpers import (
    Q_DESCRIPTION,
    api_field_names,
    colleague,
    enum_field,
    enum_list_field,
    municipality_input,
    query_filters,
    typed_municipality,
)
from crm.core.api.pagination import LimitOffsetPagination
from crm.core.api.patch import PatchSchema
from crm.core.reference import INDUSTRY_CHOICES
from crm.employers.api.common import router
from crm.employers.filters import EmployerFilter
from crm.employers.models import Employer, SizeClass, Stage
from crm.employers.selectors import employers as employer_selectors
from crm.employers.services.employers import (
    archive_employer,
    create_employer,
    move_employer_to_stage,
    restore_employer,
    update_employer,
)


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
    industry: str = enum_field([c for c, _label in INDUSTRY_CHOICES], "")
    municipality: str = Field("", description="As typed: 'lappeenranta', 'Villmanstrand'.")
    address: str = ""
    website: str = ""
    size_class: str = enum_field(SizeClass.values, "")
    owner_id: int | None = None
    tags: list[str] = []
    notes: str = ""
    stage: str = enum_field(Stage.values, Stage.PROSPECT.value)


class EmployerPatch(PatchSchema):
    nullable = frozenset({"business_id", "municipality", "owner_id", "tags", "stage"})
    version: int = Field(description="The version you read; a stale one gets 409.")
    name: str | None = None
    business_id: str | None = None
    industry: str | None = enum_field([c for c, _label in INDUSTRY_CHOICES], None)
    municipality: str | None = None
    address: str | None = None
    website: str | None = None
    size_class: str | None = enum_field(SizeClass.values, None)
    owner_id: int | None = None
    tags: list[str] | None = None
    notes: str | None = None
    stage: str | None = enum_field(Stage.values, None, "A change is recorded for the funnel.")


class EmployerQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By name or Y-tunnus.")
    stage: list[str] = enum_list_field(Stage.values)
    owner: int | None = None
    municipality: str | None = None
    region: str | None = None
    industry: str | None = None
    tag: str | None = None
    has_open_openings: bool | None = None
    follow_up_overdue: bool | None = None
    archived: bool | None = Field(None, description="Archived employers only on request.")
    ordering: str | None = enum_field(
        ["name", "-name", "in_stage_since", "-in_stage_since", "updated", "-updated"], None
    )


def _employer_out(user: User, pk: int) -> Employer:
    """The employer as its list row (with open openings and the last contact)."""
    employer = employer_selectors.employer_get(user=user, pk=pk)
    archived = {"archived": employer.is_archived}
    return employer_selectors.employer_list(user=user, filters=archived).get(pk=pk)


def _employer_fields(user: User, data: dict[str, Any]) -> dict[str, Any]:
    if "municipality" in data:
        data["municipality"] = municipality_input(data["municipality"])
    if "owner_id" in data:
        data["owner"] = colleague(user, data.pop("owner_id"))
    return data


@router.get("/employers", response=list[EmployerOut], summary="Employers")
@paginate(LimitOffsetPagination)
def employer_list(request: CrmRequest, params: Query[EmployerQuery]) -> QuerySet[Employer]:
    require(request.user, "employers.view_employer")
    filters = query_filters(EmployerFilter, Employer, request.user, typed_municipality(params))
    return employer_selectors.employer_list(user=request.user, filters=filters)


@router.post("/employers", response={201: EmployerOut}, summary="Add an employer")
def employer_create(request: CrmRequest, payload: EmployerIn) -> tuple[int, Employer]:
    require(request.user, "employers.add_employer")
    organization_id = request.user.organization_id
    if organization_id is None:  # a platform superuser adds to no one's data
        raise PermissionDenied
    data = _employer_fields(request.user, payload.dict())
    with api_field_names(owner="owner_id"):
        employer = create_employer(organization_id=organization_id, by=request.user, **data)
    return 201, _employer_out(request.user, employer.pk)


@router.get("/employers/{int:employer_id}", response=EmployerOut, summary="One employer")
def employer_detail(request: CrmRequest, employer_id: int) -> Employer:
    require(request.user, "employers.view_employer")
    return _employer_out(request.user, employer_id)


@router.patch("/employers/{int:employer_id}", response=EmployerOut, summary="Edit an employer")
def employer_update(request: CrmRequest, employer_id: int, payload: EmployerPatch) -> Employer:
    require(request.user, "employers.change_employer")
    employer = employer_selectors.employer_get(user=request.user, pk=employer_id)
    data = _employer_fields(request.user, payload.dict(exclude_unset=True))
    version, stage = data.pop("version"), data.pop("stage", None)
    with transaction.atomic(), api_field_names(owner="owner_id"):
        employer = update_employer(employer=employer, by=request.user, version=version, **data)
        if stage is not None:  # a recorded pipeline move, not a plain field edit
            move_employer_to_stage(employer=employer, stage=stage, by=request.user)
    return _employer_out(request.user, employer_id)


@router.post("/employers/{int:employer_id}/archive", response=EmployerOut, summary="Archive")
def employer_archive(request: CrmRequest, employer_id: int) -> Employer:
    require(request.user, "employers.change_employer")
    employer = employer_selectors.employer_get(user=request.user, pk=employer_id)
    archive_employer(employer=employer, by=request.user)
    return _employer_out(request.user, employer_id)


@router.post("/employers/{int:employer_id}/restore", response=EmployerOut, summary="Restore")
def employer_restore(request: CrmRequest, employer_id: int) -> Employer:
    require(request.user, "employers.change_employer")
    employer = employer_selectors.employer_get(user=request.user, pk=employer_id)
    restore_employer(employer=employer, by=request.user)
    return _employer_out(request.user, employer_id)
