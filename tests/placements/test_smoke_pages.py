import pytest
from django.urls import reverse

from tests.factories import create_job_seeker, create_placement

pytestmark = pytest.mark.django_db


def test_pages(alice, client_for):
    seeker = create_job_seeker(coach=alice)
    placement = create_placement(candidate=seeker)
    c = client_for(alice)
    for url in [
        reverse("placement_list"),
        reverse("placement_detail", args=[placement.pk]),
        reverse("placement_edit", args=[placement.pk]),
        reverse("placement_end", args=[placement.pk]),
        reverse("candidate_placements", args=[seeker.pk]),
        reverse("placement_create", args=[seeker.pk]),
        reverse("placement_create", args=[seeker.pk]) + f"?employer={placement.employer_id}",
        reverse("placement_employer_picker", args=[seeker.pk]) + "?q=saim",
        reverse("placement_competitive_hint") + "?pay_subsidy=reduced_work_ability",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.content.decode()[:3000])
    r = c.post(
        reverse("support_contact_add", args=[placement.pk]),
        {"occurred_on": "2026-12-04", "with_whom": "employer", "channel": "phone"},
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    r = c.post(
        reverse("support_contact_add", args=[placement.pk]),
        {"occurred_on": "2030-12-04", "with_whom": "employer", "channel": "phone"},
    )
    assert r.status_code == 422
    r = c.post(
        reverse("check_in_add", args=[placement.pk]),
        {"checked_on": "2026-12-04", "respondent": "worker", "score": "4"},
    )
    assert r.status_code == 302
    r = c.post(
        reverse("placement_plan", args=[placement.pk]),
        {"version": placement.version, "cadence": "monthly"},
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    r = c.get(reverse("placement_detail", args=[placement.pk]))
    assert r.status_code == 200
