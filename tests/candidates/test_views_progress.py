"""Kykyviisari, consents and case notes pages, per access level."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import AuditEvent, Role
from crm.candidates.models import CaseNote, Consent, KykyviisariForm, KykyviisariResult
from crm.candidates.services.consents import grant_consent, revoke_consent, valid_consent
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.candidates.services.notes import add_case_note
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PAGES = ["candidate_kykyviisari", "candidate_consents", "candidate_notes"]


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
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")


def scores(**overrides):
    values = {
        "assessed_on": TODAY.isoformat(),
        "phase": "start",
        "form": KykyviisariForm.objects.get(version="web-2020").pk,
        "work_ability": "5",
        "functioning": "6",
        "life_satisfaction": "3",
        "self_rated_health": "3",
        "inclusion": "5",
        "mind": "5",
        "everyday_life": "5",
        "skills": "5",
        "body": "5",
    }
    return values | overrides


def record(seeker, by, **overrides):
    data = scores(**overrides)
    data["form"] = KykyviisariForm.objects.get(pk=data["form"])
    decimals = {k: Decimal(v) for k, v in data.items() if k not in ("assessed_on", "phase", "form")}
    data["assessed_on"] = timezone.datetime.fromisoformat(data["assessed_on"]).date()
    return record_kykyviisari(job_seeker=seeker, by=by, **(data | decimals))


# Access ------------------------------------------------------------------------------------


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


def test_a_lead_reads_kykyviisari_and_consents_without_forms(seeker, alice, lead, english):
    record(seeker, alice, work_ability="4.5")
    grant_consent(job_seeker=seeker, by=alice, purpose="kela", granted_on=TODAY)
    client = english(lead)

    kyky = client.get(reverse("candidate_kykyviisari", args=[seeker.pk])).content.decode()
    consents = client.get(reverse("candidate_consents", args=[seeker.pk])).content.decode()

    assert "4.5" in kyky and "Add a result" not in kyky
    assert "Sharing with Kela" in consents
    assert "Record a consent" not in consents and "/revoke/" not in consents


def test_a_lead_cannot_add_results_or_revoke_consents(seeker, alice, lead, client_for):
    consent = grant_consent(job_seeker=seeker, by=alice, purpose="kela", granted_on=TODAY)
    client = client_for(lead)

    added = client.post(reverse("candidate_kykyviisari", args=[seeker.pk]), scores())
    revoked = client.post(reverse("consent_revoke", args=[seeker.pk, consent.pk]))

    assert (added.status_code, revoked.status_code) == (403, 403)
    assert not KykyviisariResult.objects.exists()
    assert Consent.objects.get().revoked_on is None


def test_a_lead_is_refused_the_notes_with_the_reason(seeker, lead, english):
    response = english(lead).get(reverse("candidate_notes", args=[seeker.pk]))

    assert response.status_code == 403
    assert "own coach team can see or change this" in response.content.decode()
    assert not AuditEvent.objects.filter(action="crm.candidate.notes_viewed").exists()


def test_a_lead_reading_kykyviisari_is_audited(alice, make_user, client_for):
    seeker = create_job_seeker(coach=alice)
    lead = make_user(role=Role.LEAD, language="en")

    client_for(lead).get(reverse("candidate_kykyviisari", args=[seeker.pk]))

    event = AuditEvent.objects.get(action="crm.candidate.kykyviisari_viewed")
    assert event.user == lead


# Kykyviisari -------------------------------------------------------------------------------


def test_the_add_form_shows_the_ranges(seeker, alice, english):
    html = english(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk])).content.decode()

    assert "work ability (0–10)" in html.lower()
    assert "life satisfaction (1–5)" in html.lower()
    assert 'name="work_ability"' in html and 'max="10"' in html
    assert 'name="life_satisfaction"' in html and 'min="1"' in html and 'max="5"' in html
    assert "Range depends on the form version: 0–10 (paper-2020, web-2020)" in html


def test_the_coach_adds_a_result(seeker, alice, client_for):
    response = client_for(alice).post(
        reverse("candidate_kykyviisari", args=[seeker.pk]), scores(work_ability="6.5")
    )

    assert response.status_code == 302
    assert KykyviisariResult.objects.get().work_ability == Decimal("6.5")


def test_scores_out_of_range_are_field_errors_and_nothing_is_saved(seeker, alice, english):
    response = english(alice).post(
        reverse("candidate_kykyviisari", args=[seeker.pk]),
        scores(work_ability="11", life_satisfaction="0", mind="12"),
    )

    assert response.status_code == 422
    html = response.content.decode()
    for field in ("work_ability", "life_satisfaction", "mind"):
        assert f'id="id_{field}_error"' in html
    assert "Must be between 0.0 and 10.0 on form web-2020." in html
    assert not KykyviisariResult.objects.exists()


def test_the_change_is_shown_as_numbers_with_signs_and_as_a_chart(seeker, alice, english):
    record(seeker, alice, assessed_on=(TODAY - timedelta(days=90)).isoformat())
    record(seeker, alice, phase="end", work_ability="7.5", functioning="4.5", body="5")

    html = english(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk])).content.decode()

    assert "Change from start to latest" in html
    assert "+2.5" in html and "higher" in html
    assert "\u22121.5" in html and "lower" in html
    assert "no change" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "style=" not in svg
    assert "Work ability from 5.0 to 7.5 (+2.5, higher)" in svg
    assert "Functioning from 6.0 to 4.5 (\u22121.5, lower)" in svg
    assert ">7.5</text>" in svg and ">4.5</text>" in svg


def test_no_chart_with_a_single_result(seeker, alice, english):
    record(seeker, alice)

    html = english(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk])).content.decode()

    assert "<svg" not in html
    assert "at least two results" in html


def test_the_coach_deletes_a_result(seeker, alice, client_for):
    result = record(seeker, alice)

    client_for(alice).post(reverse("kykyviisari_delete", args=[seeker.pk, result.pk]))

    assert not KykyviisariResult.objects.exists()


# Consents ----------------------------------------------------------------------------------


def test_consents_are_listed_with_a_text_status(seeker, alice, english):
    grant_consent(
        job_seeker=seeker,
        by=alice,
        purpose="kela",
        granted_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=35),
    )
    grant_consent(job_seeker=seeker, by=alice, purpose="employer_disclosure", granted_on=TODAY)

    html = english(alice).get(reverse("candidate_consents", args=[seeker.pk])).content.decode()

    assert "Expired" in html and "Valid" in html
    assert "Disclosure to an employer" in html
    assert "presenting the person to an employer needs" in html


def test_a_consent_expiring_before_it_was_granted_is_a_field_error(seeker, alice, english):
    response = english(alice).post(
        reverse("candidate_consents", args=[seeker.pk]),
        {
            "purpose": "kela",
            "granted_on": TODAY.isoformat(),
            "expires_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_expires_on_error"' in html
    assert "The expiry cannot be before the consent was granted." in html
    assert not Consent.objects.exists()


def test_the_coach_records_and_revokes_a_consent(seeker, alice, english):
    client = english(alice)
    client.post(
        reverse("candidate_consents", args=[seeker.pk]),
        {"purpose": "employer_disclosure", "granted_on": TODAY.isoformat()},
    )
    consent = Consent.objects.get()
    assert valid_consent(seeker, "employer_disclosure") == consent

    response = client.post(
        reverse("consent_revoke", args=[seeker.pk, consent.pk]),
        {"revoked_on": TODAY.isoformat()},
        follow=True,
    )

    consent.refresh_from_db()
    assert consent.revoked_on == TODAY
    assert valid_consent(seeker, "employer_disclosure") is None
    html = response.content.decode()
    assert "Consent revoked" in html and "Revoked" in html
    assert AuditEvent.objects.filter(action="crm.candidate.consent_revoked").exists()


def test_revoking_twice_says_it_was_already_revoked(seeker, alice, english):
    consent = grant_consent(job_seeker=seeker, by=alice, purpose="kela", granted_on=TODAY)
    revoke_consent(consent=consent, by=alice)

    response = english(alice).post(
        reverse("consent_revoke", args=[seeker.pk, consent.pk]),
        {"revoked_on": TODAY.isoformat()},
        follow=True,
    )

    assert "already been revoked" in response.content.decode()


# Case notes --------------------------------------------------------------------------------


def test_the_coach_team_reads_notes_newest_first_and_the_read_is_audited(seeker, alice, english):
    add_case_note(
        job_seeker=seeker, by=alice, text="Vanha muistiinpano", written_on=TODAY - timedelta(5)
    )
    add_case_note(job_seeker=seeker, by=alice, text="Lääkitys muuttui", sensitive=True)

    html = english(alice).get(reverse("candidate_notes", args=[seeker.pk])).content.decode()

    assert html.index("Lääkitys muuttui") < html.index("Vanha muistiinpano")
    assert "Sensitive</span>" in html
    assert "Met face to face" in html
    event = AuditEvent.objects.get(action="crm.candidate.notes_viewed")
    assert event.user == alice and event.object_id == str(seeker.pk)


def test_the_coach_adds_a_sensitive_note(seeker, alice, client_for):
    response = client_for(alice).post(
        reverse("candidate_notes", args=[seeker.pk]),
        {
            "written_on": TODAY.isoformat(),
            "contact_type": "phone",
            "text": "Soitti, vointi parempi",
            "sensitive": "on",
        },
    )

    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.contact_type, note.sensitive, note.author) == ("phone", True, alice)


def test_a_note_without_text_or_in_the_future_is_refused(seeker, alice, english):
    client = english(alice)
    url = reverse("candidate_notes", args=[seeker.pk])
    empty = client.post(url, {"written_on": TODAY.isoformat(), "contact_type": "phone"})
    future = client.post(
        url,
        {
            "written_on": (TODAY + timedelta(days=3)).isoformat(),
            "contact_type": "phone",
            "text": "Huomenna",
        },
    )

    assert (empty.status_code, future.status_code) == (422, 422)
    assert 'id="id_text_error"' in empty.content.decode()
    assert "cannot be dated in the future" in future.content.decode()
    assert not CaseNote.objects.exists()


def test_notes_are_paginated(seeker, alice, english):
    for day in range(30):
        add_case_note(
            job_seeker=seeker,
            by=alice,
            text=f"Merkintä {day:02}",
            written_on=TODAY - timedelta(day),
        )

    client = english(alice)
    first = client.get(reverse("candidate_notes", args=[seeker.pk])).content.decode()
    second = client.get(reverse("candidate_notes", args=[seeker.pk]), {"page": 2}).content.decode()

    assert "Merkintä 00" in first and "Merkintä 29" not in first
    assert "Merkintä 29" in second and "Page 2 of 2" in second


def test_close_values_get_chart_labels_that_do_not_overlap(seeker, alice, english):
    import re

    record(seeker, alice, assessed_on=(TODAY - timedelta(days=90)).isoformat(), functioning="5.5")
    record(seeker, alice, phase="end", work_ability="6", functioning="6")

    html = english(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk])).content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    labels = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(?:start|end)" font-size="12" '
        r'font-weight="bold"[^>]*>([\d.]+)</text>',
        svg,
    )
    assert sorted(text for _, _, text in labels) == ["5.0", "5.5", "6.0", "6.0"]
    by_x: dict[str, list[float]] = {}
    for x, y, _ in labels:
        by_x.setdefault(x, []).append(float(y))
    for ys in by_x.values():
        assert abs(ys[0] - ys[1]) >= 14  # a line of 12-unit text apart, not on top of each other
    first_x = min(float(x) for x in by_x)
    assert first_x - 30 >= 30  # the grid starts at x=30: room for "10.0" right of the axis


def test_the_domain_range_hint_is_shown_once_for_the_whole_group(seeker, alice, english):
    html = english(alice).get(reverse("candidate_kykyviisari", args=[seeker.pk])).content.decode()

    assert html.count("Range depends on the form version") == 1
    assert '<fieldset aria-describedby="kv-domain-help">' in html
    assert 'id="kv-domain-help"' in html
    assert 'id="id_mind_helptext"' not in html
