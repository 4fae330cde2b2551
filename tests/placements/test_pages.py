"""The placement pages and what placements shows on other pages (panels, My day, digest)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import Role
from crm.core.tasks import send_daily_digest
from crm.employers.models import EmployerContact
from crm.matching.models import Proposal
from crm.placements.models import Placement
from crm.placements.selectors.placements import employer_jobs
from crm.placements.services.placements import end_placement
from tests.factories import (
    EmployerFactory,
    OpeningFactory,
    create_job_seeker,
    create_placement,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def job_form(**fields):
    return {
        "job_title": "Varastotyöntekijä",
        "start_on": TODAY.isoformat(),
        "hours_per_week": "37.5",
        "hourly_wage": "13.20",
        "contract_type": "permanent",
        "pay_subsidy": "none",
        "competitive": "on",
        "support_cadence": "ips_default",
        **fields,
    }


def test_record_a_job_start_from_a_hired_proposal(seeker, alice, org, client_for):
    opening = OpeningFactory(employer=EmployerFactory(organization=org), title="Kassatyöntekijä")
    proposal = Proposal.objects.create(
        organization=org, job_seeker=seeker, opening=opening, status="hired"
    )
    client = client_for(alice)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    create_url = reverse("placement_create", args=[seeker.pk]) + f"?proposal={proposal.pk}"
    assert create_url.replace("&", "&amp;") in page or create_url in page

    form = client.get(create_url)
    assert form.status_code == 200
    assert form.context["form"].initial["job_title"] == "Kassatyöntekijä"
    assert form.context["form"].initial["opening"] == opening.pk

    response = client.post(
        create_url,
        job_form(
            employer=opening.employer_id,
            opening=opening.pk,
            job_title="Kassatyöntekijä",
            proposal=proposal.pk,
            mark_opening_filled="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    placement = Placement.objects.get()
    assert (placement.proposal, placement.opening) == (proposal, opening)
    opening.refresh_from_db()
    assert opening.status == "filled"
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert reverse("placement_detail", args=[placement.pk]) in page


def test_record_a_job_the_person_found_by_picking_the_employer(seeker, alice, employer, client_for):
    client = client_for(alice)
    picker = client.get(
        reverse("placement_employer_picker", args=[seeker.pk]) + "?q=saimaan varas",
        headers={"hx-request": "true"},
    )
    assert "Saimaan Varasto Oy" in picker.content.decode()
    url = reverse("placement_create", args=[seeker.pk]) + f"?employer={employer.pk}"
    refused = client.post(url, job_form(employer=employer.pk, hours_per_week="61"))
    assert refused.status_code == 422
    assert refused.context["form"].errors["hours_per_week"]
    assert not Placement.objects.exists()
    assert client.post(url, job_form(employer=employer.pk)).status_code == 302
    assert Placement.objects.get().hours_per_week == 37.5


def test_the_ui_warns_about_a_second_job_at_the_same_employer(seeker, alice, employer, client_for):
    create_placement(candidate=seeker, employer=employer)
    client = client_for(alice)
    url = reverse("placement_create", args=[seeker.pk]) + f"?employer={employer.pk}"
    warned = client.post(url, job_form(employer=employer.pk))
    assert warned.status_code == 409
    assert "confirm_duplicate" in warned.content.decode()
    assert Placement.objects.count() == 1
    confirmed = client.post(url, job_form(employer=employer.pk, confirm_duplicate="on"))
    assert confirmed.status_code == 302
    assert Placement.objects.count() == 2


def test_a_support_contact_with_the_employer_shows_in_the_employer_contact_log(
    seeker, alice, employer, client_for
):
    placement = create_placement(candidate=seeker, employer=employer, start_on=TODAY)
    client = client_for(alice)
    response = client.post(
        reverse("support_contact_add", args=[placement.pk]),
        {"occurred_on": TODAY.isoformat(), "with_whom": "employer", "channel": "face_to_face"},
    )
    assert response.status_code == 302
    contact = EmployerContact.objects.get(purpose="support")
    page = client.get(reverse("employer_detail", args=[employer.pk])).content.decode()
    assert contact.summary in page
    assert seeker.full_name in page  # named for the coach team


def test_the_employer_page_shows_numbers_to_all_and_names_to_the_coach_team(
    seeker, alice, bob, employer, make_user, client_for
):
    create_placement(candidate=seeker, employer=employer)
    ended = create_placement(
        candidate=create_job_seeker(coach=alice),
        employer=employer,
        start_on=TODAY - timedelta(days=100),
    )
    end_placement(placement=ended, by=alice, ended_on=TODAY - timedelta(days=10), end_reason="quit")
    url = reverse("employer_detail", args=[employer.pk])

    mine = client_for(alice).get(url)
    jobs = mine.content.decode()
    assert 'id="jobs"' in jobs
    assert seeker.full_name in jobs
    for viewer in (make_user(role=Role.RELATIONS), bob, make_user(role=Role.LEAD)):
        text = client_for(viewer).get(url).content.decode()
        assert 'id="jobs"' in text  # the figures
        assert seeker.full_name not in text, viewer.role
    jobs = employer_jobs(user=alice, employer=employer)
    assert (jobs.current, jobs.ended, jobs.people) == (1, 1, 2)
    assert jobs.average_days == 50  # (10 + 90) / 2


def test_my_day_lists_overdue_support_first_and_clears_after_a_contact(
    seeker, alice, employer, client_for
):
    late = create_placement(
        candidate=seeker, employer=employer, start_on=TODAY - timedelta(days=20)
    )
    Placement.objects.filter(pk=late.pk).update(next_support_due_on=TODAY - timedelta(days=4))
    other = create_job_seeker(coach=alice, first_name="Ville", last_name="Viikko")
    create_placement(candidate=other, employer=employer, start_on=TODAY, confirm_duplicate=True)
    client = client_for(alice)
    page = client.get(reverse("my_day"))
    rows = page.context["support_due"]
    assert [p.candidate for p in rows] == [seeker, other]
    assert rows[0].overdue and not rows[1].overdue

    client.post(
        reverse("support_contact_add", args=[late.pk]),
        {"occurred_on": TODAY.isoformat(), "with_whom": "worker", "channel": "phone"},
    )
    rows = client.get(reverse("my_day")).context["support_due"]
    assert seeker not in [p.candidate for p in rows if p.overdue]


def test_the_digest_has_a_support_section(seeker, alice, employer):
    placement = create_placement(candidate=seeker, employer=employer)
    Placement.objects.filter(pk=placement.pk).update(next_support_due_on=TODAY - timedelta(days=2))
    assert send_daily_digest(alice.pk, TODAY.isoformat())
    body = mail.outbox[0].body
    assert seeker.full_name in body
    assert "Saimaan Varasto Oy" in body


def test_the_person_page_shows_the_current_job_and_the_jobs_tab(
    seeker, alice, employer, client_for
):
    placement = create_placement(candidate=seeker, employer=employer)
    client = client_for(alice)
    overview = client.get(reverse("candidate_detail", args=[seeker.pk])).content.decode()
    assert reverse("placement_detail", args=[placement.pk]) in overview
    assert reverse("candidate_placements", args=[seeker.pk]) in overview
    tab = client.get(reverse("candidate_placements", args=[seeker.pk])).content.decode()
    assert placement.job_title in tab


def test_ending_a_job_on_its_page(seeker, alice, employer, client_for):
    placement = create_placement(candidate=seeker, employer=employer)
    client = client_for(alice)
    url = reverse("placement_end", args=[placement.pk])
    refused = client.post(
        url, {"ended_on": (TODAY + timedelta(days=2)).isoformat(), "end_reason": "quit"}
    )
    assert refused.status_code == 422
    assert refused.context["form"].errors["ended_on"]
    done = client.post(
        url, {"ended_on": TODAY.isoformat(), "end_reason": "dismissed", "note": "Opittiin."}
    )
    assert done.status_code == 302
    seeker.refresh_from_db()
    assert seeker.status == "job_search"


def test_editing_with_a_stale_version_shows_the_conflict(seeker, alice, employer, client_for):
    placement = create_placement(candidate=seeker, employer=employer)
    client = client_for(alice)
    url = reverse("placement_edit", args=[placement.pk])
    data = job_form(employer=employer.pk, version=placement.version)
    Placement.objects.filter(pk=placement.pk).update(version=placement.version + 1)
    response = client.post(url, data)
    assert response.status_code == 409
    assert response.context["conflict"]
