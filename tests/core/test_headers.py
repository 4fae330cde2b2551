"""Response headers: nothing the application answers is kept by a browser or proxy cache
(person pages, the printable export with the full henkilötunnus, API reads, exports), while
static files stay cacheable; no page may use cameras, microphones or location."""

from __future__ import annotations

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age

from crm.accounts.models import Role
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}


def assert_not_stored(response) -> None:
    directives = cache_directives(response)
    assert {"no-store", "private"} <= directives, (response.request["PATH_INFO"], directives)


def test_pages_with_personal_data_are_never_stored(alice, client_for):
    person = create_job_seeker(coach=alice, henkilotunnus="131052-900W")
    client = client_for(alice)

    for url in [
        reverse("candidate_detail", args=[person.pk]),
        reverse("candidate_profile", args=[person.pk]),
        reverse("candidate_notes", args=[person.pk]),
        reverse("candidate_export", args=[person.pk]),  # the printable page, full henkilötunnus
        reverse("candidate_export_json", args=[person.pk]),
        reverse("candidate_caseload"),
        reverse("home"),
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_employer_pages_and_exports_are_never_stored(org, make_user, client_for):
    relations = make_user(role=Role.RELATIONS)
    employer = EmployerFactory(organization=org)
    client = client_for(relations)

    for url in [
        reverse("employer_list"),
        reverse("employer_detail", args=[employer.pk]),
        reverse("employer_export"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_api_reads_are_never_stored(alice, api_for):
    person = create_job_seeker(coach=alice)
    api = api_for(alice)

    for url in [
        "/api/v1/me",
        "/api/v1/candidates",
        f"/api/v1/candidates/{person.pk}",
        f"/api/v1/candidates/{person.pk}/profile",
        f"/api/v1/candidates/{person.pk}/export",
    ]:
        response = api.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_answers_to_anonymous_visitors_are_not_stored_either():
    client = Client()
    for url in [reverse("login"), "/api/v1/candidates", "/healthz"]:
        assert_not_stored(client.get(url))


def test_error_pages_are_not_stored(alice, client_for):
    response = client_for(alice).get("/no-such-page/")
    assert response.status_code == 404
    assert_not_stored(response)
    assert "public" not in cache_directives(response)


def test_static_files_stay_cacheable():
    response = Client().get(static("css/app.css"))

    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)
    assert (get_max_age(response) or 0) > 0


def test_no_page_may_use_device_sensors_or_payments(alice, client_for):
    for response in [
        client_for(alice).get(reverse("home"), follow=True),
        Client().get("/api/v1/me"),
    ]:
        policy = dict(
            part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert policy[feature] == "()", feature
