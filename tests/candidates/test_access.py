"""How much of a person each role sees (crm/candidates/access.py), as a matrix."""

from __future__ import annotations

import pytest

from crm.accounts.models import Role
from crm.accounts.services import add_team_member
from crm.candidates.access import Access, access_level
from tests.factories import TeamFactory, create_job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(org, alice, bob):
    """Alice and Carol coach in one team, Bob in another."""
    north, south = TeamFactory(organization=org), TeamFactory(organization=org)
    add_team_member(team=north, user=alice)
    add_team_member(team=south, user=bob)
    return north, south


@pytest.mark.parametrize(
    ("role", "same_team", "expected"),
    [
        (Role.COACH, True, Access.FULL),
        (Role.COACH, False, Access.BASIC),
        (Role.LEAD, False, Access.RECORD),
        (Role.ADMIN, False, Access.BASIC),
        (Role.RELATIONS, True, Access.NONE),
        (Role.RELATIONS, False, Access.NONE),
    ],
)
def test_access_by_role_and_team(org, alice, teams, make_user, role, same_team, expected):
    seeker = create_job_seeker(coach=alice)
    viewer = make_user(role=role)
    if same_team:
        add_team_member(team=teams[0], user=viewer)
        viewer = type(viewer).objects.get(pk=viewer.pk)  # fresh permission and team caches
    assert access_level(viewer, seeker) == expected


def test_the_own_coach_has_full_access_without_a_team(alice):
    assert access_level(alice, create_job_seeker(coach=alice)) == Access.FULL


def test_another_team_coach_sees_only_the_basics(alice, bob, teams):
    assert access_level(bob, create_job_seeker(coach=alice)) == Access.BASIC


def test_nobody_in_another_organisation_has_access(alice, charlie, make_user, other_org):
    seeker = create_job_seeker(coach=alice)
    lead = make_user(role=Role.LEAD, organization=other_org)
    assert access_level(charlie, seeker) == Access.NONE
    assert access_level(lead, seeker) == Access.NONE
