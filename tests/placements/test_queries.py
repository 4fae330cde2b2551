"""My day, the placements list, a placement page and `GET /api/v1/placements` cost a constant
number of queries: the same at 10 and at 1,000 placements (and however many contacts)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.candidates.models import JobSeeker
from crm.placements.models import Placement, SupportContact
from tests.factories import create_placement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def add_placements(seeker, employer, n: int) -> None:
    """`n` more people on the coach's caseload with a job each, half of them overdue, and
    three support contacts per job (bulk: the services are tested elsewhere)."""
    people = JobSeeker.objects.bulk_create(
        JobSeeker(
            organization_id=seeker.organization_id,
            first_name="Bulk",
            last_name=f"Henkilö {i}",
            referral_source="self",
            referred_on=TODAY - timedelta(days=200),
            coach_id=seeker.coach_id,
            team_id=seeker.team_id,
            status="working",
            search_key=f"bulk henkilo {i}",
        )
        for i in range(n)
    )
    placements = Placement.objects.bulk_create(
        Placement(
            organization_id=seeker.organization_id,
            candidate=person,
            employer=employer,
            job_title="Siivooja",
            start_on=TODAY - timedelta(days=60 + i % 30),
            hours_per_week=Decimal("37.5"),
            contract_type="permanent",
            competitive=True,
            next_support_due_on=TODAY + timedelta(days=(i % 10) - 5),
        )
        for i, person in enumerate(people)
    )
    SupportContact.objects.bulk_create(
        SupportContact(
            organization_id=seeker.organization_id,
            placement=placement,
            occurred_on=TODAY - timedelta(days=10 * k),
            with_whom="worker",
            channel="phone",
            notes="Muistiinpano",
        )
        for placement in placements
        for k in range(3)
    )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


@pytest.fixture
def world(seeker, employer, alice, client_for, api_for):
    placement = create_placement(candidate=seeker, employer=employer)
    return placement, client_for(alice), api_for(alice)


PAGES = {
    "my day": lambda p: reverse("my_day"),
    "placements list": lambda p: reverse("placement_list"),
    "placements list, overdue": lambda p: reverse("placement_list") + "?due=overdue&q=bulk",
    "placement page": lambda p: reverse("placement_detail", args=[p.pk]),
    "API list": lambda p: "/api/v1/placements?limit=100",
    "API list, filtered": lambda p: "/api/v1/placements?active=true&due=week&limit=100",
    "API support contacts": lambda p: f"/api/v1/placements/{p.pk}/support-contacts",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_constant_queries_from_10_to_1000_placements(world, seeker, employer, name):
    placement, page_client, api_client = world
    client = api_client if PAGES[name](placement).startswith("/api/") else page_client
    url = PAGES[name](placement)
    add_placements(seeker, employer, 9)
    count(client, url)  # warm caches (permissions, sessions)
    at_10 = count(client, url)
    add_placements(seeker, employer, 990)
    assert Placement.objects.count() == 1000
    at_1000 = count(client, url)
    assert at_10 == at_1000, f"{name}: {at_10} queries at 10, {at_1000} at 1,000"


def test_a_placement_page_does_not_grow_with_its_contacts(world):
    placement, client, _api = world
    url = reverse("placement_detail", args=[placement.pk])
    before = count(client, url)
    SupportContact.objects.bulk_create(
        SupportContact(
            organization_id=placement.organization_id,
            placement=placement,
            occurred_on=TODAY - timedelta(days=k % 9),
            with_whom="both",
            channel="video",
        )
        for k in range(40)
    )
    assert count(client, url) == before
