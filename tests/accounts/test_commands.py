"""The management commands that bootstrap an installation (contracts in ARCHITECTURE.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client

from crm.accounts.models import Organization, Role, User


def run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_add_user_creates_the_organization_when_missing():
    output = run(
        "add_user",
        "kaisa",
        "--organization",
        "Imatran kaupunki",
        "--role",
        "coach",
        "--password",
        "pitka-salasana-123",
    )

    user = User.objects.get(username="kaisa")
    assert user.organization.name == "Imatran kaupunki"
    assert user.role == Role.COACH
    assert user.check_password("pitka-salasana-123")
    assert "Created organisation" in output


@pytest.mark.django_db
def test_add_user_joins_an_existing_organization_and_can_make_a_second_one():
    run(
        "add_user",
        "a1",
        "--organization",
        "Demo",
        "--role",
        "lead",
        "--password",
        "pitka-salasana-1",
    )
    run(
        "add_user",
        "a2",
        "--organization",
        "Demo",
        "--role",
        "admin",
        "--password",
        "pitka-salasana-2",
    )
    run(
        "add_user",
        "b1",
        "--organization",
        "Muu",
        "--role",
        "coach",
        "--password",
        "pitka-salasana-3",
    )

    assert Organization.objects.count() == 2
    assert User.objects.get(username="a2").is_staff


@pytest.mark.django_db
def test_add_user_without_password_prints_a_generated_one():
    output = run("add_user", "kaisa", "--organization", "Demo", "--role", "relations")

    password = output.strip().splitlines()[-1].removeprefix("Password: ")
    assert User.objects.get(username="kaisa").check_password(password)


@pytest.mark.django_db
def test_add_user_refuses_duplicates_and_weak_passwords(alice):
    with pytest.raises(CommandError, match="already exists"):
        run("add_user", "alice", "--organization", "Demo", "--role", "coach")
    with pytest.raises(CommandError, match="password"):
        run("add_user", "uusi", "--organization", "Demo", "--role", "coach", "--password", "123")
    assert not User.objects.filter(username="uusi").exists()
    assert not Organization.objects.filter(name="Demo").exists()  # nothing half-saved


@pytest.mark.django_db
def test_add_user_rejects_an_unknown_role():
    with pytest.raises(CommandError):
        run("add_user", "uusi", "--organization", "Demo", "--role", "boss")


@pytest.mark.django_db
def test_create_api_token_prints_a_token_the_api_accepts(alice):
    raw = run("create_api_token", "alice").strip()

    response = Client(headers={"authorization": f"Bearer {raw}"}).get("/api/v1/me")
    assert response.json()["username"] == "alice"


@pytest.mark.django_db
def test_create_api_token_for_an_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="No user"):
        run("create_api_token", "nobody")


def snapshot() -> dict[str, list]:
    return {
        m._meta.label: list(m.objects.order_by("pk").values())
        for m in apps.get_models()
        if m.__module__.startswith("crm.") and m._meta.label != "accounts.AuditEvent"
    }


@pytest.mark.django_db
def test_seed_demo_creates_the_contract_users_and_a_second_run_changes_nothing():
    run("seed_demo")
    first = snapshot()
    run("seed_demo")

    assert snapshot() == first
    demo = Organization.objects.get(name="Demo")
    for username, role in [
        ("coach", "coach"),
        ("relations", "relations"),
        ("lead", "lead"),
        ("admin", "admin"),
    ]:
        user = User.objects.get(username=username)
        assert (user.organization, user.role) == (demo, role)
        assert user.check_password("demo-pass-2025")


@pytest.mark.django_db
def test_seed_demo_takes_the_password_from_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "toinen-salasana-42")
    run("seed_demo")

    assert User.objects.get(username="coach").check_password("toinen-salasana-42")
