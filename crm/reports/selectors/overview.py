"""Raportit, the lead's home: this quarter against the last, the latest review and when the next
is due, and what needs attention (coaches over 20 people, V4 over 30 days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from crm.candidates.models import IPS_CASELOAD_LIMIT
from crm.reports.access import require_figures, sees_organization
from crm.reports.periods import Period, Scope, previous_quarter, quarter_of
from crm.reports.selectors import figures
from crm.reports.selectors import reviews as review_selectors
from crm.reports.selectors.report import number

V4_TARGET_DAYS = 30
KEY_FIGURES = (
    ("served", _("People served")),
    ("worked", _("Worked in a competitive job")),
    ("employment_rate", _("Employment rate")),
    ("job_starts", _("Job starts")),
    ("first_jobs", _("Into a first job")),
    ("jobs_reaching_90_days", _("Jobs reaching 90 days")),
)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: Any
    previous: Any

    @property
    def shown(self) -> str:
        text = number(self.value)
        return f"{text} %" if self.key == "employment_rate" and self.value is not None else text

    @property
    def previous_shown(self) -> str:
        text = number(self.previous)
        return f"{text} %" if self.key == "employment_rate" and self.previous is not None else text

    @property
    def change(self) -> Decimal | int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def lead_overview(*, user: Any, today: date) -> dict[str, Any] | None:
    """The figures of Raportit for a lead or admin (None for anyone else)."""
    require_figures(user)
    if not sees_organization(user):
        return None
    scope = Scope(organization_id=user.organization_id)
    current = quarter_of(today)
    last = previous_quarter(current)
    now, before = figures.key_figures(current, scope), figures.key_figures(last, scope)
    keys = [KeyFigure(key, str(label), now[key], before[key]) for key, label in KEY_FIGURES]
    caseloads = figures.s1(Period(today, today), scope)
    over_limit = [row for row in caseloads["coaches"] if row["value"] > IPS_CASELOAD_LIMIT]
    days = figures.days_to_first_employer_contact(current, scope)
    latest = None
    if user.has_perm("reports.view_fidelityreview"):
        latest = review_selectors.latest_complete(user=user)
    next_due = review_selectors.next_review_due(latest)
    return {
        "quarter": current,
        "last_quarter": last,
        "key_figures": keys,
        "over_limit": over_limit,
        "caseload_limit": IPS_CASELOAD_LIMIT,
        "days_to_first_contact": days,
        "v4_over": days["mean"] is not None and days["mean"] > V4_TARGET_DAYS,
        "v4_target": V4_TARGET_DAYS,
        "latest_review": latest,
        "next_review_due": next_due,
        "review_overdue": next_due is not None and next_due < today,
    }
