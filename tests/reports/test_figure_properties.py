"""Properties that hold for any data: the employment rate is between 0 and 100, nobody works
who was not served, and every number is the length of the list behind it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.accounts.models import Role
from crm.candidates.models import JobSeeker
from crm.placements.models import Placement
from crm.reports.periods import Period, Scope
from crm.reports.selectors import figures
from tests.factories import EmployerFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=500)
person = st.tuples(days, st.one_of(st.none(), days), st.one_of(st.none(), days))
job = st.tuples(st.integers(0, 7), days, st.one_of(st.none(), days), st.booleans())


@given(
    people=st.lists(person, min_size=1, max_size=8),
    jobs=st.lists(job, max_size=10),
    start=days,
    length=st.integers(0, 200),
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_rate_between_0_and_100_and_worked_at_most_served(people, jobs, start, length):
    org = OrganizationFactory(name="Ominaisuudet")
    coach = UserFactory(organization=org, role=Role.COACH)
    employer = EmployerFactory(organization=org)
    seekers = []
    for referred, intake, exit_after in people:
        referred_on = BASE + timedelta(days=referred)
        intake_on = referred_on + timedelta(days=intake) if intake is not None else None
        exited_on = (intake_on or referred_on) + timedelta(days=exit_after) if exit_after else None
        seekers.append(
            JobSeeker.objects.create(
                organization=org,
                first_name="P",
                last_name="Q",
                referral_source="self",
                referred_on=referred_on,
                intake_on=intake_on,
                exited_on=exited_on,
                exit_reason="other" if exited_on else "",
                status="exited" if exited_on else "job_search",
                coach=coach,
            )
        )
    for index, start_day, length_days, competitive in jobs:
        start_on = BASE + timedelta(days=start_day)
        Placement.objects.create(
            organization=org,
            candidate=seekers[index % len(seekers)],
            employer=employer,
            job_title="Työ",
            start_on=start_on,
            ended_on=start_on + timedelta(days=length_days) if length_days is not None else None,
            hours_per_week=Decimal("20"),
            contract_type="permanent",
            competitive=competitive,
        )
    period = Period(BASE + timedelta(days=start), BASE + timedelta(days=start + length))
    scope = Scope(organization_id=org.pk)
    result = figures.outcomes(period, scope)

    assert result["worked"] <= result["served"]
    if result["served"]:
        assert Decimal(0) <= result["employment_rate"] <= Decimal(100)
    else:
        assert result["employment_rate"] is None
    assert result["competitive_job_starts"] <= result["job_starts"]
    assert result["first_jobs"] <= result["competitive_job_starts"]
    for name in ("served", "worked", "job_starts", "first_jobs", "job_endings"):
        assert result[name] == figures.figure_list(name, period, scope).count(), name
    assert sum(result["job_endings_by_reason"].values()) == result["job_endings"]
    Placement.objects.filter(organization=org).delete()
    JobSeeker.objects.filter(organization=org).delete()
