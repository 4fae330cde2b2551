"""Login throttling (django-axes), counted two ways.

- One username from one address: after AXES_FAILURE_LIMIT failures (5) that combination
  waits; someone else cannot lock a coach out by mistyping their name from elsewhere.
- One address across all usernames: after AXES_IP_FAILURE_LIMIT failures (20) the address
  waits. That stops password spraying (one common password tried against many usernames),
  which stays under any per-username limit, while an office behind one address still has
  room for its people's typos.

Axes compares one number with one limit, so `get_failures` reports the address's failures in
units of the per-username limit: the larger of the two counts decides.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest


class LoginThrottleHandler(AxesDatabaseHandler):
    def _recent_from_address(self, request: HttpRequest) -> QuerySet[AccessAttempt]:
        address = request.axes_ip_address  # type: ignore[attr-defined]  (set by AxesMiddleware)
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials)
        counts = self._recent_from_address(request).aggregate(
            address=Sum("failures_since_start"),
            user=Sum("failures_since_start", filter=Q(username=username)),
        )
        per_user = counts["user"] or 0
        per_address = counts["address"] or 0
        limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT
        # per_address >= address_limit exactly when this reaches `limit`
        return max(per_user, per_address * limit // address_limit)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful login forgets that user's failures from that address only: a colleague
        logging in from the same office must not wipe the count of an attack on someone else."""
        username = get_client_username(request, credentials)
        address = request.axes_ip_address  # type: ignore[attr-defined]
        count, _by_model = AccessAttempt.objects.filter(
            username=username, ip_address=address
        ).delete()
        return count
