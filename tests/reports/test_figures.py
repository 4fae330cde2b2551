"""The contract figures of shared/FIDELITY.md on the hand-built data set of `dataset.py`.

Every expected number below was worked out by hand from the table in dataset.py (the working
is in the comments); none is recomputed by the code under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm.reports.selectors import figures
from crm.reports.selectors.figures import Period, Scope
from tests.reports import dataset

pytestmark = pytest.mark.django_db

Q1 = Period(dataset.Q1_START, dataset.Q1_END)


@pytest.fixture
def ns():
    return dataset.build()


def org_scope(ns) -> Scope:
    return Scope(organization_id=ns.org.pk)


def ids(rows) -> set[str]:
    return {row.first_name or f"erased-{row.pk}" for row in rows}


# Outcomes, whole organisation -----------------------------------------------------------------


def test_served_counts_intake_by_the_end_and_no_exit_before_the_start(ns):
    result = figures.outcomes(Q1, org_scope(ns))
    # P1 P2 P3 P5 (exits on the first day) P8 P9 P10 P11 P12 P13 P14 (erased) P16 P17;
    # not P4/P15 (no intake), P6 (exited the day before), P7 (intake after the end).
    assert result["served"] == 13
    served = figures.figure_list("served", Q1, org_scope(ns))
    names = ("p1", "p2", "p3", "p5", "p8", "p9", "p10", "p11", "p12", "p13", "p14", "p16", "p17")
    assert {p.pk for p in served} == {getattr(ns, name).pk for name in names}


def test_worked_needs_a_competitive_job_active_on_some_day(ns):
    result = figures.outcomes(Q1, org_scope(ns))
    # P1 (J1 ends on the first day), P2, P5, P8, P9, P10, P12 (J15), P14; not P3/P11
    # (not competitive), P13 (ended the day before), P6 (not served).
    assert result["worked"] == 8
    worked = figures.figure_list("worked", Q1, org_scope(ns))
    assert {p.pk for p in worked} == {
        p.pk for p in (ns.p1, ns.p2, ns.p5, ns.p8, ns.p9, ns.p10, ns.p12, ns.p14)
    }


def test_employment_rate_is_worked_over_served_with_one_decimal(ns):
    # 8 / 13 x 100 = 61.538… → 61.5
    assert figures.outcomes(Q1, org_scope(ns))["employment_rate"] == Decimal("61.5")


def test_job_starts_and_competitive_job_starts(ns):
    result = figures.outcomes(Q1, org_scope(ns))
    # J2 J3 J5 (first day) J10 J11 J13 J14; J6 started the day before, J8 the day after.
    assert result["job_starts"] == 7
    assert result["competitive_job_starts"] == 5  # not J3, J11


def test_first_jobs_are_earliest_competitive_jobs_ever(ns):
    # P2 (J2), P8 (J5), P14 (J13), P6 (J14, not served but counted); P1's first was J1 (2025).
    result = figures.outcomes(Q1, org_scope(ns))
    assert result["first_jobs"] == 4
    people = figures.figure_list("first_jobs", Q1, org_scope(ns))
    assert {p.pk for p in people} == {ns.p2.pk, ns.p8.pk, ns.p14.pk, ns.p6.pk}


def test_jobs_reaching_90_days(ns):
    # J4: 3.10.2025 + 90 = 1.1. (the first day); J6: 31.12.2025 + 90 = 31.3. (the last day);
    # J15: 15.11.2025 + 90 = 13.2., ended that very day. Not J1 (ended 1.1. before its 30.1.),
    # not J7 (ended 19.3., the day before its 90th day).
    assert figures.outcomes(Q1, org_scope(ns))["jobs_reaching_90_days"] == 3
    jobs = figures.figure_list("jobs_reaching_90_days", Q1, org_scope(ns))
    assert {j.pk for j in jobs} == {ns.j4.pk, ns.j6.pk, ns.j15.pk}


def test_job_endings_by_reason(ns):
    result = figures.outcomes(Q1, org_scope(ns))
    # J1 (1.1., the first day) J4 J5 (31.3.) J7 J13 J15; J9 ended the day before.
    assert result["job_endings"] == 6
    assert result["job_endings_by_reason"] == {
        "quit": 2,
        "contract_ended": 1,
        "dismissed": 1,
        "temporary_ended": 1,
        "other": 1,
    }


def test_days_to_first_employer_contact(ns):
    # Intake in Q1: P2 25 (20.1. → 14.2.; the phone call and the support visit do not count),
    # P3 0 (contact 15.3. before the intake 31.3.), P14 107 (1.2. → 19.5., after the period),
    # P17 5 (6.3. 00:30 in Helsinki, 5.3. in UTC); P16 has no contact at all.
    # Mean 137 / 4 = 34.25 → 34.3 (half away from zero); median (5 + 25) / 2 = 15.
    result = figures.outcomes(Q1, org_scope(ns))["days_to_first_employer_contact"]
    assert result == {"n": 4, "mean": Decimal("34.3"), "median": 15, "without": 1}


def test_kykyviisari_work_ability_change(ns):
    # P1 +2.5, P2 -1.0 (latest on the last day), P12 +0.2 (two results the same day, in the
    # order recorded); not P3 (one result), P8 (latest after the end), P6 (not served).
    # 1.7 / 3 = 0.566… → 0.6
    result = figures.outcomes(Q1, org_scope(ns))["kykyviisari_work_ability_change"]
    assert result == {"n": 3, "mean": Decimal("0.6")}


def test_satisfaction(ns):
    # Worker 4, 2, 5 → 3.666… → 3.7; employer 5, 4 → 4.5. The check-ins of 31.12. and 1.4.
    # are outside.
    result = figures.outcomes(Q1, org_scope(ns))["satisfaction"]
    assert result == {
        "worker": {"n": 3, "mean": Decimal("3.7")},
        "employer": {"n": 2, "mean": Decimal("4.5")},
    }


# Indicators, whole organisation ---------------------------------------------------------------


def indicator(result, code):
    return next(item for item in result["items"] if item["item"] == code)


def test_s1_counts_each_coach_on_the_last_day_by_the_status_history(ns):
    result = figures.indicators(Q1, org_scope(ns))
    s1 = indicator(result, "S1")
    # alice: P1 P2 P3 P4 P16 (P5, P6 exited) = 5. bob: P9 (paused only from 1.4. Helsinki time),
    # P10 (back from the pause on the last day), P15, P17 = 4; P8 paused, P7 referred later.
    # carol: P12 (exit dated after the period) = 1; P11 was created paused, P14 exited.
    # dave (inactive, still someone's coach): P13 = 1.
    assert (s1["value"], s1["rating"], s1["n"]) == (5, 5, 4)
    assert {c["coach_id"]: c["value"] for c in s1["coaches"]} == {
        ns.alice.pk: 5,
        ns.bob.pk: 4,
        ns.carol.pk: 1,
        ns.dave.pk: 1,
    }


def test_v4_is_the_mean_days_to_first_contact(ns):
    v4 = indicator(figures.indicators(Q1, org_scope(ns)), "V4")
    assert (v4["value"], v4["rating"], v4["n"]) == (Decimal("34.3"), 4, 4)


def test_v6_is_the_mean_weekly_contacts_of_active_coaches(ns):
    v6 = indicator(figures.indicators(Q1, org_scope(ns)), "V6")
    # alice 27 (22 + both edge times + 3 naming people) x 7 / 90 = 2.1; bob 45 → 3.5;
    # carol 0. dave is inactive, relations staff are not coaches. (2.1 + 3.5 + 0) / 3 = 1.866…
    assert (v6["value"], v6["rating"], v6["n"]) == (Decimal("1.87"), 1, 3)
    assert {c["coach_id"]: c["value"] for c in v6["coaches"]} == {
        ns.alice.pk: Decimal("2.1"),
        ns.bob.pk: Decimal("3.5"),
        ns.carol.pk: Decimal("0"),
    }


def test_v8_counts_distinct_occupations_by_term_else_normalised_title(ns):
    v8 = indicator(figures.indicators(Q1, org_scope(ns)), "V8")
    # varastotyöntekijä (J2 "  Varastotyöntekijä ", J14), Siivooja term (J3, J13), "myyjä"
    # typed (J5), Myyjä term (J10), kokki (J11): 5 / 7 = 71.43 %
    assert (v8["value"], v8["rating"], v8["n"]) == (Decimal("71.43"), 4, 7)


def test_v9_counts_distinct_employers(ns):
    v9 = indicator(figures.indicators(Q1, org_scope(ns)), "V9")
    # e1 e2 e3 e2 e5 e4 e6: 6 / 7 = 85.71 %
    assert (v9["value"], v9["rating"], v9["n"]) == (Decimal("85.71"), 5, 7)


def test_v10_with_fewer_than_ten_active_jobs_rates_1(ns):
    v10 = indicator(figures.indicators(Q1, org_scope(ns)), "V10")
    # Active on 31.3.: J2 J3 J5 (ends that day) J6 J10 J11 J14; competitive 5 / 7 = 71.43 %
    assert (v10["value"], v10["rating"], v10["n"]) == (Decimal("71.43"), 1, 7)


def test_v12_support_around_the_start(ns):
    v12 = indicator(figures.indicators(Q1, org_scope(ns)), "V12")
    # Within start … start + 3: J2 (+3), J5 (+0), J11 (+3), J14 (+2); not J3/J13 (+4), J10.
    assert (v12["value"], v12["rating"], v12["n"]) == (Decimal("57.14"), 3, 7)
    # 7 days before: J10 (-4), J13 (-7); J11's -8 is too early.
    assert v12["before_start"] == Decimal("28.57")
    # Every week of the first 28 days: J2, J5; J14 misses its fourth week.
    assert v12["first_month_weekly"] == Decimal("28.57")
    assert v12["first_month_n"] == 7


# Team and coach scopes ------------------------------------------------------------------------


def test_team_scope_follows_the_current_coach(ns):
    north = Scope(organization_id=ns.org.pk, team_id=ns.north.pk)
    result = figures.outcomes(Q1, north)
    assert result["served"] == 9
    assert result["worked"] == 6
    assert result["employment_rate"] == Decimal("66.7")
    assert result["job_starts"] == 5
    assert result["competitive_job_starts"] == 4
    assert result["first_jobs"] == 3
    assert result["jobs_reaching_90_days"] == 2
    assert result["job_endings"] == 4
    assert result["days_to_first_employer_contact"] == {
        "n": 3,
        "mean": Decimal("10.0"),
        "median": 5,
        "without": 1,
    }
    items = figures.indicators(Q1, north)
    s1, v6 = indicator(items, "S1"), indicator(items, "V6")
    assert (s1["value"], s1["n"]) == (5, 2)
    assert (v6["value"], v6["rating"], v6["n"]) == (Decimal("2.8"), 2, 2)


def test_coach_scope(ns):
    scope = Scope(organization_id=ns.org.pk, coach_id=ns.alice.pk)
    result = figures.outcomes(Q1, scope)
    # P1 P2 P3 P5 P16 served; P1 P2 P5 worked: 3 / 5 = 60.0
    assert (result["served"], result["worked"]) == (5, 3)
    assert result["employment_rate"] == Decimal("60.0")


def test_nothing_served_leaves_the_rate_empty(ns):
    scope = Scope(organization_id=ns.org.pk, team_id=ns.south.pk)
    result = figures.outcomes(Period(date(2024, 1, 1), date(2024, 3, 31)), scope)
    assert result["served"] == 0
    assert result["employment_rate"] is None
    assert result["days_to_first_employer_contact"] == {
        "n": 0,
        "mean": None,
        "median": None,
        "without": 0,
    }
    v4 = indicator(figures.indicators(Period(date(2024, 1, 1), date(2024, 3, 31)), scope), "V4")
    assert (v4["value"], v4["rating"], v4["n"]) == (None, None, 0)


def test_another_organisation_sees_only_its_own_person(ns):
    scope = Scope(organization_id=ns.other_org.pk)
    result = figures.outcomes(Q1, scope)
    assert (result["served"], result["worked"], result["job_starts"]) == (1, 1, 1)
