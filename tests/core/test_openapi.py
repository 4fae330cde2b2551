"""The OpenAPI document tells clients (and schemathesis) every answer an operation can give:
the success, and the 400/401/403/404/409/422/503 of crm/api.py's error handlers with their
bodies."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def documented(operation: dict) -> set[str]:
    return set(operation["responses"])


def test_every_operation_that_needs_a_login_documents_401_and_403(schema):
    checked = 0
    for name, operation in operations(schema):
        if operation.get("security"):
            assert {"401", "403"} <= documented(operation), name
            checked += 1
    assert checked > 40


def test_every_operation_on_a_record_documents_404(schema):
    for name, operation in operations(schema):
        if "{" in name:
            assert "404" in documented(operation), name


def test_every_operation_that_takes_input_documents_422_and_a_body_400(schema):
    for name, operation in operations(schema):
        if operation.get("parameters") or "requestBody" in operation:
            assert "422" in documented(operation), name
        if "requestBody" in operation:
            assert "400" in documented(operation), name


def test_every_versioned_write_documents_409(schema):
    versioned = [
        "PATCH /api/v1/employers/{employer_id}",
        "PATCH /api/v1/openings/{opening_id}",
        "PATCH /api/v1/candidates/{candidate_id}",
        "PUT /api/v1/candidates/{candidate_id}/profile",
        "POST /api/v1/proposals/{proposal_id}/status",
        "PUT /api/v1/match-weights",
    ]
    by_name = dict(operations(schema))
    for name in versioned:
        assert "409" in documented(by_name[name]), name


def test_the_answers_of_one_operation_exactly(schema):
    by_name = dict(operations(schema))

    assert documented(by_name["PATCH /api/v1/employers/{employer_id}"]) == {
        "200", "400", "401", "403", "404", "409", "422", "503",
    }  # fmt: skip
    assert documented(by_name["GET /api/v1/me"]) == {"200", "401", "403", "503"}


def test_every_operation_documents_the_503_of_a_database_that_cannot_be_reached(schema):
    for name, operation in operations(schema):
        assert "503" in documented(operation), name
    health = dict(operations(schema))["GET /api/v1/health"]["responses"]["503"]
    assert health["content"]["application/json"]["schema"]["$ref"].endswith("/HealthOut")


def test_error_answers_name_the_bodies_the_api_sends(schema):
    components = schema["components"]["schemas"]
    patch = dict(operations(schema))["PATCH /api/v1/employers/{employer_id}"]["responses"]

    def body(status: str) -> dict:
        ref = patch[status]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[-1]]

    assert set(body("404")["properties"]) == {"detail"}
    assert set(body("409")["properties"]) == {"detail", "current_version"}
    assert body("409")["required"] == ["detail"]  # an edit conflict or a request in flight
    field_error = body("422")["properties"]["detail"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert set(components[field_error]["properties"]) == {"loc", "msg", "type"}


def test_a_documented_error_body_is_what_the_api_answers(alice, api_for):
    from tests.factories import EmployerFactory

    employer = EmployerFactory(organization=alice.organization)
    api = api_for(alice)

    stale = api.patch(
        f"/api/v1/employers/{employer.pk}",
        {"name": "Uusi nimi", "version": employer.version + 5},
        content_type="application/json",
    )
    invalid = api.patch(
        f"/api/v1/employers/{employer.pk}",
        {"name": None, "version": employer.version},
        content_type="application/json",
    )
    missing = api.get("/api/v1/employers/999999999")

    assert stale.status_code == 409 and set(stale.json()) == {"detail", "current_version"}
    assert invalid.status_code == 422
    assert all(set(error) == {"loc", "msg", "type"} for error in invalid.json()["detail"])
    assert missing.status_code == 404 and set(missing.json()) == {"detail"}


def test_every_post_documents_the_idempotency_key_and_its_409(schema):
    posts = [(name, op) for name, op in operations(schema) if name.startswith("POST ")]

    assert len(posts) > 10
    for name, operation in posts:
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "Idempotency-Key" in headers, name
        assert {"409", "422"} <= documented(operation), name
    for name, operation in operations(schema):
        if not name.startswith("POST "):
            assert "Idempotency-Key" not in str(operation.get("parameters", [])), name
