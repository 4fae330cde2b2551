"""Rights of the person: export everything (JSON, readable page, API), erase (anonymise) and the
person's audit log."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from crm.accounts.models import AuditEvent, Role
from crm.candidates import selectors
from crm.candidates.models import (
    CareerProfile,
    CaseNote,
    Consent,
    JobSeeker,
    KykyviisariForm,
    KykyviisariResult,
    Milestone,
    Status,
    StatusChange,
)
from crm.candidates.rights.audit_log import ACTION_LABELS, action_label
from crm.candidates.rights.erase import erase_job_seeker
from crm.candidates.rights.export import SCHEMA_VERSION, export_data
from crm.candidates.services.consents import grant_consent
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.notes import add_case_note
from crm.candidates.services.profile import add_work_history, save_profile
from crm.candidates.services.records import update_job_seeker
from crm.employers.models import FollowUp
from tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    FollowUpFactory,
    create_job_seeker,
)

pytestmark = pytest.mark.django_db


# Page text is asserted in English, the source language: the personas use the English UI.
@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def alice(alice):
    alice.language = "en"
    alice.save(update_fields=["language"])
    return alice


@pytest.fixture
def bob(bob):
    bob.language = "en"
    bob.save(update_fields=["language"])
    return bob


@pytest.fixture
def make_user(make_user):
    def make(*args, **kwargs):
        kwargs.setdefault("language", "en")
        return make_user(*args, **kwargs)

    return make


TODAY = timezone.localdate()
HETU = "131052-308T"


def full_person(coach, **fields) -> JobSeeker:
    """A person with something in every section the export must contain."""
    seeker = create_job_seeker(
        coach=coach,
        first_name="Aino",
        last_name="Mäkelä",
        henkilotunnus=HETU,
        email="aino.makela@example.fi",
        phone="040 123 4567",
        address="Koulukatu 5 A 3, 53100 Lappeenranta",
        **fields,
    )
    save_profile(
        job_seeker=seeker,
        by=coach,
        version=seeker.profile.version,
        education="Merkonomi 2012",
        strengths=["Täsmällinen"],
        accommodation_needs="Hiljainen työpiste",
        health_restrictions="Ei yövuoroja lääkityksen vuoksi",
    )
    seeker.refresh_from_db()
    add_work_history(
        job_seeker=seeker, by=coach, employer_name="Kauppa Oy", role="Myyjä", went_well="Asiakkaat"
    )
    record_milestone(
        job_seeker=seeker,
        by=coach,
        kind="benefits_counselling",
        reached_on=TODAY - timedelta(days=20),
        note="Kelan etuudet käyty läpi",
    )
    record_kykyviisari(
        job_seeker=seeker,
        by=coach,
        assessed_on=TODAY - timedelta(days=40),
        phase="start",
        form=KykyviisariForm.objects.first(),
        **{m: Decimal("6.5") for m in ("work_ability", "functioning")},
        **{m: Decimal("3") for m in ("life_satisfaction", "self_rated_health")},
        **{m: Decimal("5") for m in ("inclusion", "mind", "everyday_life", "skills", "body")},
    )
    grant_consent(
        job_seeker=seeker,
        by=coach,
        purpose="kela",
        granted_on=TODAY - timedelta(days=30),
        note="Allekirjoitettu paperilla",
    )
    add_case_note(job_seeker=seeker, by=coach, text="Aino kertoi muutosta.")
    add_case_note(job_seeker=seeker, by=coach, text="Masennuslääkitys vaihtui.", sensitive=True)
    FollowUp.objects.create(
        organization_id=seeker.organization_id,
        user=coach,
        job_seeker=seeker,
        title="Soita Ainolle",
        due_on=TODAY + timedelta(days=3),
    )
    employer = EmployerFactory(organization=coach.organization, name="Rautakauppa Oy")
    contact = EmployerContactFactory(
        employer=employer, user=coach, summary="Toinen hakija Pekka mainittu"
    )
    contact.candidates.add(seeker)
    return seeker


# Export -------------------------------------------------------------------------------------


def test_the_export_contains_every_section_and_the_full_identity_code(alice):
    seeker = full_person(alice)
    data = export_data(user=alice, job_seeker=seeker)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["exported_at"]
    assert data["person"]["henkilotunnus"] == HETU
    assert data["person"]["email"] == "aino.makela@example.fi"
    assert data["profile"]["sensitive"]["health_restrictions"] == "Ei yövuoroja lääkityksen vuoksi"
    assert data["profile"]["work_history"][0]["employer"] == "Kauppa Oy"
    kinds = [m["kind"] for m in data["milestones"]]
    assert {"referral", "intake", "benefits_counselling", "first_employer_contact"} <= set(kinds)
    assert data["kykyviisari"][0]["work_ability"] == 6.5
    assert data["consents"][0]["note"] == "Allekirjoitettu paperilla"
    texts = {n["text"] for n in data["case_notes"]}
    assert texts == {"Aino kertoi muutosta.", "Masennuslääkitys vaihtui."}
    assert data["follow_ups"][0]["title"] == "Soita Ainolle"
    assert data["employer_contacts"][0]["employer"] == "Rautakauppa Oy"
    assert data["status_changes"][0]["to_status"] == "job_search"
    records = {(h["record"], h["type"]) for h in data["change_history"]}
    assert len(records) >= 3  # record created, profile created and changed, consent created
    changed = next(h for h in data["change_history"] if h["type"] == "changed")
    assert "health_restrictions" in changed["fields"]


def test_the_export_leaves_out_what_the_contact_log_says_about_other_people(alice):
    seeker = full_person(alice)
    data = export_data(user=alice, job_seeker=seeker)
    assert "Pekka" not in json.dumps(data, ensure_ascii=False)


def test_every_export_is_audited(alice, client_for):
    seeker = full_person(alice)
    client = client_for(alice)
    client.get(reverse("candidate_export", args=[seeker.pk]))
    client.get(reverse("candidate_export_json", args=[seeker.pk]))
    assert (
        AuditEvent.objects.filter(
            action="crm.candidate.exported", object_id=str(seeker.pk), user=alice
        ).count()
        == 2
    )


def test_the_json_download_is_an_attachment_named_after_the_person_and_the_day(alice, client_for):
    seeker = full_person(alice)
    response = client_for(alice).get(reverse("candidate_export_json", args=[seeker.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="job-seeker-{seeker.pk}-{TODAY.isoformat()}.json"'
    )
    data = json.loads(response.content)
    assert data["person"]["henkilotunnus"] == HETU
    assert data["case_notes"]


def test_the_readable_page_shows_everything_and_says_how_to_save_a_pdf(alice, client_for):
    seeker = full_person(alice)
    response = client_for(alice).get(reverse("candidate_export", args=[seeker.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (HETU, "Hiljainen työpiste", "Masennuslääkitys vaihtui.", "Rautakauppa Oy"):
        assert text in page
    assert "Save as PDF" in page
    assert reverse("candidate_export_json", args=[seeker.pk]) in page


def test_the_api_export_gives_the_same_sections_as_the_download(alice, api_for):
    seeker = full_person(alice)
    response = api_for(alice).get(f"/api/v1/candidates/{seeker.pk}/export")
    assert response.status_code == 200
    body = response.json()
    assert body["person"]["henkilotunnus"] == HETU
    assert set(body) == set(export_data(user=alice, job_seeker=seeker))


@pytest.mark.parametrize("role", [Role.LEAD, Role.ADMIN, Role.RELATIONS])
def test_roles_outside_the_coach_team_cannot_export(role, alice, make_user, client_for, api_for):
    seeker = full_person(alice)
    user = make_user(role=role)
    for url in ("candidate_export", "candidate_export_json"):
        assert client_for(user).get(reverse(url, args=[seeker.pk])).status_code == 403
    assert api_for(user).get(f"/api/v1/candidates/{seeker.pk}/export").status_code == 403
    assert not AuditEvent.objects.filter(action="crm.candidate.exported").exists()


def test_a_coach_of_another_team_cannot_export(alice, bob, client_for):
    seeker = full_person(alice)
    assert client_for(bob).get(reverse("candidate_export", args=[seeker.pk])).status_code == 403


def test_another_organisation_gets_404(alice, charlie, client_for, api_for):
    seeker = full_person(alice)
    for url in ("candidate_export", "candidate_export_json", "candidate_erase", "candidate_audit"):
        assert client_for(charlie).get(reverse(url, args=[seeker.pk])).status_code == 404
    assert api_for(charlie).get(f"/api/v1/candidates/{seeker.pk}/export").status_code == 404


def test_the_export_takes_a_constant_number_of_queries_and_is_fast(alice):
    seeker = full_person(alice)
    with CaptureQueriesContext(connection) as few:
        export_data(user=alice, job_seeker=seeker)
    for n in range(300):
        add_case_note(job_seeker=seeker, by=alice, text=f"Tapaaminen {n}")
    started = time.monotonic()
    with CaptureQueriesContext(connection) as many:
        data = export_data(user=alice, job_seeker=seeker)
    assert time.monotonic() - started < 1.0
    assert len(data["case_notes"]) == 302
    assert len(many) == len(few)


# Erase --------------------------------------------------------------------------------------


def test_erasing_removes_identity_free_text_and_history_and_keeps_the_figures(alice):
    seeker = full_person(alice, birth_date=None)
    erased = erase_job_seeker(job_seeker=seeker, by=alice)

    assert erased.erased_at is not None
    assert "Mäkelä" not in erased.full_name and erased.first_name == "Poistettu"
    assert (erased.henkilotunnus, erased.email, erased.phone, erased.address) == ("", "", "", "")
    assert erased.birth_date == seeker.birth_date.replace(month=1, day=1)
    profile = CareerProfile.objects.get(job_seeker=seeker)
    assert (profile.education, profile.accommodation_needs, profile.health_restrictions) == (
        "",
        "",
        "",
    )
    assert profile.strengths == []
    assert profile.work_history.get().went_well == ""
    assert not CaseNote.objects.filter(text__contains="Masennus").exists()
    assert not Milestone.objects.filter(job_seeker=seeker).exclude(note="").exists()
    assert not FollowUp.objects.filter(title__contains="Ainolle").exists()
    assert not JobSeeker.history.filter(id=seeker.pk).exists()
    assert not CareerProfile.history.filter(job_seeker_id=seeker.pk).exists()
    assert not Consent.history.filter(job_seeker_id=seeker.pk).exists()
    # The figures reports count stay true.
    # Still on the caseload when erased: the person exits today (no longer counted as active).
    assert (erased.status, erased.referred_on, erased.intake_on) == (
        Status.EXITED,
        seeker.referred_on,
        seeker.intake_on,
    )
    assert erased.municipality == "Lappeenranta"
    assert Milestone.objects.get(job_seeker=seeker).kind == "benefits_counselling"
    assert KykyviisariResult.objects.get(job_seeker=seeker).work_ability == Decimal("6.5")
    assert Consent.objects.get(job_seeker=seeker).purpose == "kela"
    assert CaseNote.objects.filter(job_seeker=seeker).count() == 2
    assert seeker.employer_contacts.count() == 1


def test_nothing_identifying_is_left_in_the_database_rows_of_the_person(alice):
    seeker = full_person(alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    data = export_data(user=alice, job_seeker=seeker)
    dump = json.dumps(data, ensure_ascii=False)
    for secret in ("Mäkelä", HETU, "aino.makela", "lääkitys", "Hiljainen", "Kelan etuudet"):
        assert secret not in dump
    assert data["change_history"] == []


def test_erasing_is_audited_once_and_is_idempotent(alice):
    seeker = full_person(alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    again = erase_job_seeker(job_seeker=seeker, by=alice)
    assert again.first_name == "Poistettu"
    events = AuditEvent.objects.filter(action="crm.candidate.erased", object_id=str(seeker.pk))
    assert events.count() == 1
    assert AuditEvent.objects.filter(object_id=str(seeker.pk)).count() > 1  # the log is kept


def test_an_erased_person_cannot_be_changed(alice):
    seeker = full_person(alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    with pytest.raises(ValidationError, match="erased"):
        update_job_seeker(job_seeker=seeker, by=alice, version=seeker.version, first_name="Aino")
    with pytest.raises(ValidationError, match="erased"):
        save_profile(job_seeker=seeker, by=alice, version=seeker.profile.version, education="x")
    with pytest.raises(ValidationError, match="erased"):
        add_case_note(job_seeker=seeker, by=alice, text="Uusi")
    assert JobSeeker.objects.get(pk=seeker.pk).first_name == "Poistettu"


def test_the_erase_page_requires_the_typed_last_name(alice, client_for):
    seeker = full_person(alice)
    client = client_for(alice)
    url = reverse("candidate_erase", args=[seeker.pk])
    assert "Erase permanently" in client.get(url).content.decode()

    wrong = client.post(url, {"confirmation": "Virtanen"})
    assert wrong.status_code == 422
    assert "This is not the person&#x27;s last name" in wrong.content.decode()
    empty = client.post(url, {"confirmation": ""})
    assert empty.status_code == 422
    assert JobSeeker.objects.get(pk=seeker.pk).erased_at is None

    right = client.post(url, {"confirmation": "  mäkelä "}, follow=True)
    assert right.status_code == 200
    assert JobSeeker.objects.get(pk=seeker.pk).erased_at is not None
    assert "was erased" in right.content.decode()


def test_erasing_is_post_only(alice, client_for):
    seeker = full_person(alice)
    client_for(alice).get(reverse("candidate_erase", args=[seeker.pk]), {"confirmation": "Mäkelä"})
    assert JobSeeker.objects.get(pk=seeker.pk).erased_at is None


def test_an_admin_can_erase_but_a_lead_and_another_team_cannot(alice, bob, make_user, client_for):
    seeker = full_person(alice)
    url = reverse("candidate_erase", args=[seeker.pk])
    for user in (bob, make_user(role=Role.LEAD), make_user(role=Role.RELATIONS)):
        assert client_for(user).post(url, {"confirmation": "Mäkelä"}).status_code == 403
    assert JobSeeker.objects.get(pk=seeker.pk).erased_at is None
    admin = make_user(role=Role.ADMIN)
    assert client_for(admin).post(url, {"confirmation": "Mäkelä"}).status_code == 302
    assert AuditEvent.objects.filter(action="crm.candidate.erased", user=admin).exists()


def test_the_api_erases_with_the_confirmation_only(alice, api_for):
    seeker = full_person(alice)
    api = api_for(alice)
    url = f"/api/v1/candidates/{seeker.pk}/erase"
    wrong = api.post(url, {"confirmation": "Virtanen"}, content_type="application/json")
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "confirmation"]
    assert api.post(url, {}, content_type="application/json").status_code == 422
    assert JobSeeker.objects.get(pk=seeker.pk).erased_at is None

    done = api.post(url, {"confirmation": "Mäkelä"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["first_name"] == "Poistettu" and done.json()["erased_at"]


# Erase: contacts naming the person, and the exit ---------------------------------------------


def test_erasing_blanks_every_text_of_a_contact_that_names_the_person(alice):
    seeker = create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    employer = EmployerFactory(organization=alice.organization)
    naming = EmployerContactFactory(
        user=alice,
        employer=employer,
        summary="Ainolla on paniikkihäiriö, siksi iltavuorot.",
        outcome="Haastattelu sovittu",
        next_step="Soita Ainolle maanantaina",
    )
    other = EmployerContactFactory(user=alice, employer=employer, summary="Kahvila tarvitsee apua")
    for contact in (naming, other):
        contact.candidates.add(seeker)
    follow_up = FollowUpFactory(
        user=alice, employer=employer, contact=naming, title="Soita Ainolle"
    )

    erase_job_seeker(job_seeker=seeker, by=alice)

    naming.refresh_from_db()
    other.refresh_from_db()
    follow_up.refresh_from_db()
    placeholder = "[Poistettu]"
    assert (naming.summary, naming.outcome, naming.next_step) == (placeholder,) * 3
    assert follow_up.title == placeholder
    assert other.summary == "Kahvila tarvitsee apua"  # names nobody: the employer's record


def test_erasing_a_person_still_on_the_caseload_makes_them_exit(alice):
    seeker = create_job_seeker(coach=alice, status="job_search")

    erase_job_seeker(job_seeker=seeker, by=alice)

    seeker.refresh_from_db()
    assert (seeker.status, seeker.exited_on, seeker.exit_reason) == ("exited", TODAY, "other")
    change = StatusChange.objects.filter(job_seeker=seeker).latest("at")
    assert (change.from_status, change.to_status, change.by) == ("job_search", "exited", alice)
    assert selectors.caseload_size(alice).active == 0


def test_erasing_an_exited_person_keeps_their_exit(alice):
    exited_on = TODAY - timedelta(days=3)
    seeker = create_job_seeker(
        coach=alice, status="exited", exited_on=exited_on, exit_reason="education"
    )

    erase_job_seeker(job_seeker=seeker, by=alice)

    seeker.refresh_from_db()
    assert (seeker.exited_on, seeker.exit_reason) == (exited_on, "education")


# Changing an erased person: a message, never a 500 -------------------------------------------


def _erased_with_history_and_result(alice):
    seeker = create_job_seeker(coach=alice)
    entry = add_work_history(
        job_seeker=seeker, by=alice, employer_name="Kahvila", role="Tarjoilija"
    )
    result = record_kykyviisari(
        job_seeker=seeker,
        by=alice,
        assessed_on=TODAY,
        phase="start",
        form=KykyviisariForm.objects.first(),
        **{m: Decimal("5") for m in ("work_ability", "functioning")},
        **{m: Decimal("3") for m in ("life_satisfaction", "self_rated_health")},
        **{m: Decimal("5") for m in ("inclusion", "mind", "everyday_life", "skills", "body")},
    )
    erase_job_seeker(job_seeker=seeker, by=alice)
    return seeker, entry, result


def test_deleting_from_an_erased_person_says_why_instead_of_failing(alice, client_for):
    seeker, entry, result = _erased_with_history_and_result(alice)
    client = client_for(alice)
    urls = [
        reverse("work_history_delete", args=[seeker.pk, entry.pk]),
        reverse("kykyviisari_delete", args=[seeker.pk, result.pk]),
    ]
    for url in urls:
        response = client.post(url, follow=True)
        assert response.status_code == 200
        message = gettext(
            "This person's data has been erased; the record can no longer be changed."
        )
        assert escape(message) in response.content.decode()


def test_the_api_refuses_changes_to_an_erased_person_with_422(alice, api_for):
    seeker, _entry, _result = _erased_with_history_and_result(alice)
    body = {"written_on": TODAY.isoformat(), "text": "Uusi", "contact_type": "phone"}

    response = api_for(alice).post(
        f"/api/v1/candidates/{seeker.pk}/notes", body, content_type="application/json"
    )

    assert response.status_code == 422


# Audit log ----------------------------------------------------------------------------------


def test_an_admin_reviews_the_audit_log_of_a_person_with_readable_actions(
    alice, make_user, client_for
):
    seeker = full_person(alice)
    client_for(alice).get(reverse("candidate_export", args=[seeker.pk]))
    admin = make_user(role=Role.ADMIN)
    response = client_for(admin).get(reverse("candidate_audit", args=[seeker.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Exported all of the person&#x27;s data" in page
    assert "Added a case note" in page
    assert "alice" in page
    assert "crm.candidate.exported" not in page


def test_the_audit_log_is_paginated(alice, make_user, client_for):
    seeker = full_person(alice)
    for _ in range(60):
        add_case_note(job_seeker=seeker, by=alice, text="Tapaaminen")
    admin = make_user(role=Role.ADMIN)
    url = reverse("candidate_audit", args=[seeker.pk])
    first = client_for(admin).get(url).content.decode()
    assert 'rel="next"' in first
    assert client_for(admin).get(url, {"page": 2}).status_code == 200


@pytest.mark.parametrize("role", [Role.COACH, Role.LEAD, Role.RELATIONS])
def test_only_admins_see_the_audit_log(role, alice, make_user, client_for):
    seeker = full_person(alice)
    users = [alice] if role == Role.COACH else [make_user(role=role)]
    for user in users:
        response = client_for(user).get(reverse("candidate_audit", args=[seeker.pk]))
        assert response.status_code == 403


def test_the_pages_of_an_erased_person_say_so_and_show_what_remains(alice, client_for):
    alice.last_name = "Virtanen"  # a random coach name could be "Mäkelä" too
    alice.save()
    seeker = full_person(alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    client = client_for(alice)
    erase_page = client.get(reverse("candidate_erase", args=[seeker.pk])).content.decode()
    assert "was erased on" in erase_page and "Erase permanently" not in erase_page
    export_page = client.get(reverse("candidate_export", args=[seeker.pk]))
    assert export_page.status_code == 200
    assert "Mäkelä" not in export_page.content.decode()
    assert "Kela" in export_page.content.decode()  # the consent's purpose remains


def test_erasing_removes_the_name_from_contacts_logged_on_the_persons_behalf(alice):
    seeker = create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")
    contact = EmployerContactFactory(
        user=alice,
        employer=EmployerFactory(organization=alice.organization),
        summary="Esittelin Aino Mäkelän ja Mäkelä sai haastattelun. Aino Virtanen jatkaa.",
    )
    contact.candidates.add(seeker)
    erase_job_seeker(job_seeker=seeker, by=alice)
    contact.refresh_from_db()
    # The rest of the sentence could identify the person too: the whole text goes.
    assert contact.summary == "[Poistettu]"
    assert seeker.employer_contacts.count() == 1


def test_every_audit_action_about_a_person_has_a_readable_label():
    codes = [
        "crm.candidate.employer_contact_logged",
        "crm.candidate.kykyviisari_viewed",
        "crm.candidate.follow_up_added",
        "crm.candidate.follow_up_done",
        "crm.candidate.follow_up_reopened",
        "crm.candidate.follow_up_rescheduled",
    ]
    for code in codes:
        assert action_label(code) != code
    assert "crm.candidate.health_viewed" not in ACTION_LABELS
