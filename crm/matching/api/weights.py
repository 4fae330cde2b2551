"""Matching API: the organisation's match weights (admins only).

A saved change is used by the very next ranking (crm.matching.selectors.weights.load_weights).
"""

from datetime import datetime
from typing import Any

from django.http import Http404
from ninja import Field, Schema

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import require
from crm.matching import weights
from crm.matching.api.common import router
from crm.matching.selectors import weights as weight_selectors
from crm.matching.services import weights as weight_services

PERMISSION = "accounts.change_organization"
_NOTE = "Whole number from 0 to {}."


def _field(name: str) -> Any:
    return Field(description=_NOTE.format(weights.FIELD_LIMITS[name]))


class WeightValues(Schema):
    preferences: int = _field("preferences")
    skills: int = _field("skills")
    licences: int = _field("licences")
    languages: int = _field("languages")
    hours: int = _field("hours")
    schedule: int = _field("schedule")
    place: int = _field("place")
    avoid_penalty: int = _field("avoid_penalty")
    obtainable_credit_percent: int = _field("obtainable_credit_percent")
    hours_step: int = _field("hours_step")


class MatchWeightsOut(WeightValues):
    version: int = Field(description="Send it back with PUT; 0 while the defaults are in use.")
    is_default: bool
    updated_at: datetime | None
    updated_by_id: int | None
    defaults: WeightValues


class MatchWeightsIn(WeightValues):
    version: int = Field(description="The version you read; a stale one gets 409.")


def _organization_id(request: CrmRequest) -> int:
    require(request.user, PERMISSION)
    if request.user.organization_id is None:
        raise Http404
    return request.user.organization_id


def _state(organization_id: int) -> dict:
    state = weight_selectors.weights_state(organization_id)
    by = state["updated_by"]
    return {
        **state["values"],
        "version": state["version"],
        "is_default": state["version"] == 0,
        "updated_at": state["updated_at"],
        "updated_by_id": by.pk if by is not None else None,
        "defaults": weights.stored_defaults(),
    }


@router.get("/match-weights", response=MatchWeightsOut, summary="Match weights")
def match_weights_get(request: CrmRequest) -> dict:
    return _state(_organization_id(request))


@router.put("/match-weights", response=MatchWeightsOut, summary="Change the match weights")
def match_weights_put(request: CrmRequest, payload: MatchWeightsIn) -> dict:
    organization_id = _organization_id(request)
    data = payload.dict()
    version = data.pop("version")
    weight_services.save_weights(
        organization_id=organization_id, by=request.user, version=version, **data
    )
    return _state(organization_id)
