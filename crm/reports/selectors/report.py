"""The outcome report as the pages, downloads and PDF show it: the contract figures as labelled
rows (each with its `n` and the list it counts), the drill-down lists, the 8-quarter series."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.candidates.models import Status
from crm.employers.models import Channel, Purpose
from crm.placements.models import EndReason, Respondent
from crm.reports.periods import Period, Scope, last_quarters
from crm.reports.ratings import V10_MIN_JOBS
from crm.reports.selectors import figures

SERIES_QUARTERS = 8

LIST_TITLES = {
    "served": gettext_lazy("People served"),
    "worked": gettext_lazy("People who worked in a competitive job"),
    "first_jobs": gettext_lazy("People into their first competitive job"),
    "job_starts": gettext_lazy("Job starts"),
    "competitive_job_starts": gettext_lazy("Competitive job starts"),
    "jobs_reaching_90_days": gettext_lazy("Competitive jobs reaching 90 days"),
    "job_endings": gettext_lazy("Job endings"),
    "days_to_first_employer_contact": gettext_lazy(
        "Intakes with a first face-to-face employer contact"
    ),
    "without_first_employer_contact": gettext_lazy("Intakes without an employer contact yet"),
    "kykyviisari_work_ability_change": gettext_lazy("Kykyviisari work ability change"),
    "satisfaction": gettext_lazy("Job satisfaction check-ins"),
    "S1": gettext_lazy("S1 caseloads on the last day"),
    "V4": gettext_lazy("V4 days to the first employer contact"),
    "V6": gettext_lazy("V6 face-to-face employer contacts"),
    "V8": gettext_lazy("V8 job starts by occupation"),
    "V9": gettext_lazy("V9 job starts by employer"),
    "V10": gettext_lazy("V10 jobs active on the last day"),
    "V12": gettext_lazy("V12 job starts and support around the start"),
}


def number(value: Any, places: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return number_format(value)
    return number_format(Decimal(value), places)


@dataclass
class FigureRow:
    key: str
    label: str
    value: str
    n: int | None = None
    list_name: str | None = None
    note: str = ""
    raw: Any = None
    children: list[FigureRow] = field(default_factory=list)


def outcome_rows(result: dict[str, Any]) -> list[FigureRow]:
    """The outcome figures, labelled, in the order of the contract table."""
    days = result["days_to_first_employer_contact"]
    change = result["kykyviisari_work_ability_change"]
    reasons = dict(EndReason.choices)
    endings = FigureRow(
        "job_endings",
        _("Job endings"),
        number(result["job_endings"]),
        result["job_endings"],
        "job_endings",
        raw=result["job_endings"],
        children=[
            FigureRow(f"job_endings.{code}", str(reasons.get(code, code)), number(count), count)
            for code, count in result["job_endings_by_reason"].items()
        ],
    )
    rate = result["employment_rate"]
    rows = [
        FigureRow(
            "served",
            _("People served (on caseload)"),
            number(result["served"]),
            result["served"],
            "served",
            raw=result["served"],
        ),
        FigureRow(
            "worked",
            _("Worked in a competitive job"),
            number(result["worked"]),
            result["served"],
            "worked",
            raw=result["worked"],
        ),
        FigureRow(
            "employment_rate",
            _("Employment rate"),
            f"{number(rate)} %" if rate is not None else "–",
            result["served"],
            "worked",
            _("IPS benchmarks: 31 % minimal, 41 % average, 50 % excellent"),
            raw=rate,
        ),
        FigureRow(
            "job_starts",
            _("Job starts"),
            number(result["job_starts"]),
            result["job_starts"],
            "job_starts",
            raw=result["job_starts"],
        ),
        FigureRow(
            "competitive_job_starts",
            _("Competitive job starts"),
            number(result["competitive_job_starts"]),
            result["competitive_job_starts"],
            "competitive_job_starts",
            raw=result["competitive_job_starts"],
        ),
        FigureRow(
            "first_jobs",
            _("People into their first competitive job"),
            number(result["first_jobs"]),
            result["first_jobs"],
            "first_jobs",
            raw=result["first_jobs"],
        ),
        FigureRow(
            "jobs_reaching_90_days",
            _("Competitive jobs reaching 90 days"),
            number(result["jobs_reaching_90_days"]),
            result["jobs_reaching_90_days"],
            "jobs_reaching_90_days",
            raw=result["jobs_reaching_90_days"],
        ),
        endings,
        FigureRow(
            "days_to_first_employer_contact",
            _("Days from intake to the first face-to-face employer contact (mean)"),
            number(days["mean"]),
            days["n"],
            "days_to_first_employer_contact",
            _("median %(median)s; %(without)s intakes without a contact yet")
            % {"median": number(days["median"]), "without": days["without"]},
            raw=days["mean"],
        ),
        FigureRow(
            "kykyviisari_work_ability_change",
            _("Kykyviisari work ability change (mean)"),
            number(change["mean"]),
            change["n"],
            "kykyviisari_work_ability_change",
            raw=change["mean"],
        ),
    ]
    labels = {
        Respondent.WORKER: _("Job satisfaction, workers (mean 1–5)"),
        Respondent.EMPLOYER: _("Job satisfaction, employers (mean 1–5)"),
    }
    for who, label in labels.items():
        part = result["satisfaction"][who]
        rows.append(
            FigureRow(
                f"satisfaction.{who}",
                label,
                number(part["mean"]),
                part["n"],
                "satisfaction",
                raw=part["mean"],
            )
        )
    return rows


def indicator_note(item: dict[str, Any]) -> str:
    if item["item"] == "V12":
        return _(
            "%(before)s %% with support in the 7 days before; %(weekly)s %% of %(n)s jobs "
            "with support every week of the first month"
        ) % {
            "before": number(item["before_start"], 2),
            "weekly": number(item["first_month_weekly"], 2),
            "n": item["first_month_n"],
        }
    if item["item"] == "V10" and item["n"] < V10_MIN_JOBS:
        return _("Fewer than 10 active jobs: rated 1.")
    return ""


INDICATOR_LABELS = {
    "S1": gettext_lazy("Caseload size (largest active caseload)"),
    "V4": gettext_lazy("Rapid job search (mean days to the first employer contact)"),
    "V6": gettext_lazy("Employer contacts per coach per week"),
    "V8": gettext_lazy("Diversity of job types (%)"),
    "V9": gettext_lazy("Diversity of employers (%)"),
    "V10": gettext_lazy("Competitive jobs (% of active jobs)"),
    "V12": gettext_lazy("Support within 3 days of the start (%)"),
}


def indicator_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for item in result["items"]:
        places = 0 if item["item"] == "S1" else (1 if item["item"] == "V4" else 2)
        rows.append(
            {
                **item,
                "label": str(INDICATOR_LABELS[item["item"]]),
                "shown": number(item["value"], places)
                if not isinstance(item["value"], int)
                else number(item["value"]),
                "note": indicator_note(item),
            }
        )
    return rows


# Drill-down lists -------------------------------------------------------------------------------


@dataclass
class DrillDown:
    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    person_ids: list[int | None]  # for links to the person's page (None: no link)


def _person_name(first: str, last: str, erased: Any) -> str:
    if erased:
        return _("(erased)")
    return f"{first} {last}".strip()


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def drill_down(name: str, period: Period, scope: Scope) -> DrillDown:
    """The rows behind one figure (KeyError for an unknown list name)."""
    qs = figures.figure_list(name, period, scope)
    title = str(LIST_TITLES[name])
    if name in figures.PEOPLE_LISTS:
        return _people(name, title, qs)
    if name in figures.JOB_LISTS:
        return _jobs(name, title, qs)
    if name in figures.CONTACT_LISTS:
        return _contacts(name, title, qs)
    return _check_ins(name, title, qs)


def _people(name: str, title: str, qs: Any) -> DrillDown:
    statuses = dict(Status.choices)
    columns = [_("Job seeker"), _("Coach"), _("Status"), _("Referred"), _("Intake"), _("Exit")]
    extra = []
    if name in ("days_to_first_employer_contact", "V4", "without_first_employer_contact"):
        columns += [_("First face-to-face employer contact"), _("Days")]
        extra = ["first_contact_on"]
    elif name == "first_jobs":
        columns.append(_("First competitive job"))
        extra = ["first_job_on"]
    elif name == "kykyviisari_work_ability_change":
        columns += [_("First work ability"), _("Latest work ability"), _("Change")]
        extra = ["earliest_work_ability", "latest_work_ability"]
    values = qs.order_by("last_name", "first_name", "pk").values(
        "pk",
        "first_name",
        "last_name",
        "erased_at",
        "status",
        "referred_on",
        "intake_on",
        "exited_on",
        "coach__first_name",
        "coach__last_name",
        *extra,
    )
    rows, ids = [], []
    for row in values:
        line = [
            _person_name(row["first_name"], row["last_name"], row["erased_at"]),
            f"{row['coach__first_name']} {row['coach__last_name']}".strip(),
            str(statuses.get(row["status"], row["status"])),
            _day(row["referred_on"]),
            _day(row["intake_on"]),
            _day(row["exited_on"]),
        ]
        if "first_contact_on" in extra:
            contact = row["first_contact_on"]
            line += [_day(contact), max(0, (contact - row["intake_on"]).days) if contact else ""]
        elif "first_job_on" in extra:
            line.append(_day(row["first_job_on"]))
        elif extra:
            first, latest = row["earliest_work_ability"], row["latest_work_ability"]
            line += [
                number(first),
                number(latest),
                number(Decimal(str(latest)) - Decimal(str(first))),
            ]
        rows.append(line)
        ids.append(None if row["erased_at"] else row["pk"])
    return DrillDown(name, title, columns, rows, ids)


def _jobs(name: str, title: str, qs: Any) -> DrillDown:
    reasons = dict(EndReason.choices)
    columns = [
        _("Job seeker"),
        _("Employer"),
        _("Job title"),
        _("Occupation"),
        _("Start"),
        _("End"),
        _("Reason for ending"),
        _("Competitive"),
    ]
    support = name == "V12"
    if support:
        columns += [
            _("Support within 3 days"),
            _("Support in the 7 days before"),
            _("Support every week of the first month"),
        ]
    fields = [
        "candidate_id",
        "candidate__first_name",
        "candidate__last_name",
        "candidate__erased_at",
        "employer__name",
        "job_title",
        "occupation__name",
        "start_on",
        "ended_on",
        "end_reason",
        "competitive",
    ]
    if support:
        fields += ["support_after", "support_before", "through_first_month", "weeks_supported"]
    rows, ids = [], []
    yes, no = _("yes"), _("no")
    for row in qs.order_by("start_on", "pk").values(*fields):
        line = [
            _person_name(
                row["candidate__first_name"],
                row["candidate__last_name"],
                row["candidate__erased_at"],
            ),
            row["employer__name"],
            row["job_title"],
            row["occupation__name"] or "",
            _day(row["start_on"]),
            _day(row["ended_on"]),
            str(reasons.get(row["end_reason"], row["end_reason"])) if row["end_reason"] else "",
            yes if row["competitive"] else no,
        ]
        if support:
            line += [
                yes if row["support_after"] else no,
                yes if row["support_before"] else no,
                (yes if row["weeks_supported"] else no) if row["through_first_month"] else "–",
            ]
        rows.append(line)
        ids.append(None if row["candidate__erased_at"] else row["candidate_id"])
    return DrillDown(name, title, columns, rows, ids)


def _contacts(name: str, title: str, qs: Any) -> DrillDown:
    channels, purposes = dict(Channel.choices), dict(Purpose.choices)
    columns = [_("Date"), _("Coach"), _("Employer"), _("Channel"), _("Purpose")]
    rows = []
    for row in qs.order_by("occurred_at", "pk").values(
        "occurred_at", "user__first_name", "user__last_name", "employer__name", "channel", "purpose"
    ):
        rows.append(
            [
                date_format(row["occurred_at"], "SHORT_DATETIME_FORMAT"),
                f"{row['user__first_name']} {row['user__last_name']}".strip(),
                row["employer__name"],
                str(channels.get(row["channel"], row["channel"])),
                str(purposes.get(row["purpose"], row["purpose"])),
            ]
        )
    return DrillDown(name, title, columns, rows, [None] * len(rows))


def _check_ins(name: str, title: str, qs: Any) -> DrillDown:
    respondents = dict(Respondent.choices)
    columns = [_("Date"), _("Respondent"), _("Score (1–5)"), _("Job seeker"), _("Employer")]
    rows, ids = [], []
    for row in qs.order_by("checked_on", "pk").values(
        "checked_on",
        "respondent",
        "score",
        "placement__candidate_id",
        "placement__candidate__first_name",
        "placement__candidate__last_name",
        "placement__candidate__erased_at",
        "placement__employer__name",
    ):
        erased = row["placement__candidate__erased_at"]
        rows.append(
            [
                _day(row["checked_on"]),
                str(respondents.get(row["respondent"], row["respondent"])),
                row["score"],
                _person_name(
                    row["placement__candidate__first_name"],
                    row["placement__candidate__last_name"],
                    erased,
                ),
                row["placement__employer__name"],
            ]
        )
        ids.append(None if erased else row["placement__candidate_id"])
    return DrillDown(name, title, columns, rows, ids)


# The 8-quarter series -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterPoint:
    period: Period
    served: int
    worked: int
    employment_rate: Decimal | None
    job_starts: int


def quarter_series(
    scope: Scope, *, ending: Period, count: int = SERIES_QUARTERS
) -> list[QuarterPoint]:
    """Served, worked, employment rate and job starts for `count` quarters: three queries,
    each counting every quarter at once."""
    quarters = last_quarters(count, ending=ending)
    people = figures.people(scope)
    people_totals = people.aggregate(
        **{f"served_{i}": Count("pk", filter=figures.served_q(q)) for i, q in enumerate(quarters)},
        **{f"worked_{i}": Count("pk", filter=figures.worked_q(q)) for i, q in enumerate(quarters)},
    )
    starts = figures.jobs(scope).aggregate(
        **{
            f"starts_{i}": Count("pk", filter=Q(start_on__gte=q.start, start_on__lte=q.end))
            for i, q in enumerate(quarters)
        }
    )
    return [
        QuarterPoint(
            period=q,
            served=people_totals[f"served_{i}"],
            worked=people_totals[f"worked_{i}"],
            employment_rate=figures.percent(
                people_totals[f"worked_{i}"], people_totals[f"served_{i}"]
            ),
            job_starts=starts[f"starts_{i}"],
        )
        for i, q in enumerate(quarters)
    ]
