"""The career profile API: one document read by the coach team (with the audited sensitive
section) and by leads (without it), replaced whole with optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils.translation import gettext as _

from crm.accounts.models import AuditEvent, Role
from crm.candidates.models import CareerProfile
from crm.candidates.services.profile import save_profile
from tests.employers.test_api_employers import field_errors
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db


def url(seeker) -> str:
    return f"/api/v1/candidates/{seeker.pk}/profile"


def document(**fields):
    body = {
        "version": 1,
        "education": "Merkonomi 2010",
        "skills": ["asiakaspalvelu", "Excel"],
        "licences": ["hygieniapassi"],
        "strengths": ["täsmällinen", "ystävällinen"],
        "interests": ["kaupan ala"],
        "work_history": [
            {
                "employer_name": "K-Market Sammonlahti",
                "role": "Myyjä",
                "started_on": "2015-03-01",
                "ended_on": "2016-05-31",
                "went_well": "Asiakaspalvelu",
                "went_badly": "Aamuvuorot",
            }
        ],
        "preferences": {
            "occupations": ["myyjä", "varastotyö"],
            "industries": ["G"],
            "hours_min": 20,
            "hours_max": 30,
            "schedules": ["day"],
            "municipalities": ["villmanstrand", "Imatra"],
            "remote": False,
            "avoid": ["yötyö"],
        },
        "disclosure": "do_not_disclose",
        "disclosure_notes": "",
        "completed_on": None,
        "sensitive": {"accommodation_needs": "Rauhallinen tila", "health_restrictions": ""},
    }
    return body | fields


def put(client, seeker, body):
    return client.put(url(seeker), body, content_type="application/json")


@pytest.fixture
def seeker(alice):
    seeker = create_job_seeker(coach=alice)
    save_profile(
        job_seeker=seeker,
        by=alice,
        version=1,
        skills=["asiakaspalvelu"],
        hours_min=20,
        accommodation_needs="Tauot tunnin välein",
        health_restrictions="Ei raskaita nostoja",
    )
    return seeker


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


# Reading ------------------------------------------------------------------------------------


def test_the_coach_reads_the_whole_profile_and_the_read_is_audited(api, seeker, alice):
    body = api.get(url(seeker)).json()

    assert body["candidate_id"] == seeker.pk
    assert body["skills"] == ["Asiakaspalvelu"]
    assert body["preferences"]["hours_min"] == 20
    assert body["sensitive"] == {
        "accommodation_needs": "Tauot tunnin välein",
        "health_restrictions": "Ei raskaita nostoja",
    }
    assert body["version"] == 2
    event = AuditEvent.objects.get(action="crm.candidate.sensitive_viewed")
    assert (event.user, event.object_id) == (alice, str(seeker.pk))
    assert event.fields == ["accommodation_needs", "health_restrictions"]


def test_a_lead_reads_the_profile_without_the_sensitive_section(seeker, make_user, api_for):
    response = api_for(make_user(role=Role.LEAD)).get(url(seeker))

    assert response.status_code == 200
    assert response.json()["sensitive"] is None
    assert response.json()["skills"] == ["Asiakaspalvelu"]
    assert "raskaita" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="crm.candidate.sensitive_viewed").exists()


def test_another_teams_coach_is_refused_with_the_reason(seeker, bob, api_for):
    response = api_for(bob).get(url(seeker))

    assert response.status_code == 403
    assert response.json()["detail"] == _("Your role does not give access to job seekers' records.")


def test_relations_staff_get_403_and_another_organisation_404(seeker, charlie, make_user, api_for):
    assert api_for(make_user(role=Role.RELATIONS)).get(url(seeker)).status_code == 403
    assert api_for(charlie).get(url(seeker)).status_code == 404


# Replacing ----------------------------------------------------------------------------------


def test_the_coach_replaces_the_whole_profile(api, seeker):
    response = put(api, seeker, document(version=2))

    assert response.status_code == 200, response.content
    body = response.json()
    assert sorted(body["skills"]) == ["Asiakaspalvelu", "Excel"]
    assert body["licences"] == ["Hygieniapassi"]
    assert body["preferences"]["municipalities"] == ["Lappeenranta", "Imatra"]
    assert body["preferences"]["hours_max"] == 30
    assert body["disclosure"] == "do_not_disclose"
    assert body["sensitive"]["accommodation_needs"] == "Rauhallinen tila"
    assert body["sensitive"]["health_restrictions"] == ""
    assert [row["employer_name"] for row in body["work_history"]] == ["K-Market Sammonlahti"]
    assert body["version"] == 3
    assert AuditEvent.objects.filter(action="crm.candidate.profile_changed").exists()


def test_the_work_history_is_replaced_in_the_same_request(api, seeker):
    put(api, seeker, document(version=2))
    history = [{"employer_name": "Lidl Imatra", "role": "Hyllyttäjä"}]

    body = put(api, seeker, document(version=3, work_history=history)).json()

    assert [(row["employer_name"], row["role"]) for row in body["work_history"]] == [
        ("Lidl Imatra", "Hyllyttäjä")
    ]


def test_leaving_out_the_sensitive_section_keeps_it(api, seeker):
    body = put(api, seeker, document(version=2, sensitive=None)).json()

    assert body["sensitive"] == {
        "accommodation_needs": "Tauot tunnin välein",
        "health_restrictions": "Ei raskaita nostoja",
    }


def test_a_stale_version_gets_409(api, seeker):
    response = put(api, seeker, document(version=1))

    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert CareerProfile.objects.get(job_seeker=seeker).education == ""


def test_hours_min_above_max_is_refused_and_nothing_is_saved(api, seeker):
    body = document(version=2)
    body["preferences"] |= {"hours_min": 30, "hours_max": 20}

    errors = field_errors(put(api, seeker, body))

    assert errors == {
        "preferences.hours_max": [_("The most hours cannot be fewer than the least hours.")]
    }
    profile = CareerProfile.objects.get(job_seeker=seeker)
    assert (profile.version, profile.education, profile.work_history.count()) == (2, "", 0)


def test_a_bad_work_history_entry_leaves_the_profile_unsaved(api, seeker):
    history = [
        {
            "employer_name": "Lidl",
            "role": "Myyjä",
            "started_on": "2020-05-01",
            "ended_on": "2019-01-01",
        }
    ]

    errors = field_errors(put(api, seeker, document(version=2, work_history=history)))

    assert errors == {"work_history.0.ended_on": [_("The end cannot be before the start.")]}
    profile = CareerProfile.objects.get(job_seeker=seeker)
    assert (profile.version, profile.education) == (2, "")
    assert [t.name for t in profile.skills.all()] == ["Asiakaspalvelu"]


def test_an_unknown_municipality_or_schedule_is_a_field_error(api, seeker):
    body = document(version=2)
    body["preferences"] |= {"municipalities": ["Atlantis"]}
    errors = field_errors(put(api, seeker, body))
    assert errors == {
        "preferences.municipalities": [
            _("%(value)s is not a Finnish municipality.") % {"value": "Atlantis"}
        ]
    }

    body["preferences"] |= {"municipalities": [], "schedules": ["siesta"]}
    assert "preferences.schedules" in field_errors(put(api, seeker, body))


def test_hours_outside_the_week_are_refused(api, seeker):
    body = document(version=2)
    body["preferences"] |= {"hours_min": 0, "hours_max": 80}

    errors = field_errors(put(api, seeker, body))

    assert set(errors) == {"preferences.hours_min", "preferences.hours_max"}


def test_only_the_coach_team_replaces_the_profile(seeker, bob, make_user, api_for):
    for user in (bob, make_user(role=Role.LEAD), make_user(role=Role.RELATIONS)):
        assert put(api_for(user), seeker, document(version=2)).status_code == 403
    assert CareerProfile.objects.get(job_seeker=seeker).version == 2


def test_completed_on_is_kept(api, seeker):
    body = put(api, seeker, document(version=2, completed_on="2025-01-15")).json()
    assert body["completed_on"] == str(date(2025, 1, 15))
