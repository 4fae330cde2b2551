"""Demo users and teams for `seed_demo` (idempotent: existing rows are left as they are)."""

from __future__ import annotations

import os

from crm.accounts import services
from crm.accounts.models import Organization, Role, Team, User

DEMO_ORGANIZATION = "Demo"
DEFAULT_PASSWORD = "demo-pass-2025"  # noqa: S105  (documented demo password)

# username, first name, last name, role, teams
DEMO_USERS = [
    ("coach", "Sanna", "Virtanen", Role.COACH, ["IPS-tiimi Lappeenranta"]),
    ("coach2", "Jari", "Nieminen", Role.COACH, ["IPS-tiimi Imatra"]),
    ("coach3", "Leena", "Hämäläinen", Role.COACH, ["IPS-tiimi Lappeenranta"]),
    ("relations", "Mikko", "Laine", Role.RELATIONS, ["IPS-tiimi Lappeenranta", "IPS-tiimi Imatra"]),
    ("lead", "Päivi", "Korhonen", Role.LEAD, []),
    ("admin", "Anna", "Heikkinen", Role.ADMIN, []),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def seed(organization: Organization) -> list[str]:
    """Create the demo users and teams that are missing; return a line per created row."""
    created: list[str] = []
    for username, first, last, role, team_names in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.create_user(
                username=username,
                organization=organization,
                role=role,
                password=demo_password(),
                first_name=first,
                last_name=last,
                email=f"{username}@askel.example",
            )
            created.append(f"user {username}")
        for team_name in team_names:
            team, new = Team.objects.get_or_create(organization=organization, name=team_name)
            if new:
                created.append(f"team {team_name}")
            if (
                user.organization_id == organization.pk
                and not team.members.filter(pk=user.pk).exists()
            ):
                services.add_team_member(team=team, user=user)
    return created
