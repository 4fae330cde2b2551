"""Issue 13, item 3: inputs that answered 500 are field-level 422s and store nothing — null in a
PATCH, an offset past 2^63 on every list, half a UTF-16 surrogate pair in a JSON string."""

from __future__ import annotations

import pytest

from crm.api import api as ninja_api
from crm.employers.models import Employer, Opening
from tests.employers.test_api_employers import field_errors
from tests.factories import (
    ContactPersonFactory,
    EmployerFactory,
    FollowUpFactory,
    OpeningFactory,
    create_job_seeker,
    create_placement,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


@pytest.fixture
def records(org, alice):
    employer = EmployerFactory(organization=org, name="K-Market Lappeenranta")
    return {
        "employer": employer,
        "person": ContactPersonFactory(employer=employer),
        "opening": OpeningFactory(employer=employer),
        "follow_up": FollowUpFactory(user=alice, employer=employer),
        "seeker": (seeker := create_job_seeker(coach=alice)),
        "placement": create_placement(candidate=seeker, employer=employer),
    }


# null in PATCH ------------------------------------------------------------------------------

EMPLOYER_FIELDS = ["name", "notes", "address", "website", "industry", "size_class"]
PERSON_FIELDS = ["name", "title", "email", "is_decision_maker", "preferred_channel"]
OPENING_FIELDS = ["title", "occupation", "tasks", "languages", "schedule", "remote", "status"]


def _snapshot(obj) -> dict:
    return type(obj).objects.filter(pk=obj.pk).values().get()


@pytest.mark.parametrize("field", EMPLOYER_FIELDS)
def test_null_for_an_employer_field_that_cannot_be_empty_is_a_422(api, records, field):
    employer = records["employer"]
    before = _snapshot(employer)
    body = {"version": employer.version, field: None}

    response = api.patch(f"/api/v1/employers/{employer.pk}", body, content_type=JSON)

    assert set(field_errors(response)) == {field}
    assert _snapshot(employer) == before


@pytest.mark.parametrize("field", PERSON_FIELDS)
def test_null_for_a_contact_person_field_is_a_422(api, records, field):
    person = records["person"]
    before = _snapshot(person)
    url = f"/api/v1/employers/{records['employer'].pk}/contacts/{person.pk}"

    response = api.patch(url, {field: None}, content_type=JSON)

    assert set(field_errors(response)) == {field}
    assert _snapshot(person) == before


@pytest.mark.parametrize("field", OPENING_FIELDS)
def test_null_for_an_opening_field_is_a_422(api, records, field):
    opening = records["opening"]
    before = _snapshot(opening)
    body = {"version": opening.version, field: None}

    response = api.patch(f"/api/v1/openings/{opening.pk}", body, content_type=JSON)

    assert set(field_errors(response)) == {field}
    assert _snapshot(opening) == before


def test_null_still_clears_what_may_be_empty(api, records, alice):
    employer, opening = records["employer"], records["opening"]
    Employer.objects.filter(pk=employer.pk).update(owner=alice)

    cleared = api.patch(
        f"/api/v1/employers/{employer.pk}",
        {"version": employer.version, "owner_id": None, "stage": None},
        content_type=JSON,
    )
    no_start = api.patch(
        f"/api/v1/openings/{opening.pk}",
        {"version": opening.version, "start_on": None, "hours_per_week": None},
        content_type=JSON,
    )

    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["owner_id"] is None
    assert no_start.status_code == 200, no_start.content
    assert Opening.objects.get(pk=opening.pk).start_on is None


# offset ------------------------------------------------------------------------------------


def _list_paths(records) -> dict[str, str]:
    employer, opening, seeker = records["employer"], records["opening"], records["seeker"]
    placement = records["placement"]
    return {
        "/employers": "/api/v1/employers",
        "/employers/{int:employer_id}/contacts": f"/api/v1/employers/{employer.pk}/contacts",
        "/employer-contacts": "/api/v1/employer-contacts",
        "/follow-ups": "/api/v1/follow-ups",
        "/openings": "/api/v1/openings",
        "/openings/{int:opening_id}/tailoring-notes": (
            f"/api/v1/openings/{opening.pk}/tailoring-notes"
        ),
        "/candidates": "/api/v1/candidates",
        "/candidates/{int:candidate_id}/consents": f"/api/v1/candidates/{seeker.pk}/consents",
        "/candidates/{int:candidate_id}/notes": f"/api/v1/candidates/{seeker.pk}/notes",
        "/candidates/{int:candidate_id}/milestones": f"/api/v1/candidates/{seeker.pk}/milestones",
        "/candidates/{int:candidate_id}/kykyviisari": (
            f"/api/v1/candidates/{seeker.pk}/kykyviisari"
        ),
        "/proposals": "/api/v1/proposals",
        "/openings/{int:opening_id}/matches": f"/api/v1/openings/{opening.pk}/matches",
        "/candidates/{int:candidate_id}/matches": f"/api/v1/candidates/{seeker.pk}/matches",
        "/placements": "/api/v1/placements",
        "/placements/{int:placement_id}/support-contacts": (
            f"/api/v1/placements/{placement.pk}/support-contacts"
        ),
        "/placements/{int:placement_id}/check-ins": f"/api/v1/placements/{placement.pk}/check-ins",
        "/fidelity-reviews": "/api/v1/fidelity-reviews",
    }


def _offset_endpoints() -> set[str]:
    """Every GET endpoint that takes `offset`, found in the API itself."""
    return {
        path
        for _prefix, router in ninja_api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        if "GET" in operation.methods
        and any(
            "offset" in getattr(info.annotation, "model_fields", {})
            for model in operation.models
            for info in model.model_fields.values()
        )
    }


def test_every_list_endpoint_is_in_the_offset_test(records):
    assert _offset_endpoints() == set(_list_paths(records))


@pytest.mark.parametrize("offset", [2**63, 2**63 - 1, 2**64, 10**30])
def test_an_offset_past_any_list_is_a_422_on_every_list(api, records, offset):
    answers = {
        path: api.get(url, {"offset": offset}).status_code
        for path, url in _list_paths(records).items()
    }

    assert answers == dict.fromkeys(answers, 422)


def test_a_large_offset_within_the_bound_is_an_empty_page(api):
    response = api.get("/api/v1/employers", {"offset": 999_999_999})

    assert response.status_code == 200
    assert response.json()["items"] == []


# lone surrogates ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["\\ud800", "Oy \\udfff", "\\ud83d"])
def test_half_a_surrogate_pair_in_json_is_a_422(api, text):
    body = '{"name": "%s", "municipality": "Imatra"}' % text  # noqa: UP031  (raw JSON)

    response = api.post("/api/v1/employers", body, content_type=JSON)

    assert set(field_errors(response)) == {"name"}
    assert not Employer.objects.exists()


def test_a_whole_surrogate_pair_is_an_ordinary_character(api):
    body = '{"name": "Hymy \\ud83d\\ude00 Oy", "municipality": "Imatra"}'

    response = api.post("/api/v1/employers", body, content_type=JSON)

    assert response.status_code == 201, response.content
    assert Employer.objects.get().name == "Hymy 😀 Oy"


def test_a_surrogate_in_a_nested_list_is_found(api, records):
    opening = records["opening"]
    body = '{"version": %d, "required_skills": ["trukki", "\\udc00"]}' % opening.version  # noqa: UP031

    response = api.patch(f"/api/v1/openings/{opening.pk}", body, content_type=JSON)

    assert set(field_errors(response)) == {"required_skills.1"}
    assert not Opening.objects.get(pk=opening.pk).required_skills.exists()


# API tokens --------------------------------------------------------------------------------


@pytest.mark.parametrize("days", ["10000000", "1826", "3000000"])
def test_a_token_valid_for_too_long_is_refused_in_one_line(alice, days):
    from django.core.management import CommandError, call_command

    from crm.accounts.models import APIToken

    with pytest.raises(CommandError, match="1825"):
        call_command("create_api_token", "alice", "--days", days)

    assert not APIToken.objects.exists()


def test_a_token_name_too_long_is_refused_in_one_line(alice):
    from django.core.management import CommandError, call_command

    from crm.accounts.models import APIToken

    with pytest.raises(CommandError, match="100"):
        call_command("create_api_token", "alice", "--name", "x" * 101)

    assert not APIToken.objects.exists()


# Free-text length ----------------------------------------------------------------------------


def test_every_free_text_of_every_model_has_a_length_limit():
    from django.apps import apps
    from django.core.validators import MaxLengthValidator
    from django.db import models

    from crm.core import texts

    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("crm.") and not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        and not any(
            isinstance(v, MaxLengthValidator) and v.limit_value <= texts.MAX_LENGTH
            for v in field.validators
        )
    ]

    assert unlimited == []


