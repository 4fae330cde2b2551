"""A job seeker's consents: recording and revoking them."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.api.common import refuse_nul, router, seeker_for, seeker_to_change
from crm.candidates.models import Consent, ConsentPurpose
from crm.candidates.services.consents import grant_consent, revoke_consent
from crm.core import dates
from crm.core.api.helpers import SearchQuery, enum_field, fuzzy
from crm.core.api.pagination import LimitOffsetPagination

PATH = "/candidates/{int:candidate_id}"


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
    granted_on: dates.PastDate = Field(description="Not in the future.")
    expires_on: dates.ExpiryDate | None = Field(None, description="Not before granted_on.")
    note: str = ""


class RevokeIn(Schema):
    revoked_on: dates.PastDate | None = Field(None, description="Default today.")


@router.get(
    f"{PATH}/consents",
    response=list[ConsentOut],
    summary="Consents",
    operation_id="crm_candidates_api_progress_consent_list",
)
@paginate(LimitOffsetPagination)
def consent_list(
    request: HttpRequest, candidate_id: int, params: Query[SearchQuery]
) -> QuerySet[Consent]:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    consents = selectors.consent_list(user=request.user, job_seeker=seeker)
    return fuzzy(consents, params.q, "purpose", "note")


@router.post(
    f"{PATH}/consents",
    response={201: ConsentOut},
    summary="Record a consent",
    operation_id="crm_candidates_api_progress_consent_create",
)
def consent_create(request: HttpRequest, candidate_id: int, payload: ConsentIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    return 201, grant_consent(job_seeker=seeker, by=request.user, **payload.dict())


@router.post(
    f"{PATH}/consents/{{int:consent_id}}/revoke",
    response=ConsentOut,
    summary="Revoke",
    operation_id="crm_candidates_api_progress_consent_revoke",
)
def consent_revoke(
    request: HttpRequest, candidate_id: int, consent_id: int, payload: RevokeIn | None = None
) -> Consent:
    seeker = seeker_to_change(request, candidate_id)
    consent = get_object_or_404(seeker.consents, pk=consent_id)
    revoked_on = payload.revoked_on if payload else None
    return revoke_consent(consent=consent, by=request.user, revoked_on=revoked_on)
