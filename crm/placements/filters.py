"""The placement FilterSet shared by the placements page and the API."""

from __future__ import annotations

from datetime import timedelta

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import User
from crm.placements.models import ContractType, Placement

DUE_CHOICES = [("overdue", _("Support overdue")), ("week", _("Support due within a week"))]


def _coaches(request) -> QuerySet[User]:
    user = getattr(request, "user", None)
    if user is None:
        return User.objects.none()
    return User.objects.for_user(user).filter(role="coach")


class PlacementFilter(filters.FilterSet):
    candidate_id = filters.NumberFilter(field_name="candidate_id", label=_("Job seeker"))
    employer_id = filters.NumberFilter(field_name="employer_id", label=_("Employer"))
    coach_id = filters.ModelChoiceFilter(
        field_name="candidate__coach", queryset=_coaches, label=_("Coach"), empty_label=_("All")
    )
    active = filters.BooleanFilter(method="filter_active", label=_("Current jobs only"))
    contract_type = filters.ChoiceFilter(
        choices=ContractType.choices, label=_("Contract type"), empty_label=_("All")
    )
    competitive = filters.BooleanFilter(label=_("Competitive employment"))
    due = filters.ChoiceFilter(
        choices=DUE_CHOICES, method="filter_due", label=_("Support"), empty_label=_("All")
    )
    ordering = filters.OrderingFilter(
        fields=[
            ("start_on", "start"),
            ("next_support_due_on", "due"),
            ("ended_on", "ended"),
        ],
        label=_("Order"),
    )

    class Meta:
        model = Placement
        fields: list[str] = []

    def filter_active(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(ended_on__isnull=value)

    def filter_due(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == "overdue":
            return qs.filter(next_support_due_on__lt=today)
        if value == "week":
            return qs.filter(next_support_due_on__lte=today + timedelta(days=6))
        return qs


def due_q(today, days: int = 6) -> Q:
    return Q(next_support_due_on__isnull=False, next_support_due_on__lte=today + timedelta(days))
