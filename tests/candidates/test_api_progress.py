"""The progress API of a job seeker: the IPS milestone timeline, Kykyviisari results and their
change, consents, and case notes (coach team only, every read audited)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import AuditEvent, Role
from crm.candidates import selectors
from crm.candidates.models import CaseNote, Consent, KykyviisariForm, Milestone
from crm.candidates.services.consents import grant_consent
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.notes import add_case_note
from tests.employers.test_api_employers import field_errors
from tests.factories import EmployerContactFactory, EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
JSON = "application/json"


def url(seeker, tail: str) -> str:
    return f"/api/v1/candidates/{seeker.pk}/{tail}"


@pytest.fixture
def seeker(alice):
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


@pytest.fixture
def lead(make_user, api_for):
    return api_for(make_user(role=Role.LEAD))


# Milestones ---------------------------------------------------------------------------------


def test_the_timeline_shows_derived_and_recorded_milestones(api, seeker, alice):
    record_milestone(
        job_seeker=seeker, by=alice, kind="benefits_counselling", reached_on=TODAY - timedelta(3)
    )

    body = api.get(url(seeker, "milestones")).json()

    assert body["count"] == 3
    kinds = [(row["kind"], row["derived"]) for row in body["items"]]
    assert kinds == [("referral", True), ("intake", True), ("benefits_counselling", False)]
    assert body["items"][0]["id"] is None
    assert body["items"][2]["id"] == Milestone.objects.get().pk
    assert body["days_to_first_employer_contact"] == 50
    assert body["first_contact_overdue"] is True


def test_the_first_employer_contact_comes_from_the_contact_log(api, seeker, org, alice):
    employer = EmployerFactory(organization=org, name="Saimaan Sähkö Oy")
    contact = EmployerContactFactory(
        employer=employer,
        organization=org,
        user=alice,
        occurred_at=timezone.now() - timedelta(days=40),
    )
    contact.candidates.add(seeker)

    body = api.get(url(seeker, "milestones")).json()

    first = [row for row in body["items"] if row["kind"] == "first_employer_contact"]
    assert first == [
        {
            "id": None,
            "kind": "first_employer_contact",
            "label": str(_("First face-to-face employer contact")),
            "reached_on": str(TODAY - timedelta(days=40)),
            "note": "Saimaan Sähkö Oy",
            "derived": True,
        }
    ]
    assert body["days_to_first_employer_contact"] == 10
    assert body["first_contact_overdue"] is False


def test_the_coach_records_a_milestone(api, seeker):
    body = {"kind": "job_search_plan", "reached_on": str(TODAY), "note": "Suunnitelma tehty"}

    response = api.post(url(seeker, "milestones"), body, content_type=JSON)

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "job_search_plan"
    assert response.json()["derived"] is False
    assert Milestone.objects.get().note == "Suunnitelma tehty"


def test_bad_milestones_get_field_level_messages(api, seeker):
    future = {"kind": "job_start", "reached_on": str(TODAY + timedelta(days=1))}
    derived = {"kind": "intake", "reached_on": str(TODAY)}

    assert field_errors(api.post(url(seeker, "milestones"), future, content_type=JSON)) == {
        "reached_on": [_("A milestone cannot be in the future.")]
    }
    assert "kind" in field_errors(api.post(url(seeker, "milestones"), derived, content_type=JSON))
    assert not Milestone.objects.exists()


def test_the_coach_deletes_a_recorded_milestone(api, seeker, alice):
    milestone = record_milestone(job_seeker=seeker, by=alice, kind="job_start", reached_on=TODAY)

    response = api.delete(url(seeker, f"milestones/{milestone.pk}"))

    assert response.status_code == 204
    assert not Milestone.objects.exists()


def test_a_milestone_of_another_person_is_404(api, seeker, alice):
    other = create_job_seeker(coach=alice)
    milestone = record_milestone(job_seeker=other, by=alice, kind="job_start", reached_on=TODAY)

    assert api.delete(url(seeker, f"milestones/{milestone.pk}")).status_code == 404
    assert Milestone.objects.exists()


def test_a_lead_reads_the_timeline_but_cannot_record(lead, seeker):
    assert lead.get(url(seeker, "milestones")).status_code == 200
    body = {"kind": "job_start", "reached_on": str(TODAY)}
    assert lead.post(url(seeker, "milestones"), body, content_type=JSON).status_code == 403


def test_another_teams_coach_is_refused_the_timeline(seeker, bob, api_for):
    response = api_for(bob).get(url(seeker, "milestones"))

    assert response.status_code == 403
    assert response.json()["detail"] == _("Your role does not give access to job seekers' records.")


# Kykyviisari --------------------------------------------------------------------------------


def scores(**fields):
    body = {
        "assessed_on": str(TODAY - timedelta(days=30)),
        "phase": "start",
        "form_version": "web-2020",
        "work_ability": 4,
        "functioning": 5,
        "life_satisfaction": 2,
        "self_rated_health": 3,
        "inclusion": 4,
        "mind": 5,
        "everyday_life": 6,
        "skills": 5,
        "body": 7,
    }
    return body | fields


def test_the_coach_records_kykyviisari_results_and_sees_the_change(api, seeker):
    start = api.post(url(seeker, "kykyviisari"), scores(), content_type=JSON)
    latest = scores(assessed_on=str(TODAY), phase="middle", work_ability="6.5")
    assert api.post(url(seeker, "kykyviisari"), latest, content_type=JSON).status_code == 201

    assert start.status_code == 201, start.content
    assert start.json()["form_version"] == "web-2020"
    body = api.get(url(seeker, "kykyviisari")).json()
    assert body["count"] == 2
    assert [row["phase"] for row in body["items"]] == ["start", "middle"]
    work_ability = next(c for c in body["change"] if c["measure"] == "work_ability")
    assert (work_ability["start"], work_ability["latest"], work_ability["change"]) == (4, 6.5, 2.5)


def test_scores_outside_the_ranges_are_refused_per_field(api, seeker):
    body = scores(work_ability=11, life_satisfaction=0, inclusion=12)

    errors = field_errors(api.post(url(seeker, "kykyviisari"), body, content_type=JSON))

    assert set(errors) == {"work_ability", "life_satisfaction", "inclusion"}
    errors = field_errors(
        api.post(url(seeker, "kykyviisari"), scores(inclusion=12), content_type=JSON)
    )
    assert errors == {
        "inclusion": [
            _("Must be between %(low)s and %(high)s on form %(version)s.")
            % {"low": "0.0", "high": "10.0", "version": "web-2020"}
        ]
    }


def test_an_unknown_form_version_is_a_field_error(api, seeker):
    body = scores(form_version="web-1999")

    errors = field_errors(api.post(url(seeker, "kykyviisari"), body, content_type=JSON))

    assert list(errors) == ["form_version"]
    assert "web-2020" in errors["form_version"][0]
    assert KykyviisariForm.objects.filter(version="web-1999").count() == 0


def test_a_lead_reads_kykyviisari_but_cannot_record(lead, seeker, alice, api):
    api.post(url(seeker, "kykyviisari"), scores(), content_type=JSON)

    assert lead.get(url(seeker, "kykyviisari")).json()["count"] == 1
    assert lead.post(url(seeker, "kykyviisari"), scores(), content_type=JSON).status_code == 403


def _kykyviisari_on(seeker, coach, form, on, value):
    return record_kykyviisari(
        job_seeker=seeker,
        by=coach,
        assessed_on=on,
        phase="start",
        form=form,
        **{m: Decimal(value) for m in ("work_ability", "functioning")},
        **{m: Decimal("3") for m in ("life_satisfaction", "self_rated_health")},
        **{m: Decimal(value) for m in ("inclusion", "mind", "everyday_life", "skills", "body")},
    )


def test_domain_changes_across_form_versions_are_not_comparable(alice, client_for, api_for):
    old = KykyviisariForm.objects.first()
    new = KykyviisariForm.objects.create(version="test-v9", domain_min=0, domain_max=10)
    seeker = create_job_seeker(coach=alice)
    _kykyviisari_on(seeker, alice, old, TODAY - timedelta(days=30), "4")
    _kykyviisari_on(seeker, alice, new, TODAY, "6")

    changes = {
        c.measure: c.change
        for c in selectors.kykyviisari_change(list(seeker.kykyviisari_results.all()))
    }

    assert changes["work_ability"] == Decimal("2")
    assert changes["mind"] is None
    response = client_for(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk]))
    assert response.status_code == 200
    assert _("Not comparable: different form versions") in response.content.decode()
    body = api_for(alice).get(url(seeker, "kykyviisari")).json()
    mind = next(c for c in body["change"] if c["measure"] == "mind")
    assert (mind["change"], mind["comparable"]) == (None, False)


# Consents -----------------------------------------------------------------------------------


def test_the_coach_records_and_revokes_a_consent(api, seeker):
    body = {"purpose": "kela", "granted_on": str(TODAY - timedelta(days=10))}

    created = api.post(url(seeker, "consents"), body, content_type=JSON)

    assert created.status_code == 201, created.content
    assert created.json()["valid_today"] is True
    revoked = api.post(url(seeker, f"consents/{created.json()['id']}/revoke"), content_type=JSON)
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["revoked_on"] == str(TODAY)
    assert revoked.json()["valid_today"] is False
    again = api.post(url(seeker, f"consents/{created.json()['id']}/revoke"), content_type=JSON)
    assert field_errors(again) == {"revoked_on": [_("This consent has already been revoked.")]}


def test_a_consent_is_revoked_on_a_given_day_or_without_a_body(api, seeker, alice):
    kela = grant_consent(
        job_seeker=seeker, by=alice, purpose="kela", granted_on=TODAY - timedelta(5)
    )
    research = grant_consent(job_seeker=seeker, by=alice, purpose="research", granted_on=TODAY)
    body = {"revoked_on": str(TODAY - timedelta(days=2))}

    dated = api.post(url(seeker, f"consents/{kela.pk}/revoke"), body, content_type=JSON)
    bare = api.generic("POST", url(seeker, f"consents/{research.pk}/revoke"))

    assert dated.json()["revoked_on"] == str(TODAY - timedelta(days=2))
    assert bare.status_code == 200, bare.content
    assert bare.json()["revoked_on"] == str(TODAY)


def test_the_consent_list_says_which_are_valid_today(api, seeker, alice):
    grant_consent(
        job_seeker=seeker,
        by=alice,
        purpose="research",
        granted_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=35),
    )
    grant_consent(job_seeker=seeker, by=alice, purpose="kela", granted_on=TODAY)

    body = api.get(url(seeker, "consents")).json()

    assert body["count"] == 2
    assert {row["purpose"]: row["valid_today"] for row in body["items"]} == {
        "kela": True,
        "research": False,
    }


def test_an_expiry_before_the_grant_is_refused(api, seeker):
    body = {"purpose": "kela", "granted_on": str(TODAY), "expires_on": str(TODAY - timedelta(1))}

    errors = field_errors(api.post(url(seeker, "consents"), body, content_type=JSON))

    assert errors == {"expires_on": [_("The expiry cannot be before the consent was granted.")]}
    assert not Consent.objects.exists()


def test_a_lead_reads_consents_but_cannot_record_or_revoke(lead, seeker, alice):
    consent = grant_consent(job_seeker=seeker, by=alice, purpose="kela", granted_on=TODAY)
    body = {"purpose": "kela", "granted_on": str(TODAY)}

    assert lead.get(url(seeker, "consents")).json()["count"] == 1
    assert lead.post(url(seeker, "consents"), body, content_type=JSON).status_code == 403
    assert (
        lead.post(url(seeker, f"consents/{consent.pk}/revoke"), content_type=JSON).status_code
        == 403
    )
    consent.refresh_from_db()
    assert consent.revoked_on is None


# Case notes ---------------------------------------------------------------------------------


def test_the_coach_writes_a_note(api, seeker, alice):
    body = {"text": "Tavattiin kirjastolla.", "contact_type": "face_to_face", "sensitive": True}

    response = api.post(url(seeker, "notes"), body, content_type=JSON)

    assert response.status_code == 201, response.content
    assert response.json()["written_on"] == str(TODAY)
    assert response.json()["author_id"] == alice.pk
    assert CaseNote.objects.get().sensitive is True


def test_reading_the_notes_is_paginated_and_audited(api, seeker, alice):
    for day in range(3):
        add_case_note(
            job_seeker=seeker, by=alice, text=f"Tapaaminen {day}", written_on=TODAY - timedelta(day)
        )

    body = api.get(url(seeker, "notes"), {"limit": 2}).json()

    assert body["count"] == 3
    assert [row["text"] for row in body["items"]] == ["Tapaaminen 0", "Tapaaminen 1"]
    event = AuditEvent.objects.get(action="crm.candidate.notes_viewed")
    assert (event.user, event.object_id) == (alice, str(seeker.pk))


def test_notes_are_searched_typo_tolerantly(api, seeker, alice):
    add_case_note(job_seeker=seeker, by=alice, text="Työkokeilu alkaa maanantaina")
    add_case_note(job_seeker=seeker, by=alice, text="Soitettiin Kelaan")

    body = api.get(url(seeker, "notes"), {"q": "tyokokeilu"}).json()

    assert [row["text"] for row in body["items"]] == ["Työkokeilu alkaa maanantaina"]


def test_an_empty_or_future_note_is_refused(api, seeker):
    future = {"text": "Huomenna", "written_on": str(TODAY + timedelta(days=1))}

    assert "text" in field_errors(api.post(url(seeker, "notes"), {"text": " "}, content_type=JSON))
    assert field_errors(api.post(url(seeker, "notes"), future, content_type=JSON)) == {
        "written_on": [_("A note cannot be dated in the future.")]
    }
    assert not CaseNote.objects.exists()


def test_leads_and_other_teams_never_see_notes_and_nothing_is_audited(
    lead, seeker, bob, alice, api_for
):
    add_case_note(job_seeker=seeker, by=alice, text="Luottamuksellinen")

    for client in (lead, api_for(bob)):
        response = client.get(url(seeker, "notes"))
        assert response.status_code == 403
        assert response.json()["detail"] == _(
            "Only the person's own coach team can see or change this."
        )
        body = {"text": "Yritys"}
        assert client.post(url(seeker, "notes"), body, content_type=JSON).status_code == 403
    assert not AuditEvent.objects.filter(action="crm.candidate.notes_viewed").exists()
    assert CaseNote.objects.count() == 1


def test_another_organisation_gets_404_on_every_progress_resource(seeker, charlie, api_for):
    client = api_for(charlie)
    for tail in ("milestones", "kykyviisari", "consents", "notes"):
        assert client.get(url(seeker, tail)).status_code == 404, tail


def test_relations_staff_get_403_on_every_progress_resource(seeker, make_user, api_for):
    client = api_for(make_user(role=Role.RELATIONS))
    for tail in ("milestones", "kykyviisari", "consents", "notes"):
        assert client.get(url(seeker, tail)).status_code == 403, tail
