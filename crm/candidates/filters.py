"""The job seeker FilterSet shared by the caseload pages and the API."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import User
from crm.candidates.models import JobSeeker, ReferralSource, Status
from crm.core.reference import municipality_choices

# What someone with only BASIC access to most people (another team's coach, an admin) may filter
# the list of everyone by: anything else would reveal more than name, coach and status.
BASIC_FILTERS = {"q", "status", "coach"}
BASIC_ORDERING = {"name", "-name"}


def beyond_basic(data: dict) -> list[str]:
    """The filters in `data` that a BASIC reader may not use."""
    names = [name for name, value in data.items() if value not in (None, "", [])]
    return sorted(
        name
        for name in names
        if name not in BASIC_FILTERS
        and not (name == "ordering" and str(data[name]) in BASIC_ORDERING)
    )


def _coaches(request) -> QuerySet[User]:
    user = getattr(request, "user", None)
    if user is None:
        return User.objects.none()
    return User.objects.for_user(user).filter(is_active=True, role="coach")


class JobSeekerFilter(filters.FilterSet):
    # No DISTINCT: the status is on the row itself (DISTINCT made the list 15x slower, see bench).
    status = filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"), distinct=False)
    coach = filters.ModelChoiceFilter(queryset=_coaches, label=_("Coach"))
    municipality = filters.ChoiceFilter(
        choices=municipality_choices,
        label=_("Municipality"),
        widget=forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"}),
    )
    referral_source = filters.ChoiceFilter(
        choices=ReferralSource.choices, label=_("Referral source")
    )
    ordering = filters.OrderingFilter(
        fields=[
            ("last_name", "name"),
            ("status_changed_at", "in_status_since"),
            ("intake_on", "intake"),
            ("last_contact_on", "last_contact"),
        ],
        label=_("Order"),
    )

    class Meta:
        model = JobSeeker
        fields: list[str] = []
