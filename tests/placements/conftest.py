"""Placements fixtures on the shared personas: Alice coaches the person (team North with Carol),
Bob coaches in team South, Charlie works in another organisation."""

from __future__ import annotations

import pytest

from crm.accounts.services import add_team_member
from tests.factories import EmployerFactory, TeamFactory, create_job_seeker


@pytest.fixture
def north(org, alice):
    team = TeamFactory(organization=org, name="Pohjoinen")
    add_team_member(team=team, user=alice)
    return team


@pytest.fixture
def seeker(alice, north):
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Työläinen")


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="Saimaan Varasto Oy")


def field_errors(response) -> dict[str, list[str]]:
    """The 422 body as {field: [messages]}."""
    assert response.status_code == 422, response.content
    errors: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        errors.setdefault(error["loc"][-1], []).append(error["msg"])
    return errors
