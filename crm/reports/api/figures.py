"""Outcome figures and fidelity indicators: `reports/outcomes`, `reports/fidelity-indicators`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema
from ninja.errors import ValidationError as SchemaValidationError

from crm.core.dates import QueryDate
from crm.reports.access import resolve_scope
from crm.reports.api.common import router
from crm.reports.periods import Period, Scope, make_period
from crm.reports.selectors import figures

PERIOD_NOTE = "Both days included (Europe/Helsinki dates); default: the current quarter."


class FigureQuery(Schema):
    start: QueryDate | None = Field(None, description=PERIOD_NOTE)
    end: QueryDate | None = Field(None, description=PERIOD_NOTE + " At most 5 years after start.")
    team_id: int | None = Field(None, description="A team's people (its members' caseloads).")
    coach_id: int | None = Field(None, description="One coach's people.")


def period_and_scope(request: HttpRequest, params: FigureQuery) -> tuple[Period, Scope]:
    """Bad dates are field-level 422s; a team or coach of another organisation a 404; a scope
    the role may not read a 403."""
    try:
        period = make_period(params.start, params.end, today=timezone.localdate())
    except ValidationError as exc:
        raise SchemaValidationError(
            [
                {"loc": ["query", name], "msg": message, "type": "value_error"}
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from None
    scope = resolve_scope(request.user, team_id=params.team_id, coach_id=params.coach_id)
    return period, scope


def plain(value: Any) -> Any:
    """Decimals as JSON numbers (pydantic would write them as strings)."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        whole = isinstance(exponent, int) and exponent >= 0  # no decimals, e.g. a median
        return int(value) if whole else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class CountMean(Schema):
    n: int
    mean: float | None


class DaysOut(Schema):
    n: int = Field(description="People taken in during the period who have a first contact.")
    mean: float | None = Field(description="Days, one decimal (half away from zero).")
    median: int | float | None
    without: int = Field(description="People taken in during the period without one.")


class SatisfactionOut(Schema):
    worker: CountMean
    employer: CountMean


class OutcomesOut(Schema):
    start: date
    end: date
    team_id: int | None
    coach_id: int | None
    served: int
    worked: int
    employment_rate: float | None = Field(
        description="worked / served x 100, one decimal; null when nobody was served."
    )
    benchmarks: dict[str, int] = Field(description="IPS: 31 minimal, 41 average, 50 excellent.")
    job_starts: int
    competitive_job_starts: int
    first_jobs: int
    jobs_reaching_90_days: int
    job_endings: int
    job_endings_by_reason: dict[str, int]
    days_to_first_employer_contact: DaysOut
    kykyviisari_work_ability_change: CountMean
    satisfaction: SatisfactionOut


class CoachValue(Schema):
    coach_id: int
    name: str
    value: int | float
    contacts: int | None = None


class IndicatorOut(Schema):
    item: str
    value: int | float | None
    rating: int | None = Field(description="The suggested rating 1-5 (never filled in for you).")
    n: int
    coaches: list[CoachValue] | None = Field(None, description="S1 and V6: every coach's value.")
    contacts: int | None = Field(None, description="V6: the contacts counted.")
    before_start: float | None = Field(None, description="V12: % with support 7 days before.")
    first_month_weekly: float | None = Field(
        None, description="V12: % of jobs active through 28 days with support every week."
    )
    first_month_n: int | None = None


class IndicatorsOut(Schema):
    start: date
    end: date
    team_id: int | None
    coach_id: int | None
    items: list[IndicatorOut]
    coaches: list[dict[str, Any]] = Field(
        description="Every coach of the scope with their S1 and V6 values."
    )


@router.get(
    "/reports/outcomes",
    response=OutcomesOut,
    summary="Outcome figures",
    description="The figures of FIDELITY.md's contract for one period and scope.",
)
def outcomes(request: HttpRequest, params: Query[FigureQuery]) -> dict[str, Any]:
    period, scope = period_and_scope(request, params)
    result = figures.outcomes(period, scope)
    return plain({**result, "team_id": scope.team_id, "coach_id": scope.coach_id})


@router.get(
    "/reports/fidelity-indicators",
    response=IndicatorsOut,
    summary="Computed fidelity indicators",
    description="S1, V4, V6, V8, V9, V10 and V12 with value, suggested rating and n.",
)
def fidelity_indicators(request: HttpRequest, params: Query[FigureQuery]) -> dict[str, Any]:
    period, scope = period_and_scope(request, params)
    result = figures.indicators(period, scope)
    by_coach: dict[int, dict[str, Any]] = {}
    for item in result["items"]:
        for row in item.get("coaches") or []:
            entry = by_coach.setdefault(row["coach_id"], {"coach_id": row["coach_id"]})
            entry["name"] = row["name"]
            entry[item["item"]] = row["value"]
    return plain(
        {
            **result,
            "team_id": scope.team_id,
            "coach_id": scope.coach_id,
            "coaches": list(by_coach.values()),
        }
    )
