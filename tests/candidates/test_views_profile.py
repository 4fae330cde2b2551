"""The career profile pages as the coach team, other coaches, leads and outsiders use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crm.accounts.models import AuditEvent, Role
from crm.candidates.models import CareerProfile, WorkHistoryEntry
from crm.candidates.services.profile import save_profile
from crm.matching.models import Term
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db

PAGES = ["candidate_profile", "candidate_profile_edit"]


@pytest.fixture
def english(client_for):
    def make(user):
        user.language = "en"
        user.save(update_fields=["language"])
        return client_for(user)

    return make


@pytest.fixture
def lead(make_user):
    return make_user(role=Role.LEAD, username="leena")


@pytest.fixture
def seeker(alice):
    seeker = create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    save_profile(
        job_seeker=seeker,
        by=alice,
        version=1,
        skills=["Asiakaspalvelu"],
        strengths=["Täsmällinen"],
        industries=["G"],
        hours_min=20,
        hours_max=30,
        accommodation_needs="Rauhallinen työpiste",
        health_restrictions="Ei raskaita nostoja",
    )
    return seeker


def profile_data(seeker, **overrides):
    data = {
        "version": seeker.profile.version,
        "education": "Merkonomi",
        "strengths": "Täsmällinen\nYstävällinen",
        "interests": "kauppa, logistiikka",
        "skills": "asiakaspalvelua\nkassatyö",
        "licences": "hygieniapassi",
        "occupations": "Myyjä",
        "industries": ["G", "I"],
        "hours_min": "20",
        "hours_max": "30",
        "schedules": ["day"],
        "municipalities": "lapenranta\nImatra",
        "avoid": "yötyö",
        "disclosure": "decide_per_employer",
        "disclosure_notes": "Saa kertoa tuen tarpeesta",
        "accommodation_needs": "Rauhallinen työpiste",
        "health_restrictions": "Ei raskaita nostoja",
        "completed_on": "",
    }
    return data | overrides


def edit(client, seeker, **overrides):
    url = reverse("candidate_profile_edit", args=[seeker.pk])
    return client.post(url, profile_data(seeker, **overrides))


# Access ------------------------------------------------------------------------------------


def test_the_coach_team_sees_the_whole_profile_and_the_read_is_audited(seeker, alice, english):
    response = english(alice).get(reverse("candidate_profile", args=[seeker.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Asiakaspalvelu" in html and "Täsmällinen" in html
    assert "Wholesale and retail trade" in html
    assert "Rauhallinen työpiste" in html and "Ei raskaita nostoja" in html
    assert "Viewing this section is logged" in html
    event = AuditEvent.objects.get(action="crm.candidate.sensitive_viewed")
    assert event.user == alice and event.object_id == str(seeker.pk)
    assert event.fields == ["accommodation_needs", "health_restrictions"]


def test_a_lead_sees_the_profile_without_the_sensitive_section(seeker, lead, english):
    response = english(lead).get(reverse("candidate_profile", args=[seeker.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Asiakaspalvelu" in html
    assert "Rauhallinen" not in html and "nostoja" not in html
    assert "Not shown to your role" in html
    assert "Edit profile" not in html
    assert not AuditEvent.objects.filter(action="crm.candidate.sensitive_viewed").exists()


def test_a_lead_cannot_edit_the_profile_and_is_told_why(seeker, lead, english):
    response = english(lead).get(reverse("candidate_profile_edit", args=[seeker.pk]))

    assert response.status_code == 403
    assert "own coach team can see or change this" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_coach_of_another_team_gets_403(page, seeker, bob, client_for):
    assert client_for(bob).get(reverse(page, args=[seeker.pk])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_relations_staff_get_403(page, seeker, make_user, client_for):
    relations = make_user(role=Role.RELATIONS)
    assert client_for(relations).get(reverse(page, args=[seeker.pk])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_another_organisation_gets_404(page, seeker, charlie, client_for):
    assert client_for(charlie).get(reverse(page, args=[seeker.pk])).status_code == 404


def test_other_coaches_cannot_change_the_profile(seeker, bob, client_for):
    response = edit(client_for(bob), seeker, accommodation_needs="")

    assert response.status_code == 403
    seeker.profile.refresh_from_db()
    assert seeker.profile.accommodation_needs == "Rauhallinen työpiste"


# Editing -----------------------------------------------------------------------------------


def test_the_edit_form_is_in_fieldsets_with_choices_as_checkboxes_and_radios(
    seeker, alice, english
):
    html = english(alice).get(reverse("candidate_profile_edit", args=[seeker.pk])).content.decode()

    assert html.count("<fieldset") >= 6
    assert 'type="checkbox" name="industries" value="G"' in html
    assert 'type="radio" name="disclosure"' in html
    assert "One per line, or separate with commas." in html
    assert 'name="version" value="2"' in html
    assert "Rauhallinen työpiste" in html


def test_saving_resolves_skills_to_the_shared_vocabulary(seeker, alice, client_for):
    before = Term.objects.get(kind="skill", name="Asiakaspalvelu")

    response = edit(client_for(alice), seeker)

    assert response.status_code == 302
    profile = CareerProfile.objects.get(pk=seeker.profile.pk)
    assert before in profile.skills.all()
    assert profile.skills.count() == 2
    assert profile.municipalities == ["Lappeenranta", "Imatra"]
    assert profile.strengths == ["Täsmällinen", "Ystävällinen"]
    assert profile.interests == ["kauppa", "logistiikka"]
    assert profile.industries == ["G", "I"]
    assert [t.name for t in profile.licences.all()] == ["Hygieniapassi"]
    assert profile.version == 3
    assert AuditEvent.objects.filter(action="crm.candidate.profile_changed").count() == 2


def test_more_minimum_than_maximum_hours_is_a_field_error_and_nothing_is_saved(
    seeker, alice, english
):
    response = edit(english(alice), seeker, hours_min="35", hours_max="20", education="Muuttunut")

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_hours_max_error"' in html
    assert "The most hours cannot be fewer than the least hours." in html
    profile = CareerProfile.objects.get(pk=seeker.profile.pk)
    assert (profile.hours_min, profile.hours_max, profile.education) == (20, 30, "")
    assert profile.version == 2


def test_an_unknown_municipality_is_named_in_a_field_error(seeker, alice, english):
    response = edit(english(alice), seeker, municipalities="Imatra\nAtlantis")

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_municipalities_error"' in html
    assert "Not a Finnish municipality: Atlantis" in html


def test_a_stale_version_shows_the_conflict_and_overwrites_nothing(seeker, alice, bob, english):
    client = english(alice)
    stale = profile_data(seeker, education="Alicen versio")
    save_profile(job_seeker=seeker, by=alice, version=2, education="Toisen versio")

    response = client.post(reverse("candidate_profile_edit", args=[seeker.pk]), stale)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this while you were editing" in html
    assert "Toisen versio" in html and "Alicen versio" in html
    assert 'name="version" value="3"' in html
    assert CareerProfile.objects.get(pk=seeker.profile.pk).education == "Toisen versio"

    again = client.post(
        reverse("candidate_profile_edit", args=[seeker.pk]), stale | {"version": "3"}
    )
    assert again.status_code == 302
    assert CareerProfile.objects.get(pk=seeker.profile.pk).education == "Alicen versio"


# Work history ------------------------------------------------------------------------------


def test_the_coach_adds_and_deletes_work_history(seeker, alice, english):
    client = english(alice)
    response = client.post(
        reverse("work_history_add", args=[seeker.pk]),
        {
            "employer_name": "K-Market",
            "role": "Hyllyttäjä",
            "started_on": "2022-01-10",
            "ended_on": "2022-06-30",
            "went_well": "Rauhallinen aamuvuoro",
            "went_badly": "Kassaruuhka",
        },
    )
    assert response.status_code == 302
    entry = WorkHistoryEntry.objects.get(profile=seeker.profile)

    html = client.get(reverse("candidate_profile", args=[seeker.pk])).content.decode()
    assert "Hyllyttäjä" in html and "Rauhallinen aamuvuoro" in html and "Kassaruuhka" in html

    client.post(reverse("work_history_delete", args=[seeker.pk, entry.pk]))
    assert not WorkHistoryEntry.objects.exists()
    assert AuditEvent.objects.filter(action="crm.candidate.work_history_deleted").exists()


def test_a_job_ending_before_it_started_is_a_field_error(seeker, alice, english):
    response = english(alice).post(
        reverse("work_history_add", args=[seeker.pk]),
        {
            "employer_name": "K-Market",
            "role": "Hyllyttäjä",
            "started_on": "2022-06-30",
            "ended_on": "2022-01-10",
        },
    )

    assert response.status_code == 422
    assert "The end cannot be before the start." in response.content.decode()
    assert not WorkHistoryEntry.objects.exists()


def test_a_lead_cannot_add_work_history(seeker, lead, client_for):
    response = client_for(lead).post(
        reverse("work_history_add", args=[seeker.pk]), {"employer_name": "X", "role": "Y"}
    )

    assert response.status_code == 403
    assert not WorkHistoryEntry.objects.exists()


def test_too_few_maximum_hours_is_shown_together_with_other_field_errors(seeker, alice, english):
    response = edit(
        english(alice), seeker, hours_min="35", hours_max="20", municipalities="Atlantis"
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_municipalities_error"' in html
    assert 'id="id_hours_max_error"' in html
    assert "The most hours cannot be fewer than the least hours." in html
    profile = CareerProfile.objects.get(pk=seeker.profile.pk)
    assert (profile.hours_min, profile.hours_max) == (20, 30)
