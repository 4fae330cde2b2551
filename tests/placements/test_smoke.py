import pytest

from tests.factories import create_job_seeker, create_placement

pytestmark = pytest.mark.django_db


def test_smoke(alice, api_for):
    seeker = create_job_seeker(coach=alice)
    placement = create_placement(candidate=seeker)
    client = api_for(alice)
    r = client.get("/api/v1/placements")
    print(r.json())
    assert r.status_code == 200
    r = client.get(f"/api/v1/placements/{placement.pk}/plan")
    print(r.json())
    assert r.status_code == 200
    r = client.post(
        f"/api/v1/placements/{placement.pk}/support-contacts",
        {
            "occurred_on": "2026-12-01",
            "with_whom": "both",
            "channel": "message",
            "topics": ["tasks"],
            "notes": "x",
        },
        content_type="application/json",
    )
    print(r.json())
    assert r.status_code == 201
    r = client.get(f"/api/v1/placements/{placement.pk}/support-contacts")
    print(r.json())
    r = client.post(
        f"/api/v1/placements/{placement.pk}/end",
        {"ended_on": "2026-12-04", "end_reason": "quit"},
        content_type="application/json",
    )
    print(r.json())
    assert r.status_code == 200
