"""FilterSets shared by the HTML lists and the API: one definition of each filter."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import User
from crm.core import dates
from crm.core.reference import (
    INDUSTRY_CHOICES,
    municipalities_in_region,
    municipality_choices,
    regions,
)
from crm.employers.models import (
    Channel,
    EmployerContact,
    FollowUp,
    Opening,
    OpeningStatus,
    Purpose,
    Stage,
)


def _org_users(request) -> QuerySet[User]:
    user = getattr(request, "user", None)
    return User.objects.for_user(user).filter(is_active=True) if user else User.objects.none()


class EmployerFilter(filters.FilterSet):
    stage = filters.MultipleChoiceFilter(choices=Stage.choices, label=_("Stage"))
    owner = filters.ModelChoiceFilter(queryset=_org_users, label=_("Owner"))
    municipality = filters.ChoiceFilter(
        choices=municipality_choices,
        label=_("Municipality"),
        # A typed field with a datalist: quicker to use and to render than 308 options.
        widget=forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"}),
    )
    region = filters.ChoiceFilter(choices=regions, method="filter_region", label=_("Region"))
    industry = filters.ChoiceFilter(choices=INDUSTRY_CHOICES, label=_("Industry"))
    tag = filters.CharFilter(field_name="tags__name", label=_("Tag"))
    has_open_openings = filters.BooleanFilter(
        method="filter_open_openings", label=_("Has open openings")
    )
    follow_up_overdue = filters.BooleanFilter(method="filter_overdue", label=_("Follow-up overdue"))
    archived = filters.BooleanFilter(method="filter_archived", label=_("Archived"))
    ordering = filters.OrderingFilter(
        fields=[
            ("name", "name"),
            ("stage_changed_at", "in_stage_since"),
            ("updated_at", "updated"),
        ],
        label=_("Order"),
    )

    def filter_region(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(municipality__in=municipalities_in_region(value)) if value else qs

    def filter_open_openings(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        has = Exists(Opening.objects.filter(employer=OuterRef("pk"), status=OpeningStatus.OPEN))
        return qs.filter(has) if value else qs.exclude(has)

    def filter_overdue(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        overdue = Exists(
            FollowUp.objects.filter(
                employer=OuterRef("pk"), done=False, due_on__lt=timezone.localdate()
            )
        )
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def filter_archived(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        return qs.filter(archived_at__isnull=not value)

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if self.form.cleaned_data.get("archived") is None:  # archived ones only on request
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset


class ContactLogFilter(filters.FilterSet):
    employer = filters.NumberFilter(field_name="employer_id", label=_("Employer"))
    user = filters.NumberFilter(field_name="user_id", label=_("Logged by"))
    channel = filters.MultipleChoiceFilter(choices=Channel.choices, label=_("Channel"))
    purpose = filters.MultipleChoiceFilter(choices=Purpose.choices, label=_("Purpose"))
    occurred_from = filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label=_("From"),
        validators=[dates.QUERY.validator],
    )
    occurred_to = filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label=_("To"),
        validators=[dates.QUERY.validator],
    )

    class Meta:
        model = EmployerContact
        fields: list[str] = []


class FollowUpFilter(filters.FilterSet):
    done = filters.BooleanFilter(label=_("Done"))
    user = filters.NumberFilter(field_name="user_id", label=_("Owner"))
    employer = filters.NumberFilter(field_name="employer_id", label=_("Employer"))
    due_from = filters.DateFilter(
        field_name="due_on",
        lookup_expr="gte",
        label=_("Due from"),
        validators=[dates.QUERY.validator],
    )
    due_to = filters.DateFilter(
        field_name="due_on",
        lookup_expr="lte",
        label=_("Due by"),
        validators=[dates.QUERY.validator],
    )

    class Meta:
        model = FollowUp
        fields: list[str] = []


class OpeningFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=OpeningStatus.choices, label=_("Status"))
    employer = filters.NumberFilter(field_name="employer_id", label=_("Employer"))
    municipality = filters.ChoiceFilter(choices=municipality_choices, label=_("Municipality"))
    wage_subsidy = filters.BooleanFilter(label=_("Wage subsidy possible"))
    remote = filters.BooleanFilter(label=_("Remote work possible"))

    class Meta:
        model = Opening
        fields: list[str] = []
