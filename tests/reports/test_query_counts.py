"""The figures are aggregates in the database: the number of queries does not grow with the
number of people, jobs or contacts (nor do the report page's)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.candidates.models import JobSeeker
from crm.employers.models import EmployerContact
from crm.placements.models import Placement, SupportContact
from crm.reports.periods import Period, Scope
from crm.reports.selectors import figures
from crm.reports.selectors.report import quarter_series
from tests.reports import dataset

pytestmark = pytest.mark.django_db

Q1 = Period(dataset.Q1_START, dataset.Q1_END)


def grow(ns, n: int) -> None:
    """n more people, each with a job, a support contact and an employer contact."""
    people = JobSeeker.objects.bulk_create(
        JobSeeker(
            organization=ns.org,
            first_name=f"Lisä{i}",
            last_name="Henkilö",
            referral_source="self",
            referred_on=dataset.d("2025-12-01"),
            intake_on=dataset.d("2026-01-05") + timedelta(days=i % 60),
            status="job_search",
            coach=(ns.alice, ns.bob, ns.carol)[i % 3],
        )
        for i in range(n)
    )
    jobs = Placement.objects.bulk_create(
        Placement(
            organization=ns.org,
            candidate=person,
            employer=ns.e1,
            job_title=f"Tehtävä {i % 7}",
            start_on=dataset.d("2026-01-10") + timedelta(days=i % 70),
            hours_per_week=Decimal("20"),
            contract_type="permanent",
            competitive=bool(i % 2),
        )
        for i, person in enumerate(people)
    )
    SupportContact.objects.bulk_create(
        SupportContact(
            organization=ns.org,
            placement=job,
            occurred_on=job.start_on + timedelta(days=1),
            with_whom="worker",
            channel="face_to_face",
        )
        for job in jobs
    )
    contacts = EmployerContact.objects.bulk_create(
        EmployerContact(
            organization=ns.org,
            employer=ns.e2,
            user=ns.alice,
            occurred_at=dataset.local(2026, 2, 1, 9) + timedelta(hours=i),
            channel="face_to_face",
            purpose="introduction",
            summary="Käynti",
        )
        for i in range(n)
    )
    through = EmployerContact.candidates.through
    through.objects.bulk_create(
        through(employercontact_id=c.pk, jobseeker_id=p.pk)
        for c, p in zip(contacts, people, strict=True)
    )


def count(callable_) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_figures_take_the_same_number_of_queries_at_any_size():
    ns = dataset.build()
    scope = Scope(organization_id=ns.org.pk)
    small = [
        count(lambda: figures.outcomes(Q1, scope)),
        count(lambda: figures.indicators(Q1, scope)),
        count(lambda: quarter_series(scope, ending=Q1)),
    ]
    grow(ns, 300)
    large = [
        count(lambda: figures.outcomes(Q1, scope)),
        count(lambda: figures.indicators(Q1, scope)),
        count(lambda: quarter_series(scope, ending=Q1)),
    ]
    assert small == large
    assert small[0] <= 14 and small[1] <= 10 and small[2] == 2


def test_the_report_page_takes_the_same_number_of_queries(client_for):
    ns = dataset.build()
    client = client_for(ns.lead)
    url = "/reports/outcomes/?start=2026-01-01&end=2026-03-31"
    client.get(url)  # warm caches (sessions, permissions)
    small = count(lambda: client.get(url))
    grow(ns, 200)
    assert count(lambda: client.get(url)) == small
