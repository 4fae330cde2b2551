"""The career profile (IPS vocational profile) as one document: read it, replace it whole."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from ninja import Field, Schema

from crm.accounts.http import CrmRequest
from crm.candidates import selectors
from crm.candidates.access import Access, access_level
from crm.candidates.api.common import refuse_nul, router, seeker_for, seeker_to_change
from crm.candidates.models import PREFERENCE_FIELDS, CareerProfile, Disclosure
from crm.candidates.services.profile import replace_work_history, save_profile
from crm.core import dates
from crm.core.api.helpers import api_field_names, enum_field, municipality_input
from crm.core.choices import Schedule
from crm.core.hours import HOURS_DESCRIPTION
from crm.core.reference import INDUSTRY_CHOICES

TERMS_NOTE = "Free text as typed; resolved to the organisation's vocabulary (names returned)."
SENSITIVE_NOTE = (
    "Accommodation needs and work-relevant health restrictions: the person's coach team only "
    "(every read is audited); null for everyone else."
)
INDUSTRIES = [code for code, _name in INDUSTRY_CHOICES]


class WorkHistoryEntryOut(Schema):
    id: int
    employer_name: str
    role: str
    started_on: date | None
    ended_on: date | None
    went_well: str
    went_badly: str


class WorkHistoryEntryIn(Schema):
    employer_name: str
    role: str
    started_on: dates.HistoryDate | None = None
    ended_on: dates.HistoryDate | None = Field(None, description="Not before started_on.")
    went_well: str = ""
    went_badly: str = ""


class _PreferencesBase(Schema):
    occupations: list[str] = Field(default=[], description="Wanted occupations and job types.")
    industries: list[str] = Field(
        default=[],
        description="TOL 2008 section letters.",
        json_schema_extra={"items": {"type": "string", "enum": list(INDUSTRIES)}},
    )
    schedules: list[str] = Field(
        default=[], json_schema_extra={"items": {"type": "string", "enum": list(Schedule.values)}}
    )
    municipalities: list[str] = Field(default=[], description="As typed: 'lappeenranta', 'Imatra'.")
    remote: bool = False
    avoid: list[str] = Field(default=[], description="Things to avoid.")


class Preferences(_PreferencesBase):
    hours_min: Decimal | None = Field(default=None, description=HOURS_DESCRIPTION)
    hours_max: Decimal | None = Field(
        default=None, description=HOURS_DESCRIPTION + " Not below hours_min."
    )


class PreferencesOut(_PreferencesBase):
    hours_min: float | None = Field(default=None, description=HOURS_DESCRIPTION)
    hours_max: float | None = Field(default=None, description=HOURS_DESCRIPTION)


class Sensitive(Schema):
    accommodation_needs: str = ""
    health_restrictions: str = ""


class ProfileOut(Schema):
    candidate_id: int = Field(alias="job_seeker_id")
    education: str
    skills: list[str] = Field(description=TERMS_NOTE)
    licences: list[str] = Field(description=TERMS_NOTE)
    strengths: list[str]
    interests: list[str]
    work_history: list[WorkHistoryEntryOut]
    preferences: PreferencesOut
    disclosure: str
    disclosure_notes: str = Field(description="What may be told to an employer.")
    completed_on: date | None
    sensitive: Sensitive | None = Field(description=SENSITIVE_NOTE)
    updated_at: datetime
    version: int

    # The selector prefetches skills, licences and work history: no query per term or entry.
    @staticmethod
    def resolve_skills(obj: CareerProfile) -> list[str]:
        return [term.name for term in obj.skills.all()]

    @staticmethod
    def resolve_licences(obj: CareerProfile) -> list[str]:
        return [term.name for term in obj.licences.all()]

    @staticmethod
    def resolve_work_history(obj: CareerProfile) -> list[Any]:
        return list(obj.work_history.all())

    @staticmethod
    def resolve_preferences(obj: CareerProfile) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in PREFERENCE_FIELDS}

    @staticmethod
    def resolve_sensitive(obj: CareerProfile, context: dict[str, Any]) -> dict[str, str] | None:
        if access_level(context["request"].user, obj.job_seeker) < Access.FULL:
            return None
        return {name: getattr(obj, name) or "" for name in CareerProfile.SENSITIVE_FIELDS}


class ProfileIn(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    education: str = ""
    skills: list[str] = Field([], description=TERMS_NOTE)
    licences: list[str] = Field([], description=TERMS_NOTE)
    strengths: list[str] = []
    interests: list[str] = []
    work_history: list[WorkHistoryEntryIn] = Field(
        [], description="The whole work history; replaces the stored one."
    )
    preferences: Preferences = Field(default_factory=Preferences)
    disclosure: str = enum_field(Disclosure.values, Disclosure.DECIDE_PER_EMPLOYER.value)
    disclosure_notes: str = ""
    completed_on: dates.PastDate | None = None
    sensitive: Sensitive | None = Field(
        None, description="Omit or null to leave the sensitive section as it is."
    )


# Model errors reported under the document's own names ("preferences.hours_max").
FIELD_NAMES = {
    **{name: f"preferences.{name}" for name in PREFERENCE_FIELDS},
    **{name: f"sensitive.{name}" for name in CareerProfile.SENSITIVE_FIELDS},
}


def _work_history_changed(seeker: Any, entries: list[dict[str, Any]]) -> bool:
    names = list(WorkHistoryEntryIn.model_fields)

    def rows(items: Any) -> list[tuple[str, ...]]:
        return sorted(tuple(str(item[name]) for name in names) for item in items)

    return rows(seeker.profile.work_history.values(*names)) != rows(entries)


def _profile_fields(payload: ProfileIn) -> dict[str, Any]:
    data = payload.dict(exclude={"version", "work_history", "preferences", "sensitive"})
    data |= payload.preferences.dict()
    data["municipalities"] = [
        municipality_input(text, "preferences.municipalities")
        for text in data["municipalities"]
        if text and text.strip()
    ]
    if payload.sensitive is not None:
        data |= payload.sensitive.dict()
    return data


@router.get("/candidates/{int:candidate_id}/profile", response=ProfileOut, summary="Career profile")
def profile_detail(request: CrmRequest, candidate_id: int) -> CareerProfile:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    return selectors.profile_get(user=request.user, job_seeker=seeker)


@router.put(
    "/candidates/{int:candidate_id}/profile",
    response=ProfileOut,
    summary="Replace the career profile",
)
def profile_replace(request: CrmRequest, candidate_id: int, payload: ProfileIn) -> CareerProfile:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    data = _profile_fields(payload)
    entries = [entry.dict() for entry in payload.work_history]
    with transaction.atomic(), api_field_names(**FIELD_NAMES):
        save_profile(job_seeker=seeker, by=request.user, version=payload.version, **data)
        if _work_history_changed(seeker, entries):  # unchanged: no churn, no audit row
            replace_work_history(job_seeker=seeker, by=request.user, entries=entries)
    return selectors.profile_get(user=request.user, job_seeker=seeker)
