"""Job seekers: the list (each person shown as far as the caller's access allows), the record,
its changes and coach transfers."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import paginate
from pydantic import model_validator

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import require
from crm.candidates import selectors
from crm.candidates.access import Access, access_level
from crm.candidates.api.common import (
    ACCESS_DESCRIPTION,
    access_name,
    refuse_nul,
    router,
    seeker_for,
    seeker_to_change,
)
from crm.candidates.filters import JobSeekerFilter, beyond_basic
from crm.candidates.models import ExitReason, JobSeeker, ReferralSource, Status
from crm.candidates.services.records import (
    create_job_seeker,
    transfer_job_seeker,
    update_job_seeker,
)
from crm.core import dates
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

LANGUAGES_NOTE = "ISO 639-1 codes: fi, sv, en, ru, ar…"
ORDERING = ["name", "in_status_since", "intake", "last_contact"]

# What a BASIC reader (another team's coach, an admin) may see of a person.
BASIC_FIELDS = {"id", "first_name", "last_name", "coach_id", "status", "access"}


class CandidateOut(Schema):
    id: int
    first_name: str
    last_name: str
    coach_id: int
    status: str
    access: str = Field(
        description=ACCESS_DESCRIPTION, json_schema_extra={"enum": ["basic", "record", "full"]}
    )
    # Null unless the access is "record" or "full":
    municipality: str | None = None
    languages: list[str] | None = Field(None, description=LANGUAGES_NOTE)
    referral_source: str | None = None
    referred_on: date | None = None
    intake_on: date | None = None
    email: str | None = None
    phone: str | None = None
    birth_date: date | None = None
    exited_on: date | None = None
    exit_reason: str | None = None
    last_contact_on: date | None = None
    next_follow_up_on: date | None = None
    days_to_first_employer_contact: int | None = Field(
        None, description="From intake to the first face-to-face employer contact (or today)."
    )
    version: int | None = None

    @staticmethod
    def resolve_access(obj: JobSeeker, context: dict[str, Any]) -> str:
        return access_name(context["request"], obj)

    @staticmethod
    def resolve_days_to_first_employer_contact(obj: JobSeeker) -> int | None:
        return selectors.days_to_first_employer_contact(obj)

    @model_validator(mode="after")
    def _only_what_the_access_allows(self) -> "CandidateOut":
        if self.access == "basic":
            for name in set(type(self).model_fields) - BASIC_FIELDS:
                setattr(self, name, None)
        return self


class CandidateDetailOut(CandidateOut):
    address: str | None = None
    team_id: int | None = None
    status_changed_at: datetime | None = None
    first_contact_overdue: bool | None = Field(
        None, description="Over 30 days from intake without a face-to-face employer contact."
    )
    henkilotunnus_masked: str | None = Field(
        None, description="DDMMYY-****, for the person's coach team only; null otherwise."
    )
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def resolve_first_contact_overdue(obj: JobSeeker) -> bool:
        return selectors.first_contact_overdue(obj)

    @staticmethod
    def resolve_henkilotunnus_masked(obj: JobSeeker, context: dict[str, Any]) -> str | None:
        if access_level(context["request"].user, obj) < Access.FULL:
            return None
        return obj.masked_henkilotunnus or None


class CandidateQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION + " By name.")
    status: list[str] = enum_list_field(Status.values)
    coach: int | None = None
    municipality: str | None = None
    referral_source: str | None = enum_field(ReferralSource.values, None)
    ordering: str | None = enum_field([f"{sign}{o}" for o in ORDERING for sign in ("", "-")], None)
    mine: bool = Field(False, description="Only your own caseload.")


class CandidateIn(Schema):
    first_name: str
    last_name: str
    birth_date: dates.BirthDate | None = None
    henkilotunnus: str = Field("", description="Optional; validated; never shown unmasked.")
    email: str = ""
    phone: str = Field("", description="Finnish formats accepted: '040 123 4567'.")
    address: str = ""
    municipality: str = Field("", description="As typed: 'lappeenranta', 'Villmanstrand'.")
    languages: list[str] = Field([], description=LANGUAGES_NOTE)
    referral_source: str = enum_field(ReferralSource.values)
    referred_on: dates.PastDate
    intake_on: dates.PastDate | None = None
    coach_id: int | None = Field(None, description="Whose caseload; default yours.")
    status: str = enum_field(Status.values, Status.REFERRED.value)
    exited_on: dates.PastDate | None = None
    exit_reason: str = enum_field(ExitReason.values, "")
    allow_duplicate: bool = Field(
        False, description="Save although a person with the same name and birth date exists."
    )


class CandidatePatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    first_name: str | None = None
    last_name: str | None = None
    birth_date: dates.BirthDate | None = None
    henkilotunnus: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    municipality: str | None = None
    languages: list[str] | None = Field(None, description=LANGUAGES_NOTE)
    referral_source: str | None = enum_field(ReferralSource.values, None)
    referred_on: dates.PastDate | None = None
    intake_on: dates.PastDate | None = None
    status: str | None = enum_field(Status.values, None, "An exit needs exit_reason and exited_on.")
    exited_on: dates.PastDate | None = None
    exit_reason: str | None = enum_field(ExitReason.values, None)
    coach_id: int | None = Field(None, description="Not changed here: POST …/transfer.")
    allow_duplicate: bool = False


class TransferIn(Schema):
    coach_id: int
    version: int = Field(description="The version you read; a stale one gets 409.")
    reason: str = Field("", description="At most 250 characters.")


BLANKABLE = ("henkilotunnus", "email", "phone", "address", "municipality", "exit_reason")
REQUIRED = ("first_name", "last_name", "referral_source", "referred_on", "status")


def _record_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The body as the service's keyword arguments: null text is empty text, the municipality
    resolved as typed; a required field cannot be emptied with null."""
    missing = [name for name in REQUIRED if name in data and data[name] is None]
    if missing:
        raise ValidationError({name: _("This field is required.") for name in missing})
    for name in BLANKABLE:
        if name in data and data[name] is None:
            data[name] = ""
    if data.get("languages", []) is None:
        data["languages"] = []
    if "municipality" in data:
        data["municipality"] = municipality_input(data["municipality"])
    return data