LONG = "x" * 10_001


def _text_writes(records) -> dict[str, tuple[str, str, dict, str]]:
    employer, opening, seeker = records["employer"], records["opening"], records["seeker"]
    contact = {"employer_id": employer.pk, "channel": "phone", "purpose": "other"}
    new_opening = {"employer_id": employer.pk, "title": "Kassa", "tasks": LONG}
    tailoring = f"/api/v1/openings/{opening.pk}/tailoring-notes"
    profile = f"/api/v1/candidates/{seeker.pk}/profile"
    return {
        "employer notes": ("post", "/api/v1/employers", {"name": "Oy", "notes": LONG}, "notes"),
        "contact summary": (
            "post",
            "/api/v1/employer-contacts",
            {**contact, "summary": LONG},
            "summary",
        ),
        "opening tasks": ("post", "/api/v1/openings", new_opening, "tasks"),
        "tailoring": ("post", tailoring, {"adjustments": LONG}, "adjustments"),
        "case note": ("post", f"/api/v1/candidates/{seeker.pk}/notes", {"text": LONG}, "text"),
        "profile": ("put", profile, {"version": 1, "education": LONG}, "education"),
    }


@pytest.mark.parametrize(
    "case",
    ["employer notes", "contact summary", "opening tasks", "tailoring", "case note", "profile"],
)
def test_a_text_over_10000_characters_is_a_422_and_nothing_is_stored(api, records, case):
    from crm.candidates.models import CareerProfile, CaseNote
    from crm.employers.models import EmployerContact, TailoringNote

    method, url, body, field = _text_writes(records)[case]
    counts = [m.objects.count() for m in (Employer, EmployerContact, Opening, TailoringNote)]
    notes = CaseNote.objects.count()

    response = getattr(api, method)(url, body, content_type=JSON)

    assert set(field_errors(response)) == {field}
    assert [m.objects.count() for m in (Employer, EmployerContact, Opening, TailoringNote)] == (
        counts
    )
    assert CaseNote.objects.count() == notes
    assert not CareerProfile.objects.filter(education=LONG).exists()


def test_a_text_of_10000_characters_is_stored(api, records):
    response = api.post(
        "/api/v1/employers", {"name": "Pitkä Oy", "notes": "x" * 10_000}, content_type=JSON
    )

    assert response.status_code == 201, response.content


def test_the_contact_form_refuses_a_text_over_the_limit_on_its_field(records, alice, client_for):
    from django.urls import reverse

    from crm.employers.models import EmployerContact

    response = client_for(alice).post(
        reverse("contact_create", args=[records["employer"].pk]),
        {
            "occurred_at": "2026-01-02T10:00",
            "channel": "phone",
            "purpose": "other",
            "summary": LONG,
        },
    )

    assert response.status_code == 422
    assert "summary" in response.context["form"].errors
    assert not EmployerContact.objects.exists()
