"""Shared fixtures. Personas (after Healthchecks): Alice and Bob work in the same organisation,
Charlie works in another one and must never see their data."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.management import call_command
from django.test import Client

from crm.accounts.models import Role
from crm.accounts.services import create_api_token
from tests.factories import OrganizationFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("CRM_REQUIRE_SERVICES") == "1"


def require_service(available: bool, what: str, how: str) -> None:
    """Skip when a real service is missing on a newcomer's machine; fail in CI."""
    if available:
        return
    message = f"{what} is not available: {how}"
    if REQUIRE_SERVICES:
        pytest.fail(f"CRM_REQUIRE_SERVICES=1 but {message}")
    pytest.skip(f"{message} (CI sets CRM_REQUIRE_SERVICES=1 and runs this)")


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session", autouse=True)
def _static_manifest(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pages use the production static storage (hashed names), so build its manifest once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_match_index():
    """The match index is a per-process cache; test databases reuse ids after each rollback."""
    from crm.matching import index

    index.reset()
    yield
    index.reset()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org():
    return OrganizationFactory(name="Etelä-Karjalan hyvinvointialue")


@pytest.fixture
def other_org():
    return OrganizationFactory(name="Toinen organisaatio")


@pytest.fixture
def alice(org):
    return UserFactory(username="alice", organization=org, role=Role.COACH)


@pytest.fixture
def bob(org):
    return UserFactory(username="bob", organization=org, role=Role.COACH)


@pytest.fixture
def charlie(other_org):
    return UserFactory(username="charlie", organization=other_org, role=Role.COACH)


@pytest.fixture
def make_user(org):
    def make(role: str = Role.COACH, organization=None, **kwargs):
        return UserFactory(role=role, organization=organization or org, **kwargs)

    return make


@pytest.fixture
def client_for():
    """A browser-like client logged in as the given user."""

    def login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    """An API client that sends a fresh personal token of the given user."""

    def make(user) -> Client:
        _token, raw = create_api_token(user=user, name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
