"""Recording and editing a job, and its ending."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.candidates.models import ExitReason
from crm.core import dates
from crm.core.forms import SubmissionTokenMixin, VersionForm
from crm.core.hours import HoursFormField
from crm.employers.models import Employer, Opening, OpeningStatus
from crm.placements.forms.common import date_widget, decimal_widget
from crm.placements.models import (
    MAX_HOURLY_WAGE,
    ContractType,
    EndReason,
    PaySubsidy,
    Placement,
    SupportCadence,
)


class PlacementForm(VersionForm):
    """The job's facts. The employer is chosen before (picker) and carried as a hidden id."""

    employer = forms.ModelChoiceField(queryset=Employer.objects.none(), widget=forms.HiddenInput)
    opening = forms.ModelChoiceField(
        label=_("Opening"), queryset=Opening.objects.none(), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    occupation = forms.CharField(
        label=_("Occupation"),
        max_length=200,
        required=False,
        help_text=_("If it differs from the title; matched to your organisation's vocabulary."),
    )
    start_on = forms.DateField(
        label=_("Start date"), widget=date_widget(), validators=[dates.PLANNED.validator]
    )
    hours_per_week = HoursFormField(label=_("Hours per week"))
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage (€)"),
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_HOURLY_WAGE,
        required=False,
        widget=decimal_widget("0", str(MAX_HOURLY_WAGE), "0.01"),
    )
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    planned_end_on = forms.DateField(
        label=_("Planned end date"),
        required=False,
        widget=date_widget(),
        validators=[dates.EXPIRY.validator],
        help_text=_("For a fixed-term or other temporary job."),
    )
    pay_subsidy = forms.ChoiceField(
        label=_("Pay subsidy"), choices=PaySubsidy.choices, initial=PaySubsidy.NONE
    )
    pay_subsidy_start_on = forms.DateField(
        label=_("Pay subsidy from"),
        required=False,
        widget=date_widget(),
        validators=[dates.PLANNED.validator],
    )
    pay_subsidy_end_on = forms.DateField(
        label=_("Pay subsidy until"),
        required=False,
        widget=date_widget(),
        validators=[dates.EXPIRY.validator],
    )
    set_aside = forms.BooleanField(
        label=_("Set aside for people with disabilities or partial work ability"), required=False
    )
    competitive = forms.BooleanField(
        label=_("Competitive employment"),
        required=False,
        help_text=_(
            "Open to anyone, paid at least the going wage, not set aside for disabled people. "
            "Pre-set from the pay subsidy and the field above: confirm it, or change it and "
            "say why."
        ),
    )
    competitive_override_reason = forms.CharField(
        label=_("Why competitive differs from the suggestion"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, employer: Employer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if employer is not None:
            self.fields["employer"].queryset = Employer.objects.filter(pk=employer.pk)
            self.fields["opening"].queryset = employer.openings.exclude(status=OpeningStatus.CLOSED)

    @classmethod
    def initial_for(cls, placement: Placement) -> dict[str, Any]:
        return {
            "version": placement.version,
            "employer": placement.employer_id,
            "opening": placement.opening_id,
            "job_title": placement.job_title,
            "occupation": placement.occupation_text,
            "start_on": placement.start_on,
            "hours_per_week": placement.hours_per_week,
            "hourly_wage": placement.hourly_wage,
            "contract_type": placement.contract_type,
            "planned_end_on": placement.planned_end_on,
            "pay_subsidy": placement.pay_subsidy,
            "pay_subsidy_start_on": placement.pay_subsidy_start_on,
            "pay_subsidy_end_on": placement.pay_subsidy_end_on,
            "set_aside": placement.set_aside,
            "competitive": placement.competitive,
            "competitive_override_reason": placement.competitive_override_reason,
        }


class NewPlacementForm(SubmissionTokenMixin, PlacementForm):
    """Recording a job start: also the support cadence, filling the opening and the
    confirmation of a second current job at the same employer."""

    support_cadence = forms.ChoiceField(
        label=_("Follow-along support"),
        choices=SupportCadence.choices,
        initial=SupportCadence.IPS_DEFAULT,
        help_text=_("Time-unlimited: the cadence can be changed later on the job's page."),
    )
    mark_opening_filled = forms.BooleanField(
        label=_("Mark the opening filled"),
        required=False,
        help_text=_("Only if nobody else is still needed for it."),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Yes, record a second current job at this employer"),
        required=False,
        widget=forms.CheckboxInput,
    )


class EndForm(VersionForm):
    ended_on = forms.DateField(
        label=_("Last day at work"), widget=date_widget(), validators=[dates.PAST.validator]
    )
    end_reason = forms.ChoiceField(
        label=_("Why the job ended"), choices=[("", "—"), *EndReason.choices]
    )
    note = forms.CharField(
        label=_("What was learned for the next job"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("IPS: every job is a learning step — what to look for, or avoid, next."),
    )
    exit_reason = forms.ChoiceField(
        label=_("After this job"),
        choices=[("", _("Back to job search (unless another job continues)")), *ExitReason.choices],
        required=False,
        help_text=_("Choose an exit reason only if the person's service ends now."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ended_on", timezone.localdate())
        super().__init__(*args, **kwargs)
