"""Caseload, lists, the job seeker record, status, transfer, milestones and follow-ups pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from crm.accounts.models import AuditEvent, Role
from crm.accounts.services import add_team_member
from crm.candidates.models import CoachTransfer, JobSeeker, Milestone, Status
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.notes import add_case_note
from crm.candidates.services.records import change_status, update_job_seeker
from crm.employers.models import FollowUp
from tests.factories import EmployerContactFactory, TeamFactory, create_job_seeker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
VALID_HETU = "131052-308T"  # DDMMYY-NNNQ with a correct check character (DOMAIN.md example)


@pytest.fixture
def english(client_for):
    def make(user):
        user.language = "en"
        user.save(update_fields=["language"])
        return client_for(user)

    return make


@pytest.fixture
def teams(org, alice, bob):
    """Alice and Bob coach in different teams of the same organisation."""
    for user, (first, last) in ((alice, ("Alice", "Ahonen")), (bob, ("Bob", "Berg"))):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    add_team_member(team=north, user=alice)
    add_team_member(team=south, user=bob)
    return north, south


@pytest.fixture
def aino(alice, teams):
    return create_job_seeker(
        coach=alice,
        first_name="Aino",
        last_name="Mäkelä",
        phone="0401234567",
        henkilotunnus=VALID_HETU,
    )


@pytest.fixture
def pekka(bob, teams):
    return create_job_seeker(coach=bob, first_name="Pekka", last_name="Virtanen")


@pytest.fixture
def lead(make_user):
    return make_user(role=Role.LEAD, username="leena")


def _note(seeker, by, days_ago):
    add_case_note(
        job_seeker=seeker, by=by, text="Tapaaminen", written_on=TODAY - timedelta(days=days_ago)
    )


def _face_to_face(seeker, by, days_after_intake):
    contact = EmployerContactFactory(
        employer__organization=seeker.organization,
        user=by,
        occurred_at=timezone.now()
        - timedelta(days=(TODAY - seeker.intake_on).days - days_after_intake),
    )
    contact.candidates.add(seeker)
    return contact


# Caseload -----------------------------------------------------------------------------------


class TestCaseload:
    def test_it_lists_the_coachs_own_active_people_by_name(self, alice, bob, english):
        create_job_seeker(coach=alice, first_name="Veera", last_name="Virta")
        create_job_seeker(coach=alice, first_name="Aino", last_name="Aalto")
        create_job_seeker(coach=alice, first_name="Eero", last_name="Taukonen", status="paused")
        create_job_seeker(coach=alice, first_name="Ulla", last_name="Lopettanut", status="exited")
        create_job_seeker(coach=bob, first_name="Pekka", last_name="Bobinen")

        html = english(alice).get(reverse("candidate_caseload")).content.decode()

        assert html.index("Aalto, Aino") < html.index("Virta, Veera")
        for absent in ("Taukonen", "Lopettanut", "Bobinen"):
            assert absent not in html
        assert "2 / 20" in html

    def test_it_can_include_paused_and_exited_people(self, alice, english):
        create_job_seeker(coach=alice, last_name="Taukonen", status="paused")
        create_job_seeker(coach=alice, last_name="Lopettanut", status="exited")

        html = english(alice).get(reverse("candidate_caseload"), {"include_inactive": "on"})

        assert "Taukonen" in html.content.decode() and "Lopettanut" in html.content.decode()

    def test_it_flags_people_without_recent_contact(self, alice, english):
        recent = create_job_seeker(coach=alice, last_name="Tuore")
        stale = create_job_seeker(coach=alice, last_name="Vanha")
        create_job_seeker(coach=alice, last_name="Koskematon")
        _note(recent, alice, 3)
        _note(stale, alice, 20)

        html = english(alice).get(reverse("candidate_caseload")).content.decode()

        assert "3 days ago" in html
        assert "20 days ago" in html and "Over 14 days" in html
        assert "No contact recorded" in html
        assert html.count("Over 14 days") == 1

    def test_it_marks_overdue_follow_ups_in_text(self, alice, english):
        seeker = create_job_seeker(coach=alice, last_name="Myöhässä")
        FollowUp.objects.create(
            organization=alice.organization,
            user=alice,
            job_seeker=seeker,
            title="Soita",
            due_on=TODAY - timedelta(days=2),
        )

        html = english(alice).get(reverse("candidate_caseload")).content.decode()

        assert (TODAY - timedelta(days=2)).strftime("%-d.%-m.%Y") in html
        assert "Overdue" in html

    def test_it_flags_a_first_employer_contact_after_30_days(self, alice, english):
        late = create_job_seeker(coach=alice, last_name="Myöhäinen")
        quick = create_job_seeker(coach=alice, last_name="Nopea")
        _face_to_face(late, alice, 40)
        _face_to_face(quick, alice, 10)

        html = english(alice).get(reverse("candidate_caseload")).content.decode()

        assert "40 days" in html and "10 days" in html
        assert html.count("Over 30 days") == 1

    def test_it_warns_when_over_the_ips_limit(self, alice, english):
        for _ in range(21):
            create_job_seeker(coach=alice)

        html = english(alice).get(reverse("candidate_caseload")).content.decode()

        assert "21 / 20" in html
        assert "over the IPS limit" in html

    def test_it_filters_and_searches(self, alice, english):
        create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä", status="working")
        create_job_seeker(coach=alice, first_name="Ville", last_name="Niemi")
        client = english(alice)

        by_status = client.get(reverse("candidate_caseload"), {"status": "working"})
        by_name = client.get(reverse("candidate_caseload"), {"q": "mäkelä"})

        assert "Mäkelä, Aino" in by_status.content.decode()
        assert "Niemi, Ville" not in by_status.content.decode()
        assert "Mäkelä, Aino" in by_name.content.decode()
        assert "Niemi, Ville" not in by_name.content.decode()

    def test_htmx_gets_only_the_results(self, alice, english):
        create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")

        response = english(alice).get(reverse("candidate_caseload"), headers={"HX-Request": "true"})

        html = response.content.decode()
        assert 'id="results"' in html and "Mäkelä, Aino" in html
        assert "<html" not in html

    def test_leads_and_admins_are_sent_to_the_list_of_everyone(self, make_user, client_for):
        for role in (Role.LEAD, Role.ADMIN):
            response = client_for(make_user(role=role)).get(reverse("candidate_caseload"))
            assert response.status_code == 302
            assert response.url == reverse("candidate_list")

    def test_relations_staff_get_403(self, make_user, client_for):
        client = client_for(make_user(role=Role.RELATIONS))
        for name in ("candidate_caseload", "candidate_list", "candidate_create"):
            assert client.get(reverse(name)).status_code == 403

    def test_it_costs_the_same_queries_for_5_or_30_people(self, alice, bob, english):
        def count() -> int:
            client = english(alice)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("candidate_caseload")).status_code == 200
            return len(queries)

        for _ in range(5):
            seeker = create_job_seeker(coach=alice)
            _note(seeker, alice, 2)
        few = count()
        for _ in range(25):
            seeker = create_job_seeker(coach=alice)
            _note(seeker, alice, 2)
            _face_to_face(seeker, alice, 5)
        assert count() == few


# All job seekers ---------------------------------------------------------------------------


class TestList:
    def test_a_coach_sees_only_name_coach_and_status_of_other_teams(
        self, alice, aino, pekka, english
    ):
        _note(pekka, pekka.coach, 30)

        html = english(alice).get(reverse("candidate_list")).content.decode()

        assert "Virtanen, Pekka" in html and "Mäkelä, Aino" in html
        assert html.count("Only name, coach and status are shown to you.") == 1
        assert "30 days ago" not in html

    def test_a_lead_sees_the_figures_of_everyone(self, lead, aino, pekka, english):
        _note(pekka, pekka.coach, 30)

        html = english(lead).get(reverse("candidate_list")).content.decode()

        assert "Only name, coach and status" not in html
        assert "30 days ago" in html

    def test_a_coach_cannot_filter_others_by_municipality(self, alice, aino, pekka, english):
        response = english(alice).get(reverse("candidate_list"), {"municipality": "Helsinki"})

        assert "Virtanen, Pekka" in response.content.decode()  # the filter is ignored, not applied
        assert 'name="municipality"' not in response.content.decode()

    def test_it_filters_by_coach(self, alice, bob, aino, pekka, english):
        html = english(alice).get(reverse("candidate_list"), {"coach": bob.pk}).content.decode()

        assert "Virtanen, Pekka" in html and "Mäkelä, Aino" not in html


# The record -------------------------------------------------------------------------------


class TestDetail:
    def test_the_coach_team_sees_the_record_and_the_masked_identity_code(
        self, alice, aino, english
    ):
        html = english(alice).get(reverse("candidate_detail", args=[aino.pk])).content.decode()

        assert "131052-****" in html
        assert VALID_HETU not in html
        assert "Record a milestone" in html and "Change status" in html
        assert reverse("candidate_notes", args=[aino.pk]) in html
        assert 'aria-current="page"' in html

    def test_a_coach_of_another_team_sees_only_the_header(self, bob, aino, english):
        response = english(bob).get(reverse("candidate_detail", args=[aino.pk]))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Mäkelä" in html and "Job search" in html
        assert "You can see only this person's name, coach and status" in html
        for hidden in ("0401234567", "+358", "131052", "IPS milestones", "Record a milestone"):
            assert hidden not in html
        assert reverse("candidate_profile", args=[aino.pk]) not in html
        assert reverse("candidate_notes", args=[aino.pk]) not in html

    def test_a_lead_sees_the_record_but_cannot_change_it(self, lead, aino, english):
        html = english(lead).get(reverse("candidate_detail", args=[aino.pk])).content.decode()

        assert "IPS milestones" in html and "Referral source" in html
        assert "131052" not in html
        assert "Record a milestone" not in html and "Change status" not in html
        assert reverse("candidate_notes", args=[aino.pk]) not in html
        assert reverse("candidate_profile", args=[aino.pk]) in html

    def test_relations_get_403_and_other_organisations_404(
        self, make_user, charlie, aino, client_for
    ):
        relations = client_for(make_user(role=Role.RELATIONS))
        url = reverse("candidate_detail", args=[aino.pk])

        assert relations.get(url).status_code == 403
        assert client_for(charlie).get(url).status_code == 404
        assert client_for(charlie).get(reverse("candidate_edit", args=[aino.pk])).status_code == 404

    def test_the_timeline_marks_derived_entries_and_the_30_day_flag(self, alice, aino, english):
        _face_to_face(aino, alice, 35)
        record_milestone(
            job_seeker=aino, by=alice, kind="benefits_counselling", reached_on=aino.intake_on
        )

        html = english(alice).get(reverse("candidate_detail", args=[aino.pk])).content.decode()

        assert "from the contact log" in html and "from the record" in html
        assert "Benefits counselling" in html
        assert "Days from intake to first face-to-face employer contact: 35" in html
        assert "Over 30 days" in html

    def test_another_coach_cannot_post_changes(self, bob, aino, client_for):
        client = client_for(bob)
        post = {"kind": "benefits_counselling", "reached_on": TODAY.isoformat()}

        response = client.post(reverse("milestone_add", args=[aino.pk]), post)

        assert response.status_code == 403
        assert not Milestone.objects.exists()


# Adding a person -------------------------------------------------------------------------


def _new_person(coach, **extra):
    data = {
        "first_name": "Aino",
        "last_name": "Mäkelä",
        "birth_date": "1952-10-13",
        "referral_source": "typ",
        "referred_on": (TODAY - timedelta(days=10)).isoformat(),
        "intake_on": (TODAY - timedelta(days=5)).isoformat(),
        "coach": coach.pk,
        "status": "referred",
        "languages": ["fi", "sv"],
        "municipality": "lappeenranta",
    }
    return data | extra


class TestCreate:
    def test_a_coach_adds_a_person_to_their_caseload(self, alice, client_for):
        response = client_for(alice).post(reverse("candidate_create"), _new_person(alice))

        seeker = JobSeeker.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("candidate_detail", args=[seeker.pk])
        assert seeker.coach == alice and seeker.languages == ["fi", "sv"]
        assert seeker.municipality == "Lappeenranta"

    def test_a_probable_duplicate_is_shown_before_saving(self, alice, bob, english):
        create_job_seeker(
            coach=bob, first_name="Aino", last_name="Mäkelä", birth_date=date(1952, 10, 13)
        )
        client = english(alice)

        first = client.post(reverse("candidate_create"), _new_person(alice))

        html = first.content.decode()
        assert first.status_code == 422
        assert "is already a job seeker" in html and str(bob) in html
        assert "This is a different person — save anyway" in html
        assert JobSeeker.objects.count() == 1

        confirmed = client.post(
            reverse("candidate_create"), _new_person(alice, allow_duplicate="on")
        )
        assert confirmed.status_code == 302
        assert JobSeeker.objects.count() == 2

    def test_field_errors_come_from_the_record_rules(self, alice, english):
        data = _new_person(
            alice,
            referred_on=TODAY.isoformat(),
            intake_on=(TODAY - timedelta(days=3)).isoformat(),
        )

        response = english(alice).post(reverse("candidate_create"), data)

        assert response.status_code == 422
        assert "The intake cannot be before the referral." in response.content.decode()
        assert not JobSeeker.objects.exists()

    def test_a_wrong_identity_check_character_is_a_field_error(self, alice, english):
        data = _new_person(alice, henkilotunnus="131052-308A")

        response = english(alice).post(reverse("candidate_create"), data)

        html = response.content.decode()
        assert response.status_code == 422
        assert 'id="id_henkilotunnus_error"' in html
        assert not JobSeeker.objects.exists()

    def test_leads_cannot_add_people(self, lead, client_for):
        assert client_for(lead).get(reverse("candidate_create")).status_code == 403


# Status, transfer, edit -------------------------------------------------------------------


class TestChanges:
    def test_exit_without_reason_shows_a_field_error_and_saves_nothing(self, alice, aino, english):
        post = {"status": "exited", "exited_on": TODAY.isoformat(), "version": aino.version}

        response = english(alice).post(reverse("candidate_status", args=[aino.pk]), post)

        assert response.status_code == 422
        assert "Give the reason for the exit." in response.content.decode()
        aino.refresh_from_db()
        assert aino.status == Status.JOB_SEARCH

    def test_exit_with_reason_and_date_is_saved(self, alice, aino, client_for):
        post = {
            "status": "exited",
            "exited_on": TODAY.isoformat(),
            "exit_reason": "education",
            "version": aino.version,
        }

        response = client_for(alice).post(reverse("candidate_status", args=[aino.pk]), post)

        aino.refresh_from_db()
        assert response.status_code == 302
        assert (aino.status, aino.exit_reason, aino.exited_on) == ("exited", "education", TODAY)

    def test_a_stale_status_change_shows_the_conflict(self, alice, aino, english):
        stale = aino.version
        change_status(job_seeker=aino, by=alice, version=stale, status="working")
        post = {"status": "paused", "version": stale}

        response = english(alice).post(reverse("candidate_status", args=[aino.pk]), post)

        assert response.status_code == 409
        assert "Someone else changed this while you were editing" in response.content.decode()
        aino.refresh_from_db()
        assert aino.status == "working"

    def test_a_transfer_is_recorded(self, alice, bob, aino, english):
        post = {"to_coach": bob.pk, "reason": "Muutto Imatralle", "version": aino.version}

        response = english(alice).post(reverse("candidate_transfer", args=[aino.pk]), post)

        aino.refresh_from_db()
        transfer = CoachTransfer.objects.get()
        assert response.status_code == 302
        assert aino.coach == bob
        assert (transfer.from_coach, transfer.to_coach, transfer.by) == (alice, bob, alice)
        assert transfer.reason == "Muutto Imatralle"
        html = english(bob).get(reverse("candidate_detail", args=[aino.pk])).content.decode()
        assert "Muutto Imatralle" in html

    def test_a_stale_edit_shows_the_conflict_and_keeps_the_saved_version(
        self, alice, aino, english
    ):
        stale = aino.version
        update_job_seeker(job_seeker=aino, by=alice, version=stale, phone="0501112222")
        post = {
            "first_name": "Aino",
            "last_name": "Mäkelä",
            "referral_source": aino.referral_source,
            "referred_on": aino.referred_on.isoformat(),
            "phone": "0409999999",
            "version": stale,
        }

        response = english(alice).post(reverse("candidate_edit", args=[aino.pk]), post)

        html = response.content.decode()
        assert response.status_code == 409
        assert "Someone else changed this while you were editing" in html
        assert "Save my version" in html
        aino.refresh_from_db()
        assert aino.phone == "+358501112222"

    def test_an_edit_keeps_the_identity_code_when_left_empty(self, alice, aino, client_for):
        post = {
            "first_name": "Aino",
            "last_name": "Mäkelä-Virta",
            "referral_source": aino.referral_source,
            "referred_on": aino.referred_on.isoformat(),
            "version": aino.version,
        }

        response = client_for(alice).post(reverse("candidate_edit", args=[aino.pk]), post)

        aino.refresh_from_db()
        assert response.status_code == 302
        assert aino.last_name == "Mäkelä-Virta" and aino.henkilotunnus == VALID_HETU

    def test_a_milestone_and_a_follow_up_are_added(self, alice, aino, english):
        client = english(alice)

        client.post(
            reverse("milestone_add", args=[aino.pk]),
            {"kind": "job_search_plan", "reached_on": TODAY.isoformat(), "note": "Suunnitelma"},
        )
        client.post(
            reverse("candidate_follow_up_add", args=[aino.pk]),
            {"title": "Soita Ainolle", "due_on": (TODAY + timedelta(days=3)).isoformat()},
        )

        html = client.get(reverse("candidate_detail", args=[aino.pk])).content.decode()
        assert "Job search plan" in html and "Suunnitelma" in html
        assert "Soita Ainolle" in html
        assert FollowUp.objects.get().job_seeker == aino

    def test_a_future_milestone_is_a_field_error(self, alice, aino, english):
        post = {"kind": "job_start", "reached_on": (TODAY + timedelta(days=2)).isoformat()}

        response = english(alice).post(reverse("milestone_add", args=[aino.pk]), post)

        assert response.status_code == 422
        assert "A milestone cannot be in the future." in response.content.decode()
        assert not Milestone.objects.exists()


def test_the_coach_team_can_log_an_employer_contact_from_the_persons_page(alice, client_for):
    seeker = create_job_seeker(coach=alice)
    html = client_for(alice).get(reverse("candidate_detail", args=[seeker.pk])).content.decode()
    assert f"{reverse('contact_create_any')}?candidate={seeker.pk}" in html


def test_a_lead_does_not_see_follow_ups_about_the_person(alice, make_user, client_for):
    from crm.employers.services.follow_ups import create_follow_up

    seeker = create_job_seeker(coach=alice)
    create_follow_up(
        user=alice, due_on=seeker.referred_on, title="Soita lääkärille", job_seeker=seeker
    )
    lead = make_user(role="lead")
    html = client_for(lead).get(reverse("candidate_detail", args=[seeker.pk])).content.decode()
    assert "Soita lääkärille" not in html
    html = client_for(alice).get(reverse("candidate_detail", args=[seeker.pk])).content.decode()
    assert "Soita lääkärille" in html


@pytest.mark.parametrize("status", ["exited", "paused"])
def test_the_header_shows_the_last_contact_date_without_a_warning_when_not_active(
    status, alice, english
):
    seeker = create_job_seeker(coach=alice, last_name="Lopettanut", status=status)
    _note(seeker, alice, days_ago=40)

    html = english(alice).get(reverse("candidate_detail", args=[seeker.pk])).content.decode()

    head = html[html.index('<header class="page-head seeker-head">') :]
    head = head[: head.index("</header>")]
    assert "Last contact:" in head
    assert "40 days ago" not in head and "overdue" not in head


def test_the_header_warns_about_an_active_person_without_recent_contact(alice, english):
    seeker = create_job_seeker(coach=alice, last_name="Hakija", status="job_search")
    _note(seeker, alice, days_ago=40)

    html = english(alice).get(reverse("candidate_detail", args=[seeker.pk])).content.decode()

    head = html[html.index('<header class="page-head seeker-head">') :]
    head = head[: head.index("</header>")]
    assert '<span class="badge overdue">Last contact 40 days ago</span>' in head


# Transfer conflicts and removing the identity code -------------------------------------------


def test_the_transfer_page_shows_a_conflict(alice, bob, client_for):
    seeker = create_job_seeker(coach=alice)
    post = {"to_coach": bob.pk, "version": 99}

    response = client_for(alice).post(reverse("candidate_transfer", args=[seeker.pk]), post)

    assert response.status_code == 409
    assert gettext("Someone else changed this while you were editing") in response.content.decode()
    assert JobSeeker.objects.get(pk=seeker.pk).coach == alice


def test_the_coach_removes_the_identity_code(alice, client_for):
    seeker = create_job_seeker(coach=alice, henkilotunnus=VALID_HETU)
    form = client_for(alice).get(reverse("candidate_edit", args=[seeker.pk])).context["form"]
    post = {k: v for k, v in form.initial.items() if v is not None}
    post |= {
        "languages": ["fi"],
        "referred_on": seeker.referred_on.isoformat(),
        "intake_on": seeker.intake_on.isoformat(),
        "birth_date": seeker.birth_date.isoformat(),
        "remove_henkilotunnus": "on",
    }

    response = client_for(alice).post(reverse("candidate_edit", args=[seeker.pk]), post)

    assert response.status_code == 302, response.context["form"].errors
    seeker.refresh_from_db()
    assert seeker.henkilotunnus == ""
    event = AuditEvent.objects.filter(action="crm.candidate.changed").latest("pk")
    assert "henkilotunnus" in event.fields