def _refuse_beyond_basic(params: CandidateQuery) -> None:
    """Another team's people are BASIC to a coach: filtering or ordering them by anything but
    name, coach and status would reveal what the coach may not see (422)."""
    refused = beyond_basic(params.dict(exclude={"mine"}))
    if refused:
        message = _(
            "You may filter and order other teams' job seekers only by name, coach and status; "
            "add mine=true to use this on your own caseload."
        )
        raise SchemaValidationError(
            [{"loc": ["query", name], "msg": message, "type": "value_error"} for name in refused]
        )


@router.get(
    "/candidates",
    response=list[CandidateOut],
    summary="Job seekers",
    description="Without the right to read the organisation's records, filters other than q, "
    "status and coach (and ordering other than by name) need mine=true.",
)
@paginate(LimitOffsetPagination)
def candidate_list(request: CrmRequest, params: Query[CandidateQuery]) -> QuerySet[JobSeeker]:
    user = request.user
    if not params.mine and not user.has_perm("candidates.view_jobseeker_record"):
        _refuse_beyond_basic(params)
    filters = query_filters(JobSeekerFilter, JobSeeker, user, typed_municipality(params))
    people = selectors.job_seeker_list(user=user, filters=filters, query=params.q)
    return people.filter(coach=user) if params.mine else people


@router.post("/candidates", response={201: CandidateDetailOut}, summary="Add a job seeker")
def candidate_create(request: CrmRequest, payload: CandidateIn) -> tuple[int, JobSeeker]:
    require(request.user, "candidates.add_jobseeker")
    refuse_nul(payload.dict())
    data = _record_fields(payload.dict())
    data["coach"] = colleague(request.user, data.pop("coach_id"), "coach_id")
    with api_field_names(coach="coach_id"):
        seeker = create_job_seeker(by=request.user, **data)
    return 201, seeker_for(request, seeker.pk)


@router.get("/candidates/{int:candidate_id}", response=CandidateDetailOut, summary="One person")
def candidate_detail(request: CrmRequest, candidate_id: int) -> JobSeeker:
    return seeker_for(request, candidate_id)


@router.patch(
    "/candidates/{int:candidate_id}", response=CandidateDetailOut, summary="Edit the record"
)
def candidate_update(request: CrmRequest, candidate_id: int, payload: CandidatePatch) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    data = _record_fields(payload.dict(exclude_unset=True))
    coach_id = data.pop("coach_id", None)
    if coach_id is not None and coach_id != seeker.coach_id:
        message = _("The coach is changed by a transfer, so that it is recorded.")
        raise ValidationError({"coach_id": message})
    update_job_seeker(job_seeker=seeker, by=request.user, **data)
    return seeker_for(request, candidate_id)


@router.post(
    "/candidates/{int:candidate_id}/transfer",
    response=CandidateDetailOut,
    summary="Transfer to another coach",
)
def candidate_transfer(request: CrmRequest, candidate_id: int, payload: TransferIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    require(request.user, "candidates.transfer_jobseeker")
    refuse_nul(payload.dict())
    coach = colleague(request.user, payload.coach_id, "coach_id")
    with api_field_names(to_coach="coach_id"):
        transfer_job_seeker(
            job_seeker=seeker,
            to_coach=coach,
            by=request.user,
            version=payload.version,
            reason=payload.reason,
        )
    return seeker_for(request, candidate_id)
