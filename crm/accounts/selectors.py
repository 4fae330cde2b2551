"""Reads about users, teams and the organisation, always scoped to the asking user."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from crm.accounts.models import AuditEvent, Role, Team, User


def me_payload(*, user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "role_label": str(Role(user.role).label),
        "organization": user.organization.name if user.organization is not None else None,
        "organization_id": user.organization_id,
        "language": user.language,
        "teams": list(user.teams.order_by("name").values("id", "name")),
        "permissions": sorted(user.get_all_permissions()),
    }


def team_list(*, user: User) -> QuerySet[Team]:
    return Team.objects.for_user(user).annotate(member_count=Count("members")).order_by("name")


def user_list(*, user: User) -> QuerySet[User]:
    return User.objects.for_user(user).filter(is_active=True).prefetch_related("teams")


def role_counts(*, user: User) -> list[dict]:
    counts = dict(
        user_list(user=user).values_list("role").annotate(n=Count("id")).values_list("role", "n")
    )
    return [{"role": r, "label": r.label, "count": counts.get(r.value, 0)} for r in Role]


def recent_audit_events(*, user: User, limit: int = 20) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_user(user).order_by("-at", "-id")[:limit]
