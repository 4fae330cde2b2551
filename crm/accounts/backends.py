from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import QuerySet


class RoleBackend(ModelBackend):
    """Grants the permissions of the group named after the user's role.

    A user without an organisation (other than a platform superuser) gets no permissions.
    """

    def _get_group_permissions(self, user_obj: Any) -> QuerySet[Permission]:
        if user_obj.organization_id is None:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=user_obj.role)

    def user_can_authenticate(self, user: Any) -> bool:
        has_home = getattr(user, "organization_id", None) is not None or user.is_superuser
        return super().user_can_authenticate(user) and has_home
