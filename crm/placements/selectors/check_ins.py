"""Job satisfaction check-ins of one placement."""

from __future__ import annotations

from django.db.models import QuerySet

from crm.accounts.models import User
from crm.placements import access
from crm.placements.models import JobCheckIn, Placement


def check_ins(*, user: User, placement: Placement) -> QuerySet[JobCheckIn]:
    access.require_view(user, placement.candidate)
    return placement.check_ins.select_related("by")
