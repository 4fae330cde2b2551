"""Fixes from the review of the job seeker app: filters that would reveal more than BASIC,
erasure leaving text behind or inflating caseloads, no-op edits, future dates, inactive coaches,
silent truncation, transfer locking, Kykyviisari across form versions, audited Kykyviisari reads,
removing the identity code."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from crm.accounts.models import AuditEvent, Role
from crm.candidates import rights, selectors, services
from crm.candidates.models import (
    CoachTransfer,
    JobSeeker,
    KykyviisariForm,
    StatusChange,
)
from crm.core.errors import EditConflict
from tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    FollowUpFactory,
    create_job_seeker,
)

pytestmark = pytest.mark.django_db

CANDIDATES = "/api/v1/candidates"
TODAY = timezone.localdate()
HETU = "010190-900P"  # a temporary (test) identity code, born 1.1.1990


@pytest.fixture
def alice(alice):
    alice.language = "en"
    alice.save()
    return alice


def _errors(response) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in response.json()["detail"]:
        errors.setdefault(item["loc"][-1], []).append(item["msg"])
    return errors


# 3. The API list refuses filters beyond BASIC -----------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"referral_source": "typ"},
        {"municipality": "Imatra"},
        {"ordering": "last_contact"},
        {"ordering": "-intake"},
    ],
)
def test_a_coach_cannot_filter_other_teams_people_beyond_name_coach_and_status(
    query, alice, bob, api_for
):
    create_job_seeker(coach=bob, referral_source="typ", municipality="Imatra")

    response = api_for(alice).get(CANDIDATES, query)

    assert response.status_code == 422
    assert list(_errors(response)) == list(query)


def test_a_coach_filters_their_own_caseload_by_anything(alice, bob, api_for):
    create_job_seeker(coach=alice, last_name="Oma", referral_source="typ")
    create_job_seeker(coach=bob, last_name="Bobin", referral_source="typ")

    response = api_for(alice).get(CANDIDATES, {"referral_source": "typ", "mine": True})

    assert response.status_code == 200
    assert [row["last_name"] for row in response.json()["items"]] == ["Oma"]


def test_basic_filters_and_a_lead_s_filters_still_work(alice, bob, api_for, make_user):
    create_job_seeker(coach=bob, referral_source="typ")

    query = {"status": "job_search", "ordering": "name"}
    assert api_for(alice).get(CANDIDATES, query).status_code == 200
    lead = make_user(role=Role.LEAD)
    assert api_for(lead).get(CANDIDATES, {"referral_source": "typ"}).json()["count"] == 1


# 4 and 7. Erasure --------------------------------------------------------------------------


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

    rights.erase_job_seeker(job_seeker=seeker, by=alice)

    naming.refresh_from_db()
    other.refresh_from_db()
    follow_up.refresh_from_db()
    placeholder = "[Poistettu]"
    assert (naming.summary, naming.outcome, naming.next_step) == (placeholder,) * 3
    assert follow_up.title == placeholder
    assert other.summary == "Kahvila tarvitsee apua"  # names nobody: the employer's record


def test_erasing_a_person_still_on_the_caseload_makes_them_exit(alice):
    seeker = create_job_seeker(coach=alice, status="job_search")

    rights.erase_job_seeker(job_seeker=seeker, by=alice)

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

    rights.erase_job_seeker(job_seeker=seeker, by=alice)

    seeker.refresh_from_db()
    assert (seeker.exited_on, seeker.exit_reason) == (exited_on, "education")


# 6b. No change, no version bump, no audit row ---------------------------------------------


def test_saving_the_same_values_in_another_format_changes_nothing(alice):
    seeker = create_job_seeker(coach=alice, phone="040 123 4567", email="aino@example.fi")
    before = AuditEvent.objects.filter(action="crm.candidate.changed").count()

    services.update_job_seeker(
        job_seeker=seeker,
        by=alice,
        version=seeker.version,
        phone="0401234567",
        email=" AINO@example.fi ",
        first_name=f" {seeker.first_name} ",
    )

    assert JobSeeker.objects.get(pk=seeker.pk).version == 1
    assert AuditEvent.objects.filter(action="crm.candidate.changed").count() == before


def test_saving_an_unchanged_profile_changes_nothing(alice):
    seeker = create_job_seeker(coach=alice)
    services.save_profile(
        job_seeker=seeker, by=alice, version=1, strengths=["täsmällinen"], skills=["Excel"]
    )
    before = AuditEvent.objects.filter(action="crm.candidate.profile_changed").count()

    services.save_profile(
        job_seeker=seeker, by=alice, version=2, strengths=[" täsmällinen "], skills=["excel"]
    )

    seeker.profile.refresh_from_db()
    assert seeker.profile.version == 2
    assert AuditEvent.objects.filter(action="crm.candidate.profile_changed").count() == before


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
        assert rights.action_label(code) != code
    assert "crm.candidate.health_viewed" not in rights.ACTION_LABELS


# 8. Changing an erased person: a message, never a 500 -------------------------------------


def _erased_with_history_and_result(alice):
    seeker = create_job_seeker(coach=alice)
    entry = services.add_work_history(
        job_seeker=seeker, by=alice, employer_name="Kahvila", role="Tarjoilija"
    )
    result = services.record_kykyviisari(
        job_seeker=seeker,
        by=alice,
        assessed_on=TODAY,
        phase="start",
        form=KykyviisariForm.objects.first(),
        **{m: Decimal("5") for m in ("work_ability", "functioning")},
        **{m: Decimal("3") for m in ("life_satisfaction", "self_rated_health")},
        **{m: Decimal("5") for m in ("inclusion", "mind", "everyday_life", "skills", "body")},
    )
    rights.erase_job_seeker(job_seeker=seeker, by=alice)
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
        message = _("This person's data has been erased; the record can no longer be changed.")
        assert escape(message) in response.content.decode()


def test_the_api_refuses_changes_to_an_erased_person_with_422(alice, api_for):
    seeker, _entry, _result = _erased_with_history_and_result(alice)
    body = {"written_on": TODAY.isoformat(), "text": "Uusi", "contact_type": "phone"}

    response = api_for(alice).post(
        f"{CANDIDATES}/{seeker.pk}/notes", body, content_type="application/json"
    )

    assert response.status_code == 422


# 9. Dates in the future ----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["referred_on", "intake_on", "birth_date"])
def test_the_api_refuses_a_future_date(field, alice, api_for):
    body = {
        "first_name": "Aino",
        "last_name": "Tuleva",
        "referral_source": "self",
        "referred_on": TODAY.isoformat(),
        field: (TODAY + timedelta(days=1)).isoformat(),
    }

    response = api_for(alice).post(CANDIDATES, body, content_type="application/json")

    assert response.status_code == 422
    assert field in _errors(response)


def test_an_exit_cannot_be_dated_in_the_future_through_the_api(alice, api_for):
    seeker = create_job_seeker(coach=alice)
    body = {
        "version": seeker.version,
        "status": "exited",
        "exit_reason": "education",
        "exited_on": (TODAY + timedelta(days=2)).isoformat(),
    }

    response = api_for(alice).patch(
        f"{CANDIDATES}/{seeker.pk}", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert _errors(response)["exited_on"] == [_("The exit date cannot be in the future.")]


def test_today_is_a_valid_referral_and_intake_date(alice):
    seeker = create_job_seeker(coach=alice, referred_on=TODAY, intake_on=TODAY)
    assert seeker.pk


# 11. A deactivated coach does not lock their people ---------------------------------------


def test_a_deactivated_coach_s_people_can_still_be_edited_and_transferred(alice, bob):
    seeker = create_job_seeker(coach=bob)
    bob.is_active = False
    bob.save()

    services.update_job_seeker(job_seeker=seeker, by=alice, version=1, address="Koulukatu 5")
    services.transfer_job_seeker(job_seeker=seeker, to_coach=alice, by=alice, version=2)

    seeker.refresh_from_db()
    assert (seeker.address, seeker.coach) == ("Koulukatu 5", alice)


def test_a_person_cannot_be_given_to_a_deactivated_coach(alice, bob, api_for):
    bob.is_active = False
    bob.save()
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=bob)
    assert "coach" in error.value.message_dict


# 13. Nothing silently cut --------------------------------------------------------------------


def test_an_over_long_transfer_reason_is_a_field_error(alice, bob, api_for):
    seeker = create_job_seeker(coach=alice)
    body = {"coach_id": bob.pk, "version": seeker.version, "reason": "x" * 251}

    response = api_for(alice).post(
        f"{CANDIDATES}/{seeker.pk}/transfer", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert "reason" in _errors(response)
    assert not CoachTransfer.objects.exists()


def test_an_over_long_strength_is_a_field_error_naming_it(alice):
    seeker = create_job_seeker(coach=alice)
    with pytest.raises(ValidationError) as error:
        services.save_profile(
            job_seeker=seeker, by=alice, version=1, strengths=["ok", "pitkä " * 30]
        )
    assert "strengths" in error.value.message_dict
    assert "pitkä" in error.value.message_dict["strengths"][0]


# 14. Transfers are optimistically locked ------------------------------------------------------


def test_a_stale_transfer_is_a_conflict(alice, bob, make_user):
    seeker = create_job_seeker(coach=alice)
    services.update_job_seeker(job_seeker=seeker, by=alice, version=1, address="Uusi osoite")

    with pytest.raises(EditConflict):
        services.transfer_job_seeker(job_seeker=seeker, to_coach=bob, by=alice, version=1)
    assert not CoachTransfer.objects.exists()


def test_the_api_says_409_for_a_stale_transfer(alice, bob, api_for):
    seeker = create_job_seeker(coach=alice)
    body = {"coach_id": bob.pk, "version": seeker.version - 1 or 99}

    response = api_for(alice).post(
        f"{CANDIDATES}/{seeker.pk}/transfer", body, content_type="application/json"
    )

    assert response.status_code == 409


def test_the_transfer_page_shows_a_conflict(alice, bob, client_for):
    seeker = create_job_seeker(coach=alice)
    post = {"to_coach": bob.pk, "version": 99}

    response = client_for(alice).post(reverse("candidate_transfer", args=[seeker.pk]), post)

    assert response.status_code == 409
    assert _("Someone else changed this while you were editing") in response.content.decode()
    assert JobSeeker.objects.get(pk=seeker.pk).coach == alice


# 15. Kykyviisari change across form versions -----------------------------------------------


def _result(seeker, coach, form, on, value):
    return services.record_kykyviisari(
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
    _result(seeker, alice, old, TODAY - timedelta(days=30), "4")
    _result(seeker, alice, new, TODAY, "6")

    changes = {
        c.measure: c.change
        for c in selectors.kykyviisari_change(list(seeker.kykyviisari_results.all()))
    }

    assert changes["work_ability"] == Decimal("2")
    assert changes["mind"] is None
    response = client_for(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk]))
    assert response.status_code == 200
    assert _("Not comparable: different form versions") in response.content.decode()
    body = api_for(alice).get(f"{CANDIDATES}/{seeker.pk}/kykyviisari").json()
    mind = next(c for c in body["change"] if c["measure"] == "mind")
    assert (mind["change"], mind["comparable"]) == (None, False)


# 19. Kykyviisari reads are audited ------------------------------------------------------------


def test_a_lead_reading_kykyviisari_is_audited(alice, make_user, client_for):
    seeker = create_job_seeker(coach=alice)
    lead = make_user(role=Role.LEAD, language="en")

    client_for(lead).get(reverse("candidate_kykyviisari", args=[seeker.pk]))

    event = AuditEvent.objects.get(action="crm.candidate.kykyviisari_viewed")
    assert event.user == lead


# 20. Removing the identity code; birth date must match it ---------------------------------


def test_the_coach_removes_the_identity_code(alice, client_for):
    seeker = create_job_seeker(coach=alice, henkilotunnus=HETU)
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


def test_a_birth_date_that_does_not_match_the_identity_code_is_refused(alice):
    with pytest.raises(ValidationError) as error:
        create_job_seeker(coach=alice, henkilotunnus=HETU, birth_date=TODAY - timedelta(days=9000))
    assert "birth_date" in error.value.message_dict
