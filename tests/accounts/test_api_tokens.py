"""Personal API tokens: shown once, stored hashed, and every bad token is a 401 in JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crm.accounts.models import APIToken, Role
from crm.accounts.services import create_api_token, hash_token, revoke_api_token

ME = "/api/v1/me"


def bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.mark.django_db
def test_a_token_is_stored_only_as_a_hash(alice):
    token, raw = create_api_token(user=alice, name="Power BI")

    stored = APIToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(raw)
    assert raw not in {stored.key_hash, stored.prefix, stored.name}
    assert raw.startswith(stored.prefix)


@pytest.mark.django_db
def test_a_valid_token_authenticates_and_is_marked_used(alice):
    token, raw = create_api_token(user=alice)

    response = bearer(raw).get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Token abc", "Basic YWxpY2U6cHc=", None],
    ids=["unknown", "empty", "wrong-scheme", "basic", "missing"],
)
def test_bad_or_missing_credentials_get_401_json(header, alice):
    client = Client(headers={"authorization": header}) if header else Client()

    response = client.get(ME)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.django_db
def test_an_expired_token_gets_401(alice):
    token, raw = create_api_token(user=alice, days=1)
    APIToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = bearer(raw).get(ME)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"] or "vanhent" in response.json()["detail"]


@pytest.mark.django_db
def test_a_revoked_token_gets_401(alice):
    token, raw = create_api_token(user=alice)
    revoke_api_token(token=token, by=alice)

    assert bearer(raw).get(ME).status_code == 401


@pytest.mark.django_db
def test_a_deactivated_users_token_gets_401(alice):
    _token, raw = create_api_token(user=alice)
    alice.is_active = False
    alice.save()

    assert bearer(raw).get(ME).status_code == 401


@pytest.mark.django_db
def test_a_token_must_be_valid_for_at_least_a_day(alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_api_token(user=alice, days=0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_me_returns_user_organization_and_role_for_every_role(role, make_user, api_for):
    user = make_user(role=role)

    body = api_for(user).get(ME).json()

    assert body["username"] == user.username
    assert body["role"] == role
    assert body["organization"] == user.organization.name
    assert body["organization_id"] == user.organization_id


@pytest.mark.django_db
def test_me_works_with_the_browser_session_too(alice, client_for):
    response = client_for(alice).get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "alice"


@pytest.mark.django_db
def test_a_token_speaks_for_its_owner_even_beside_another_users_session(alice, charlie):
    """A browser logged in as Alice that sends Charlie's token is Charlie, never a mix."""
    _token, raw = create_api_token(user=charlie)
    client = Client(headers={"authorization": f"Bearer {raw}"})
    client.force_login(alice)

    body = client.get(ME).json()

    assert body["username"] == "charlie"
    assert body["organization_id"] == charlie.organization_id


@pytest.mark.django_db
def test_a_bad_token_is_refused_even_beside_a_valid_session(alice):
    client = Client(headers={"authorization": "Bearer not-a-token"})
    client.force_login(alice)

    assert client.get(ME).status_code == 401


@pytest.mark.django_db
def test_the_openapi_schema_documents_me_and_bearer_auth(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/me" in schema["paths"]
    assert "BearerToken" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_the_api_docs_page_loads_local_assets_only(client):
    html = client.get("/api/v1/docs").content.decode()

    assert "swagger-ui-bundle" in html
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_a_token_answers_in_its_users_saved_language_unless_the_client_asks(make_user, api_for):
    api = api_for(make_user(language="sv"))
    swedish = api.get("/api/v1/employers/999999").json()["detail"]
    english = api.get("/api/v1/employers/999999", headers={"accept-language": "en"}).json()
    assert english["detail"] == "Not found."
    assert swedish != english["detail"]
