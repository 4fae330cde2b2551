"""One decorator for role permissions, so views never compare role strings."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from crm.accounts.http import CrmRequest


def require(user: Any, permission: str) -> None:
    """Raise PermissionDenied (403) unless the user's role grants `permission`."""
    if not user.has_perm(permission):
        raise PermissionDenied


def permission_required(permission: str) -> Callable:
    """Login first (redirect to the login page), then 403 when the role lacks `permission`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: CrmRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
