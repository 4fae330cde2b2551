"""Issue 13, item 2, for job seekers: referral, intake, exit, birth, milestones, Kykyviisari,
consents, case notes and work history refuse dates that cannot be data — a field-level 422 (or
the form again), nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.candidates.models import (
    CaseNote,
    Consent,
    JobSeeker,
    KykyviisariResult,
    Milestone,
    WorkHistoryEntry,
)
from tests.candidates.test_api_progress import scores
from tests.employers.test_api_employers import field_errors
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
JSON = "application/json"


@pytest.fixture
def seeker(alice):
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Mäkelä")


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


def new_person(**dates) -> dict:
    return {
        "first_name": "Ville",
        "last_name": "Niemi",
        "referral_source": "typ",
        "referred_on": (TODAY - timedelta(days=10)).isoformat(),
        **dates,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("birth_date", "1899-12-31"),
        ("birth_date", "0001-01-01"),
        ("referred_on", "1999-12-31"),
        ("referred_on", "9999-12-31"),
        ("intake_on", "0001-01-01"),
    ],
)
def test_a_person_with_a_date_out_of_range_is_a_422(api, field, value):
    response = api.post("/api/v1/candidates", new_person(**{field: value}), content_type=JSON)

    assert set(field_errors(response)) == {field}
    assert not JobSeeker.objects.exists()


def test_a_birth_date_on_1_january_1900_is_accepted(api):
    response = api.post(
        "/api/v1/candidates", new_person(birth_date="1900-01-01"), content_type=JSON
    )

    assert response.status_code == 201, response.content


def test_an_exit_in_year_1_is_a_422_and_changes_nothing(api, seeker):
    body = {"version": seeker.version, "status": "exited", "exit_reason": "other"}

    response = api.patch(
        f"/api/v1/candidates/{seeker.pk}", body | {"exited_on": "0001-01-01"}, content_type=JSON
    )

    assert set(field_errors(response)) == {"exited_on"}
    before = seeker.status
    seeker.refresh_from_db()
    assert (seeker.status, seeker.exited_on) == (before, None)


GRANTED = {"purpose": "employer_disclosure", "granted_on": TODAY.isoformat()}
PROGRESS = {
    "milestone": ("milestones", {"kind": "benefits_counselling", "reached_on": "0001-01-01"}),
    "kykyviisari": ("kykyviisari", scores(assessed_on="1999-12-31")),
    "consent granted": ("consents", GRANTED | {"granted_on": "0001-01-01"}),
    "consent expiry": ("consents", GRANTED | {"expires_on": "9999-12-31"}),
    "case note": ("notes", {"text": "Tapaaminen", "written_on": "0001-01-01"}),
}
PROGRESS_ROWS = {
    "milestone": (Milestone, "reached_on"),
    "kykyviisari": (KykyviisariResult, "assessed_on"),
    "consent granted": (Consent, "granted_on"),
    "consent expiry": (Consent, "expires_on"),
    "case note": (CaseNote, "written_on"),
}


@pytest.mark.parametrize("case", PROGRESS)
def test_progress_with_a_date_out_of_range_is_a_422(api, seeker, case):
    tail, body = PROGRESS[case]
    model, field = PROGRESS_ROWS[case]

    response = api.post(f"/api/v1/candidates/{seeker.pk}/{tail}", body, content_type=JSON)

    assert set(field_errors(response)) == {field}
    assert not model.objects.exists()


def test_work_history_from_year_1_is_a_422_and_keeps_the_profile(api, seeker):
    entry = {"employer_name": "Kauppa Oy", "role": "Myyjä", "started_on": "0001-01-01"}

    response = api.put(
        f"/api/v1/candidates/{seeker.pk}/profile", {"work_history": [entry]}, content_type=JSON
    )

    assert response.status_code == 422
    assert not WorkHistoryEntry.objects.exists()


def test_the_person_form_refuses_a_birth_date_before_1900(alice, client_for):
    data = new_person(birth_date="1899-12-31", coach=alice.pk, status="referred")

    response = client_for(alice).post(reverse("candidate_create"), data)

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"birth_date"}
    assert response.context["form"].errors["birth_date"][0].startswith("Anna päivämäärä")
    assert not JobSeeker.objects.exists()


def test_the_case_note_form_refuses_year_1(alice, seeker, client_for):
    data = {"written_on": "0001-01-01", "contact_type": "face_to_face", "text": "Tapaaminen"}

    response = client_for(alice).post(reverse("candidate_notes", args=[seeker.pk]), data)

    assert response.status_code == 422
    assert not CaseNote.objects.exists()
