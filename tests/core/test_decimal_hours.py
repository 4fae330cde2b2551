"""Hours are decimals everywhere (issue 10): 37.5 h/week through the UI, the API and matching
for openings, profile preferences and placements (crm/core/hours.py is the one definition)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from crm.candidates.services.profile import save_profile
from crm.core.hours import hours_text
from crm.employers.models import Opening
from crm.employers.services.openings import create_opening
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="Saimaan Varasto Oy", industry="H")


@pytest.fixture
def seeker(alice):
    return create_job_seeker(coach=alice, first_name="Kaisa", last_name="Koski")


def errors(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    found: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        found.setdefault(error["loc"][-1], []).append(error["msg"])
    return found


def test_hours_are_written_as_people_write_them():
    with translation.override("fi"):
        assert hours_text(Decimal("37.5")) == "37,5"
        assert hours_text(Decimal("30.0")) == "30"
    with translation.override("en"):
        assert hours_text(37.5) == "37.5"
    assert hours_text(None) == ""


# Openings ------------------------------------------------------------------------------------


def test_an_opening_of_37_5_hours_through_the_api(employer, alice, api_for):
    api = api_for(alice)
    body = {"employer_id": employer.pk, "title": "Varastotyöntekijä", "hours_per_week": 37.5}
    response = api.post("/api/v1/openings", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["hours_per_week"] == 37.5
    opening = Opening.objects.get()
    assert opening.hours_per_week == Decimal("37.5")

    patched = api.patch(
        f"/api/v1/openings/{opening.pk}",
        {"version": opening.version, "hours_per_week": 32.5},
        content_type="application/json",
    )
    assert patched.json()["hours_per_week"] == 32.5


@pytest.mark.parametrize("hours", [0.4, 37.55, 60.1])
def test_an_opening_with_hours_outside_the_rule_is_refused(employer, alice, api_for, hours):
    body = {"employer_id": employer.pk, "title": "Varastotyöntekijä", "hours_per_week": hours}
    response = api_for(alice).post("/api/v1/openings", body, content_type="application/json")
    assert "hours_per_week" in errors(response)
    assert not Opening.objects.exists()


def test_an_opening_of_37_5_hours_through_the_form(employer, alice, client_for):
    client = client_for(alice)
    data = {"title": "Varastotyöntekijä", "positions": 1, "status": "open"}
    response = client.post(
        reverse("opening_create", args=[employer.pk]), data | {"hours_per_week": "37.5"}
    )
    assert response.status_code == 302
    opening = Opening.objects.get()
    assert opening.hours_per_week == Decimal("37.5")
    page = client.get(reverse("opening_detail", args=[opening.pk])).content.decode()
    assert "37,5" in page  # Finnish: a decimal comma
    refused = client.post(
        reverse("opening_create", args=[employer.pk]), data | {"hours_per_week": "37.55"}
    )
    assert refused.status_code == 422
    assert Opening.objects.count() == 1


# Profile preferences ----------------------------------------------------------------------


def test_profile_hours_of_37_5_through_the_api(seeker, alice, api_for):
    api = api_for(alice)
    url = f"/api/v1/candidates/{seeker.pk}/profile"
    body = {"version": seeker.profile.version, "preferences": {"hours_min": 30, "hours_max": 37.5}}
    response = api.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["preferences"]["hours_max"] == 37.5
    seeker.profile.refresh_from_db()
    assert seeker.profile.hours_max == Decimal("37.5")

    bad = {"version": seeker.profile.version, "preferences": {"hours_min": 37.55}}
    assert "preferences.hours_min" in errors(api.put(url, bad, content_type="application/json"))


def test_profile_hours_of_37_5_through_the_form(seeker, alice, client_for):
    client = client_for(alice)
    response = client.post(
        reverse("candidate_profile_edit", args=[seeker.pk]),
        {
            "version": seeker.profile.version,
            "disclosure": "decide_per_employer",
            "hours_min": "30",
            "hours_max": "37.5",
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    seeker.profile.refresh_from_db()
    assert (seeker.profile.hours_min, seeker.profile.hours_max) == (Decimal("30"), Decimal("37.5"))


# Matching ---------------------------------------------------------------------------------


def test_matching_uses_decimal_hours_as_they_are(employer, alice, api_for):
    alice.language = "en"
    alice.save(update_fields=["language"])
    opening = create_opening(
        employer=employer,
        by=alice,
        title="Varastotyöntekijä",
        occupation="Varastotyöntekijä",
        hours_per_week=Decimal("37.5"),
        municipality="Lappeenranta",
    )
    full_time = create_job_seeker(coach=alice, first_name="Kaisa")
    save_profile(
        job_seeker=full_time,
        by=alice,
        version=full_time.profile.version,
        hours_min=Decimal("30"),
        hours_max=Decimal("37.5"),
    )
    part_time = create_job_seeker(coach=alice, first_name="Olli")
    save_profile(
        job_seeker=part_time,
        by=alice,
        version=part_time.profile.version,
        hours_min=Decimal("20"),
        hours_max=Decimal("30"),
    )

    body = api_for(alice).get(f"/api/v1/openings/{opening.pk}/matches").json()
    hours = {
        item["candidate_id"]: next(c for c in item["components"] if c["name"] == "hours")
        for item in body["items"]
    }
    assert hours[full_time.pk]["score"] == 100
    assert hours[full_time.pk]["reason"] == "Prefers 30–37.5 h/week, the opening is 37.5 h ✓"
    # 7.5 hours over the person's range at the default 5 points per hour: 100 - 37.5.
    assert hours[part_time.pk]["score"] in (62, 63)
    assert hours[part_time.pk]["reason"] == "Prefers 20–30 h/week, the opening is 37.5 h"
