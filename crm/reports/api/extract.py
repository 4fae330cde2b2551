"""`reports/evaluation-extract?on=`: the pseudonymised evaluation extract as CSV."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema

from crm.core.dates import PastDate
from crm.reports.api.common import router
from crm.reports.selectors.extract import evaluation_csv


class ExtractQuery(Schema):
    on: PastDate | None = Field(None, description="The extraction day (default: today).")


def extract_response(csv_text: str, on: date) -> HttpResponse:
    response = HttpResponse(csv_text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-extract-{on}.csv"'
    return response


@router.get(
    "/reports/evaluation-extract",
    summary="Pseudonymised evaluation extract (CSV)",
    description="One row per person with a valid research consent on `on`; columns in the "
    "README. Leads and admins only; every extract is audited. Without the setting "
    "EVALUATION_PSEUDONYM_KEY the answer is a 422 naming it.",
)
def evaluation_extract(request: HttpRequest, params: Query[ExtractQuery]) -> HttpResponse:
    on = params.on or timezone.localdate()
    return extract_response(evaluation_csv(user=request.user, on=on), on)
