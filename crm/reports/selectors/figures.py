"""The computed figures of shared/FIDELITY.md ("Computed figures — the exact definitions").

Each figure is defined once, as the queryset of the people, jobs or contacts it counts
(`figure_list`); the reports count those querysets in the database, so a number and the list
behind it can never disagree. The number of queries does not depend on the amount of data:
every figure is one aggregate query (a few figures need a second small one).

Dates are Europe/Helsinki dates: a contact logged at 00:30 on 1 April in Helsinki belongs to
April whatever its UTC time. Both ends of a period are included.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate

from crm.accounts.models import Role, User
from crm.candidates.models import JobSeeker, KykyviisariResult, Status, StatusChange
from crm.employers.models import Channel, EmployerContact, Purpose
from crm.placements.models import EndReason, JobCheckIn, Placement, Respondent, SupportContact
from crm.reports.periods import HELSINKI, Period, Scope
from crm.reports.ratings import (
    rate_diversity,
    rate_s1,
    rate_v4,
    rate_v6,
    rate_v10,
    rate_v12,
)

ONE = Decimal("0.1")
TWO = Decimal("0.01")

# IPS benchmarks for the employment rate (FIDELITY.md).
BENCHMARKS = {"minimal": 31, "average": 41, "excellent": 50}
DAYS_TO_90 = 90
V12_AFTER_DAYS = 3
V12_BEFORE_DAYS = 7
V12_WEEKS = 4


def half_up(value: Decimal, places: Decimal = ONE) -> Decimal:
    """Round half away from zero (never banker's rounding)."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int, places: Decimal = ONE) -> Decimal | None:
    if not whole:
        return None
    return half_up(Decimal(part) * 100 / Decimal(whole), places)


def mean(total: Decimal | int, n: int, places: Decimal = ONE) -> Decimal | None:
    if not n:
        return None
    return half_up(Decimal(total) / Decimal(n), places)


# Scope ----------------------------------------------------------------------------------------


def people(scope: Scope) -> QuerySet[JobSeeker]:
    """Everyone in the scope, whatever their status (erased people keep dates and codes)."""
    qs = JobSeeker.objects.filter(organization_id=scope.organization_id)
    if scope.team_id is not None:
        qs = qs.filter(coach__teams=scope.team_id)
    if scope.coach_id is not None:
        qs = qs.filter(coach_id=scope.coach_id)
    return qs


def jobs(scope: Scope) -> QuerySet[Placement]:
    """The jobs of the scope's people."""
    qs = Placement.objects.filter(organization_id=scope.organization_id)
    if scope.team_id is not None:
        qs = qs.filter(candidate__coach__teams=scope.team_id)
    if scope.coach_id is not None:
        qs = qs.filter(candidate__coach_id=scope.coach_id)
    return qs


def coaches(scope: Scope) -> QuerySet[User]:
    """The scope's coaches: role coach, active (V6, and the rows of S1)."""
    qs = User.objects.filter(organization_id=scope.organization_id, role=Role.COACH, is_active=True)
    if scope.team_id is not None:
        qs = qs.filter(teams=scope.team_id)
    if scope.coach_id is not None:
        qs = qs.filter(pk=scope.coach_id)
    return qs.order_by("last_name", "first_name", "pk")


# People -----------------------------------------------------------------------------------------


def served_q(period: Period) -> Q:
    return Q(intake_on__isnull=False, intake_on__lte=period.end) & (
        Q(exited_on__isnull=True) | Q(exited_on__gte=period.start)
    )


def active_job_q(period: Period, prefix: str = "") -> Q:
    """A job active on some day of the period."""
    return Q(**{f"{prefix}start_on__lte": period.end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": period.start})
    )


def served(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    return people(scope).filter(served_q(period))


def worked_q(period: Period) -> Q:
    """Served, with a competitive job active on some day of the period."""
    competitive_job = Placement.objects.filter(
        active_job_q(period), candidate=OuterRef("pk"), competitive=True
    )
    return served_q(period) & Q(Exists(competitive_job))


def worked(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    return people(scope).filter(worked_q(period))


def first_jobs(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    earliest = (
        Placement.objects.filter(candidate=OuterRef("pk"), competitive=True)
        .order_by("start_on")
        .values("start_on")[:1]
    )
    return (
        people(scope)
        .annotate(first_job_on=Subquery(earliest))
        .filter(first_job_on__gte=period.start, first_job_on__lte=period.end)
    )


def intakes(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    """People taken in during the period, each with the date of their first face-to-face
    employer contact (`first_contact_on`, a Helsinki date; None when there is none)."""
    first_contact = (
        EmployerContact.objects.filter(candidates=OuterRef("pk"), channel=Channel.FACE_TO_FACE)
        .exclude(purpose=Purpose.SUPPORT)
        .order_by("occurred_at", "pk")
        .annotate(on=TruncDate("occurred_at", tzinfo=HELSINKI))
        .values("on")[:1]
    )
    return (
        people(scope)
        .filter(intake_on__gte=period.start, intake_on__lte=period.end)
        .annotate(first_contact_on=Subquery(first_contact))
    )


def first_contacts(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    return intakes(period, scope).filter(Q(first_contact_on__isnull=False))


def without_first_contact(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    return intakes(period, scope).filter(Q(first_contact_on__isnull=True))


def kykyviisari_changes(period: Period, scope: Scope) -> QuerySet[JobSeeker]:
    """Served people with at least two results whose latest result is dated by the end, with
    `earliest_work_ability` and `latest_work_ability`."""
    results = KykyviisariResult.objects.filter(job_seeker=OuterRef("pk"))
    return (
        served(period, scope)
        .annotate(
            kyky_count=Count("kykyviisari_results"),
            kyky_latest_on=Max("kykyviisari_results__assessed_on"),
        )
        .filter(kyky_count__gte=2, kyky_latest_on__lte=period.end)
        .annotate(
            earliest_work_ability=Subquery(
                results.order_by("assessed_on", "pk").values("work_ability")[:1]
            ),
            latest_work_ability=Subquery(
                results.order_by("-assessed_on", "-pk").values("work_ability")[:1]
            ),
        )
    )


# Jobs -------------------------------------------------------------------------------------------


def job_start_q(period: Period) -> Q:
    return Q(start_on__gte=period.start, start_on__lte=period.end)


def reaching_90_days_q(period: Period) -> Q:
    """Competitive jobs whose 90th day (start + 90 days) is in the period and that had not
    ended before that day."""
    day_90 = F("start_on") + timedelta(days=DAYS_TO_90)
    return (Q(ended_on__isnull=True) | Q(ended_on__gte=day_90)) & Q(
        competitive=True,
        start_on__gte=period.start - timedelta(days=DAYS_TO_90),
        start_on__lte=period.end - timedelta(days=DAYS_TO_90),
    )


def job_starts(period: Period, scope: Scope) -> QuerySet[Placement]:
    return jobs(scope).filter(job_start_q(period))


def competitive_job_starts(period: Period, scope: Scope) -> QuerySet[Placement]:
    return job_starts(period, scope).filter(competitive=True)


def jobs_reaching_90_days(period: Period, scope: Scope) -> QuerySet[Placement]:
    return jobs(scope).filter(reaching_90_days_q(period))


def job_endings(period: Period, scope: Scope) -> QuerySet[Placement]:
    return jobs(scope).filter(ended_on__gte=period.start, ended_on__lte=period.end)


def jobs_active_on(day: date, scope: Scope) -> QuerySet[Placement]:
    return jobs(scope).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), start_on__lte=day)


def check_ins(period: Period, scope: Scope) -> QuerySet[JobCheckIn]:
    qs = JobCheckIn.objects.filter(
        organization_id=scope.organization_id,
        checked_on__gte=period.start,
        checked_on__lte=period.end,
    )
    if scope.team_id is not None:
        qs = qs.filter(placement__candidate__coach__teams=scope.team_id)
    if scope.coach_id is not None:
        qs = qs.filter(placement__candidate__coach_id=scope.coach_id)
    return qs


# Indicators' rows -------------------------------------------------------------------------------


def status_on(day: date) -> Coalesce:
    """A person's status on `day` by the status history: the latest change recorded by the end
    of that Helsinki day; before the first recorded change, the status the person was created
    with (the first change's `from_status`, or its `to_status` when it is the creation row);
    with no history at all, the current status."""
    before = datetime.combine(day + timedelta(days=1), time.min, tzinfo=HELSINKI)
    changes = StatusChange.objects.filter(job_seeker=OuterRef("pk"))
    latest = changes.filter(at__lt=before).order_by("-at", "-pk").values("to_status")[:1]
    created_with = (
        changes.order_by("at", "pk")
        .annotate(initial=Coalesce(NullIf("from_status", Value("")), "to_status"))
        .values("initial")[:1]
    )
    return Coalesce(Subquery(latest), Subquery(created_with), F("status"))


def caseload_on(day: date, scope: Scope) -> QuerySet[JobSeeker]:
    """S1: people active on `day` — referred by then, not exited by then (the record's exit
    date, whenever it was entered) and not paused on that day by the status history."""
    return (
        people(scope)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gt=day), referred_on__lte=day)
        .annotate(status_on_day=status_on(day))
        .exclude(status_on_day=Status.PAUSED)
    )


def job_development_contacts(period: Period, scope: Scope) -> QuerySet[EmployerContact]:
    """V6: face-to-face employer contacts the scope's coaches logged in the period, other than
    follow-along support."""
    return EmployerContact.objects.filter(
        organization_id=scope.organization_id,
        user__in=coaches(scope).values("pk"),
        channel=Channel.FACE_TO_FACE,
        occurred_at__gte=period.starts_at,
        occurred_at__lt=period.ends_before,
    ).exclude(purpose=Purpose.SUPPORT)


def _support_between(first: Any, last: Any) -> Exists:
    return Exists(
        SupportContact.objects.filter(
            placement=OuterRef("pk"), occurred_on__gte=first, occurred_on__lte=last
        )
    )


def _start_plus(days: int) -> Any:
    """The job's start date plus `days`, as seen from a subquery on its support contacts."""
    return OuterRef("start_on") + timedelta(days=days)


def supported_starts(period: Period, scope: Scope) -> QuerySet[Placement]:
    """V12's job starts, each with `support_after` (a support contact from the start day to
    three days after), `support_before` (in the 7 days before the start), `through_first_month`
    (not ended before its 28th day) and `weeks_supported` (a contact in each of its 4 weeks)."""
    weekly = [
        _support_between(_start_plus(7 * week), _start_plus(7 * week + 6))
        for week in range(V12_WEEKS)
    ]
    return job_starts(period, scope).annotate(
        support_after=_support_between(OuterRef("start_on"), _start_plus(V12_AFTER_DAYS)),
        support_before=_support_between(_start_plus(-V12_BEFORE_DAYS), _start_plus(-1)),
        through_first_month=Q(ended_on__isnull=True)
        | Q(ended_on__gte=F("start_on") + timedelta(days=7 * V12_WEEKS - 1)),
        weeks_supported=weekly[0] & weekly[1] & weekly[2] & weekly[3],
    )


# The lists behind the numbers ------------------------------------------------------------------

PEOPLE_LISTS: dict[str, Callable[[Period, Scope], QuerySet[JobSeeker]]] = {
    "served": served,
    "worked": worked,
    "first_jobs": first_jobs,
    "days_to_first_employer_contact": first_contacts,
    "without_first_employer_contact": without_first_contact,
    "kykyviisari_work_ability_change": kykyviisari_changes,
    "S1": lambda period, scope: caseload_on(period.end, scope),
    "V4": first_contacts,
}
JOB_LISTS: dict[str, Callable[[Period, Scope], QuerySet[Placement]]] = {
    "job_starts": job_starts,
    "competitive_job_starts": competitive_job_starts,
    "jobs_reaching_90_days": jobs_reaching_90_days,
    "job_endings": job_endings,
    "V8": job_starts,
    "V9": job_starts,
    "V10": lambda period, scope: jobs_active_on(period.end, scope),
    "V12": supported_starts,
}
CONTACT_LISTS: dict[str, Callable[[Period, Scope], QuerySet[EmployerContact]]] = {
    "V6": job_development_contacts,
}
CHECK_IN_LISTS = {"satisfaction": check_ins}
LISTS: dict[str, Callable[[Period, Scope], QuerySet[Any]]] = {
    **PEOPLE_LISTS,
    **JOB_LISTS,
    **CONTACT_LISTS,
    **CHECK_IN_LISTS,
}


def figure_list(name: str, period: Period, scope: Scope) -> QuerySet[Any]:
    """The people, jobs, contacts or check-ins a figure counted (KeyError for unknown names)."""
    return LISTS[name](period, scope)


# Outcome figures --------------------------------------------------------------------------------


def days_to_first_employer_contact(period: Period, scope: Scope) -> dict[str, Any]:
    rows: list[tuple[date, date | None]] = list(
        intakes(period, scope).values_list("intake_on", F("first_contact_on"))
    )
    days = [max(0, (contact - intake).days) for intake, contact in rows if contact is not None]
    median: Any = None
    if days:
        middle = Decimal(str(statistics.median(days)))
        median = int(middle) if middle == middle.to_integral_value() else middle
    return {
        "n": len(days),
        "mean": mean(sum(days), len(days)),
        "median": median,
        "without": len(rows) - len(days),
    }


def kykyviisari_work_ability_change(period: Period, scope: Scope) -> dict[str, Any]:
    totals = kykyviisari_changes(period, scope).aggregate(
        n=Count("pk"), change=Sum(F("latest_work_ability") - F("earliest_work_ability"))
    )
    n = totals["n"] or 0
    # Scores have one decimal, so their sum does too (SQLite may hand back a float).
    change = half_up(Decimal(str(totals["change"] or 0)))
    return {"n": n, "mean": mean(change, n)}


def satisfaction(period: Period, scope: Scope) -> dict[str, dict[str, Any]]:
    totals = check_ins(period, scope).aggregate(
        **{
            f"{who}_{what}": aggregate("score", filter=Q(respondent=who))
            for who in Respondent.values
            for what, aggregate in (("n", Count), ("sum", Sum))
        }
    )
    return {
        who: {
            "n": totals[f"{who}_n"],
            "mean": mean(totals[f"{who}_sum"] or 0, totals[f"{who}_n"]),
        }
        for who in Respondent.values
    }


def job_endings_by_reason(period: Period, scope: Scope) -> dict[str, int]:
    rows = job_endings(period, scope).values("end_reason").annotate(n=Count("pk"))
    counts: dict[str, int] = {}
    for row in rows.order_by("end_reason"):
        reason = row["end_reason"] or EndReason.OTHER  # ended without a reason given
        counts[reason] = counts.get(reason, 0) + row["n"]
    return counts


def key_figures(period: Period, scope: Scope) -> dict[str, Any]:
    """The counting figures: people served and worked, the rate, job starts, first jobs and
    jobs reaching 90 days (one aggregate for the people, one for the jobs, one for first jobs;
    each figure's own queryset lists the same rows: the Q objects are shared)."""
    counts = people(scope).aggregate(
        served=Count("pk", filter=served_q(period)), worked=Count("pk", filter=worked_q(period))
    )
    job_counts = jobs(scope).aggregate(
        starts_n=Count("pk", filter=job_start_q(period)),
        competitive_n=Count("pk", filter=job_start_q(period) & Q(competitive=True)),
        reaching_n=Count("pk", filter=reaching_90_days_q(period)),
    )
    return {
        "served": counts["served"],
        "worked": counts["worked"],
        "employment_rate": percent(counts["worked"], counts["served"]),
        "job_starts": job_counts["starts_n"],
        "competitive_job_starts": job_counts["competitive_n"],
        "first_jobs": first_jobs(period, scope).count(),
        "jobs_reaching_90_days": job_counts["reaching_n"],
    }


def outcomes(period: Period, scope: Scope) -> dict[str, Any]:
    """Every outcome figure of the contract for one period and scope."""
    endings = job_endings_by_reason(period, scope)
    return {
        "start": period.start,
        "end": period.end,
        **key_figures(period, scope),
        "benchmarks": BENCHMARKS,
        "job_endings": sum(endings.values()),
        "job_endings_by_reason": endings,
        "days_to_first_employer_contact": days_to_first_employer_contact(period, scope),
        "kykyviisari_work_ability_change": kykyviisari_work_ability_change(period, scope),
        "satisfaction": satisfaction(period, scope),
    }


# Indicators -------------------------------------------------------------------------------------


def _coach_rows(scope: Scope, counts: dict[int, Any], *, include_others: bool) -> list[dict]:
    """One row per scope coach (and, for S1, anyone else who is the current coach of someone
    counted, such as a coach who has left), named for the page."""
    listed = list(coaches(scope).values("pk", "first_name", "last_name", "username"))
    known = {row["pk"] for row in listed}
    missing = [pk for pk in counts if pk not in known] if include_others else []
    if missing:
        listed += list(
            User.objects.filter(pk__in=missing)
            .order_by("last_name", "first_name", "pk")
            .values("pk", "first_name", "last_name", "username")
        )
    return [
        {
            "coach_id": row["pk"],
            "name": f"{row['first_name']} {row['last_name']}".strip() or row["username"],
        }
        for row in listed
    ]


def s1(period: Period, scope: Scope) -> dict[str, Any]:
    counts = dict(
        caseload_on(period.end, scope)
        .order_by()
        .values_list("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    rows = _coach_rows(scope, counts, include_others=True)
    for row in rows:
        row["value"] = counts.get(row["coach_id"], 0)
    value = max((row["value"] for row in rows), default=None)
    return {"item": "S1", "value": value, "rating": rate_s1(value), "n": len(rows), "coaches": rows}


def v4(period: Period, scope: Scope, days: dict[str, Any] | None = None) -> dict[str, Any]:
    days = days or days_to_first_employer_contact(period, scope)
    return {"item": "V4", "value": days["mean"], "rating": rate_v4(days["mean"]), "n": days["n"]}


def v6(period: Period, scope: Scope) -> dict[str, Any]:
    counts = dict(
        job_development_contacts(period, scope)
        .order_by()
        .values_list("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    rows = _coach_rows(scope, counts, include_others=False)
    weeks = Decimal(period.days) / 7
    exact: list[Decimal] = []
    for row in rows:
        per_week = Decimal(counts.get(row["coach_id"], 0)) / weeks
        exact.append(per_week)
        row["value"] = half_up(per_week, TWO)
        row["contacts"] = counts.get(row["coach_id"], 0)
    average = sum(exact, Decimal(0)) / len(exact) if exact else None
    return {
        "item": "V6",
        "value": None if average is None else half_up(average, TWO),
        "rating": rate_v6(average),
        "n": len(rows),
        "contacts": sum(counts.get(row["coach_id"], 0) for row in rows),
        "coaches": rows,
    }


def _normalised_title(title: str) -> str:
    return " ".join((title or "").split()).casefold()


def v8_v9(period: Period, scope: Scope) -> tuple[dict[str, Any], dict[str, Any]]:
    rows = list(job_starts(period, scope).values_list("occupation_id", "job_title", "employer_id"))
    n = len(rows)
    occupations = {
        ("term", term) if term is not None else ("title", _normalised_title(title))
        for term, title, _employer in rows
    }
    employers = {employer for _term, _title, employer in rows}
    v8_share = percent(len(occupations), n, TWO)
    v9_share = percent(len(employers), n, TWO)
    return (
        {"item": "V8", "value": v8_share, "rating": rate_diversity(v8_share), "n": n},
        {"item": "V9", "value": v9_share, "rating": rate_diversity(v9_share), "n": n},
    )


def v10(period: Period, scope: Scope) -> dict[str, Any]:
    totals = jobs_active_on(period.end, scope).aggregate(
        n=Count("pk"), competitive_n=Count("pk", filter=Q(competitive=True))
    )
    share = percent(totals["competitive_n"], totals["n"], TWO)
    return {"item": "V10", "value": share, "rating": rate_v10(share, totals["n"]), "n": totals["n"]}


def v12(period: Period, scope: Scope) -> dict[str, Any]:
    totals = supported_starts(period, scope).aggregate(
        n=Count("pk"),
        after=Count("pk", filter=Q(support_after=True)),
        before=Count("pk", filter=Q(support_before=True)),
        month_n=Count("pk", filter=Q(through_first_month=True)),
        weekly=Count("pk", filter=Q(through_first_month=True, weeks_supported=True)),
    )
    share = percent(totals["after"], totals["n"], TWO)
    return {
        "item": "V12",
        "value": share,
        "rating": rate_v12(share),
        "n": totals["n"],
        "before_start": percent(totals["before"], totals["n"], TWO),
        "first_month_weekly": percent(totals["weekly"], totals["month_n"], TWO),
        "first_month_n": totals["month_n"],
    }


INDICATOR_CODES = ("S1", "V4", "V6", "V8", "V9", "V10", "V12")


def indicators(period: Period, scope: Scope) -> dict[str, Any]:
    """The indicators computed beside the reviewer's ratings, as suggestions."""
    v8, v9 = v8_v9(period, scope)
    items = [s1(period, scope), v4(period, scope), v6(period, scope), v8, v9, v10(period, scope)]
    items.append(v12(period, scope))
    return {"start": period.start, "end": period.end, "items": items}
