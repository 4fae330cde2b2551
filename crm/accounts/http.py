"""The request that views and API endpoints behind a login receive, as the type checker sees it.

Django types `request.user` as `User | AnonymousUser` because it cannot know that a view sits
behind `login_required`, `permission_required` or the API's authentication. Annotate those views
and endpoints with `CrmRequest` instead of `HttpRequest`: `request.user` is then our `User` and
`request.htmx` (set by django-htmx's middleware on every request) is known. Views that also
answer anonymous visitors (login, lockout, health) keep `HttpRequest`.

It lives in accounts, the lowest layer, so that every app may import it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from crm.accounts.models import User


class CrmRequest(HttpRequest):
    """An `HttpRequest` whose user has logged in. Never instantiated: Django still passes its
    own request object, and this class only tells the type checker what that object holds."""

    user: User
    htmx: HtmxDetails


def request_for(user: User) -> HttpRequest:
    """A bare request carrying only `user`, for applying a FilterSet outside a view: the
    callable querysets of django-filter's choice filters read `request.user`."""
    request = HttpRequest()
    request.user = user
    return request
