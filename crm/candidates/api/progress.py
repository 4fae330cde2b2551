"""Progress of a job seeker: IPS milestones, Kykyviisari results, consents and case notes."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from crm.candidates import selectors, services
from crm.candidates.access import Access
from crm.candidates.api.common import (
    PageQuery,
    page,
    refuse_nul,
    router,
    seeker_for,
    seeker_to_change,
)
from crm.candidates.models import (
    RECORDED_MILESTONES,
    CaseNote,
    Consent,
    ConsentPurpose,
    ContactType,
    KykyviisariForm,
    KykyviisariPhase,
    MilestoneKind,
)
from crm.core.api.helpers import SearchQuery, api_field_names, enum_field, fuzzy

PATH = "/candidates/{int:candidate_id}"


# Milestones ---------------------------------------------------------------------------------


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
    reached_on: date = Field(description="Not in the future, not before the referral.")
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


@router.get(f"{PATH}/milestones", response=TimelineOut, summary="IPS milestone timeline")
def milestone_list(request: HttpRequest, candidate_id: int, params: Query[PageQuery]) -> Any:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    entries = [_milestone_out(e) for e in selectors.timeline(user=request.user, job_seeker=seeker)]
    return page(entries, params, lambda e: f"{e['label']} {e['note']}") | {
        "days_to_first_employer_contact": selectors.days_to_first_employer_contact(seeker),
        "first_contact_overdue": selectors.first_contact_overdue(seeker),
    }


@router.post(f"{PATH}/milestones", response={201: MilestoneOut}, summary="Record a milestone")
def milestone_create(request: HttpRequest, candidate_id: int, payload: MilestoneIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    if payload.kind in MilestoneKind.values and payload.kind not in RECORDED_MILESTONES:
        message = _("This milestone comes from the record or the contact log.")
        raise ValidationError({"kind": message})
    milestone = services.record_milestone(job_seeker=seeker, by=request.user, **payload.dict())
    return 201, {
        "id": milestone.pk,
        "kind": milestone.kind,
        "label": milestone.get_kind_display(),
        "reached_on": milestone.reached_on,
        "note": milestone.note,
        "derived": False,
    }


@router.delete(f"{PATH}/milestones/{{int:milestone_id}}", response={204: None})
def milestone_delete(request: HttpRequest, candidate_id: int, milestone_id: int) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    milestone = get_object_or_404(seeker.milestones, pk=milestone_id)
    services.delete_milestone(milestone=milestone, by=request.user)
    return 204, None


# Kykyviisari --------------------------------------------------------------------------------


class KykyviisariOut(Schema):
    id: int
    assessed_on: date
    phase: str
    form_version: str = Field(alias="form.version")
    work_ability: float
    functioning: float
    life_satisfaction: float
    self_rated_health: float
    inclusion: float
    mind: float
    everyday_life: float
    skills: float
    body: float
    recorded_by_id: int | None
    created_at: datetime


class KykyviisariChangeOut(Schema):
    measure: str
    label: str
    start: float
    latest: float
    comparable: bool = Field(
        description="False for a domain score when the first and the latest result were filled "
        "in on different form versions (their ranges differ)."
    )
    change: float | None = Field(description="Null when not comparable.")
    note: str = Field("", description="Why there is no change, in the user's language.")

    @staticmethod
    def resolve_note(obj: Any) -> str:
        return "" if obj.comparable else _("Not comparable: different form versions")


class KykyviisariListOut(Schema):
    items: list[KykyviisariOut]
    count: int
    change: list[KykyviisariChangeOut] = Field(
        description="From the first result to the latest; empty with fewer than two."
    )


SCORE = Field(description="Within the form version's range.")


class KykyviisariIn(Schema):
    assessed_on: date = Field(description="Not in the future.")
    phase: str = enum_field(KykyviisariPhase.values)
    form_version: str = Field(description="A form version slug, e.g. 'web-2020'.")
    work_ability: Decimal = Field(description="0–10.")
    functioning: Decimal = Field(description="0–10.")
    life_satisfaction: Decimal = Field(description="1–5.")
    self_rated_health: Decimal = Field(description="1–5.")
    inclusion: Decimal = SCORE
    mind: Decimal = SCORE
    everyday_life: Decimal = SCORE
    skills: Decimal = SCORE
    body: Decimal = SCORE


def _form(version: str) -> KykyviisariForm:
    form = KykyviisariForm.objects.filter(version=version.strip()).first()
    if form is None:
        known = ", ".join(KykyviisariForm.objects.values_list("version", flat=True))
        message = _("Unknown form version %(value)s; known versions: %(known)s.")
        raise ValidationError({"form_version": message % {"value": version, "known": known}})
    return form


@router.get(f"{PATH}/kykyviisari", response=KykyviisariListOut, summary="Kykyviisari results")
def kykyviisari_list(request: HttpRequest, candidate_id: int, params: Query[PageQuery]) -> Any:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    results = selectors.kykyviisari_list(user=request.user, job_seeker=seeker)
    label = dict(KykyviisariPhase.choices)
    body = page(results, params, lambda r: f"{label[r.phase]} {r.phase} {r.form.version}")
    return body | {"change": selectors.kykyviisari_change(results)}


@router.post(
    f"{PATH}/kykyviisari", response={201: KykyviisariOut}, summary="Record a Kykyviisari result"
)
def kykyviisari_create(request: HttpRequest, candidate_id: int, payload: KykyviisariIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    data = payload.dict(exclude={"form_version"})
    data["form"] = _form(payload.form_version)
    with api_field_names(form="form_version"):
        result = services.record_kykyviisari(job_seeker=seeker, by=request.user, **data)
    return 201, result


# Consents -----------------------------------------------------------------------------------


class ConsentOut(Schema):
    id: int
    purpose: str
    granted_on: date
    expires_on: date | None
    revoked_on: date | None
    valid_today: bool
    note: str
    recorded_by_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_valid_today(obj: Consent) -> bool:
        return obj.is_valid_on(timezone.localdate())


class ConsentIn(Schema):
    purpose: str = enum_field(ConsentPurpose.values)
    granted_on: date = Field(description="Not in the future.")
    expires_on: date | None = Field(None, description="Not before granted_on.")
    note: str = ""


class RevokeIn(Schema):
    revoked_on: date | None = Field(None, description="Default today.")


@router.get(f"{PATH}/consents", response=list[ConsentOut], summary="Consents")
@paginate(LimitOffsetPagination)
def consent_list(
    request: HttpRequest, candidate_id: int, params: Query[SearchQuery]
) -> QuerySet[Consent]:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    consents = selectors.consent_list(user=request.user, job_seeker=seeker)
    return fuzzy(consents, params.q, "purpose", "note")


@router.post(f"{PATH}/consents", response={201: ConsentOut}, summary="Record a consent")
def consent_create(request: HttpRequest, candidate_id: int, payload: ConsentIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    return 201, services.grant_consent(job_seeker=seeker, by=request.user, **payload.dict())


@router.post(f"{PATH}/consents/{{int:consent_id}}/revoke", response=ConsentOut, summary="Revoke")
def consent_revoke(
    request: HttpRequest, candidate_id: int, consent_id: int, payload: RevokeIn | None = None
) -> Consent:
    seeker = seeker_to_change(request, candidate_id)
    consent = get_object_or_404(seeker.consents, pk=consent_id)
    revoked_on = payload.revoked_on if payload else None
    return services.revoke_consent(consent=consent, by=request.user, revoked_on=revoked_on)


# Case notes ---------------------------------------------------------------------------------


class CaseNoteOut(Schema):
    id: int
    written_on: date
    contact_type: str
    text: str
    sensitive: bool
    author_id: int | None
    author_name: str = Field(description="Empty when the author's account is gone.")
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj: CaseNote) -> str:
        return obj.author.get_full_name() or obj.author.username if obj.author else ""


class CaseNoteIn(Schema):
    text: str
    written_on: date | None = Field(None, description="Default today; not in the future.")
    contact_type: str = enum_field(ContactType.values, ContactType.FACE_TO_FACE.value)
    sensitive: bool = Field(False, description="Health or other special-category information.")


@router.get(f"{PATH}/notes", response=list[CaseNoteOut], summary="Case notes (audited)")
@paginate(LimitOffsetPagination)
def note_list(
    request: HttpRequest, candidate_id: int, params: Query[SearchQuery]
) -> QuerySet[CaseNote]:
    seeker = seeker_for(request, candidate_id, Access.FULL)
    notes = selectors.notes_list(user=request.user, job_seeker=seeker)
    return fuzzy(notes, params.q, "text")


@router.post(f"{PATH}/notes", response={201: CaseNoteOut}, summary="Write a case note")
def note_create(request: HttpRequest, candidate_id: int, payload: CaseNoteIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    return 201, services.add_case_note(job_seeker=seeker, by=request.user, **payload.dict())
