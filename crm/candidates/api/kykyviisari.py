"""A job seeker's Kykyviisari results and their change from start to latest."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.api.common import (
    PageQuery,
    page,
    refuse_nul,
    router,
    seeker_for,
    seeker_to_change,
)
from crm.candidates.models import KykyviisariForm, KykyviisariPhase
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.core import dates
from crm.core.api.helpers import api_field_names, enum_field

PATH = "/candidates/{int:candidate_id}"


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
    assessed_on: dates.PastDate = Field(description="Not in the future.")
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


@router.get(
    f"{PATH}/kykyviisari",
    response=KykyviisariListOut,
    summary="Kykyviisari results",
    operation_id="crm_candidates_api_progress_kykyviisari_list",
)
def kykyviisari_list(request: HttpRequest, candidate_id: int, params: Query[PageQuery]) -> Any:
    seeker = seeker_for(request, candidate_id, Access.RECORD)
    results = selectors.kykyviisari_list(user=request.user, job_seeker=seeker)
    label = dict(KykyviisariPhase.choices)
    body = page(results, params, lambda r: f"{label[r.phase]} {r.phase} {r.form.version}")
    return body | {"change": selectors.kykyviisari_change(results)}


@router.post(
    f"{PATH}/kykyviisari",
    response={201: KykyviisariOut},
    summary="Record a Kykyviisari result",
    operation_id="crm_candidates_api_progress_kykyviisari_create",
)
def kykyviisari_create(request: HttpRequest, candidate_id: int, payload: KykyviisariIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    data = payload.dict(exclude={"form_version"})
    data["form"] = _form(payload.form_version)
    with api_field_names(form="form_version"):
        result = record_kykyviisari(job_seeker=seeker, by=request.user, **data)
    return 201, result
