"""Everything under /api/v1/ answers in JSON, with the status the contract names."""

from __future__ import annotations

import pytest
from django.test import Client

EMPLOYERS = "/api/v1/employers"


def assert_json_error(response, status: int) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [("post", EMPLOYERS), ("patch", f"{EMPLOYERS}/1"), ("get", EMPLOYERS)],
)
def test_an_anonymous_request_gets_401_not_a_csrf_error(method, path):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(path, {"name": "Oy Ab"}, content_type="application/json")

    assert_json_error(response, 401)


@pytest.mark.django_db
def test_a_logged_in_browser_still_needs_the_csrf_token_to_write(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    without_token = client.post(EMPLOYERS, {"name": "Oy Ab"}, content_type="application/json")
    client.get("/my-day/")  # sets the CSRF cookie, as any page does
    token = client.cookies["csrftoken"].value
    with_token = client.post(
        EMPLOYERS,
        {"name": "Oy Ab"},
        content_type="application/json",
        headers={"x-csrftoken": token},
    )

    assert without_token.status_code == 403
    assert with_token.status_code not in {401, 403}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/no-such-thing", "/api/v1/me/", "/api/v1/x/y"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_path_gets_a_json_404(method, path, alice, client_for):
    response = getattr(client_for(alice), method)(path)

    assert_json_error(response, 404)


@pytest.mark.django_db
def test_an_unknown_path_is_a_json_404_for_anonymous_clients_too():
    assert_json_error(Client(enforce_csrf_checks=True).post("/api/v1/no-such-thing"), 404)


@pytest.mark.django_db
def test_a_method_the_path_does_not_take_gets_a_json_405(alice, api_for):
    response = api_for(alice).delete("/api/v1/me")

    assert_json_error(response, 405)
    assert response["Allow"] == "GET"


@pytest.mark.django_db
def test_a_null_character_anywhere_in_a_request_is_a_field_level_422(alice, api_for):
    api = api_for(alice)
    response = api.post(
        "/api/v1/employers",
        {"name": "Kauppa\x00", "municipality": "Imatra"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    response = api.get("/api/v1/employers", {"q": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]
