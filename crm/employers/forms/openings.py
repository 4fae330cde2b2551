"""Openings and job tailoring notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.core import dates
from crm.core.choices import Schedule
from crm.core.forms import MunicipalityField, TermsField, VersionForm
from crm.core.reference import LANGUAGE_CHOICES
from crm.employers.models import ContactPerson, Employer, Opening, OpeningStatus


class OpeningForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    occupation = forms.CharField(label=_("Occupation"), max_length=200, required=False)
    tasks = forms.CharField(
        label=_("Tasks"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    required_skills = TermsField(label=_("Required skills"), help_text=_("Separate with commas."))
    nice_skills = TermsField(label=_("Nice-to-have skills"))
    licences = TermsField(
        label=_("Licences and cards"),
        help_text=_("For example hygiene passport, occupational safety card, driving licence B."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=60, required=False
    )
    schedule = forms.MultipleChoiceField(
        label=_("Schedule"),
        choices=Schedule.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipality = MunicipalityField()
    remote = forms.BooleanField(label=_("Remote work possible"), required=False)
    wage_subsidy = forms.BooleanField(label=_("Wage subsidy possible"), required=False)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=999, initial=1)
    start_on = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[dates.PLANNED.validator],
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=OpeningStatus.choices, initial=OpeningStatus.OPEN
    )

    @classmethod
    def initial_for(cls, opening: Opening) -> dict[str, Any]:
        data = {
            name: getattr(opening, name)
            for name in (
                "title",
                "occupation",
                "tasks",
                "languages",
                "hours_per_week",
                "schedule",
                "municipality",
                "remote",
                "wage_subsidy",
                "positions",
                "start_on",
                "status",
                "version",
            )
        }
        for field in ("required_skills", "nice_skills", "licences"):
            data[field] = ", ".join(t.name for t in getattr(opening, field).all())
        return data


class TailoringNoteForm(forms.Form):
    opening = forms.ModelChoiceField(
        label=_("Opening"), queryset=Opening.objects.none(), required=False
    )
    tasks_carved_out = forms.CharField(
        label=_("Tasks carved out"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    adjustments = forms.CharField(
        label=_("Adjustments the employer accepts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    agreed_with = forms.ModelChoiceField(
        label=_("Agreed with"), queryset=ContactPerson.objects.none(), required=False
    )
    agreed_on = forms.DateField(
        label=_("Agreed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[dates.PAST.validator],
    )

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = employer.openings.all()
        self.fields["agreed_with"].queryset = employer.contact_persons.filter(
            archived_at__isnull=True
        )
