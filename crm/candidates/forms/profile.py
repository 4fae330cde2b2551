"""Forms of the career profile page: the whole profile and one work history entry."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.candidates.models import PREFERENCE_FIELDS, CareerProfile, Disclosure, WorkHistoryEntry
from crm.core import dates
from crm.core.choices import Schedule
from crm.core.reference import INDUSTRY_CHOICES, resolve_municipality

_SEPARATORS = re.compile(r"[\n,;]+")
LIST_HELP = _("One per line, or separate with commas.")
DATE_WIDGET = {"type": "date"}


def split_items(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


class ListField(forms.CharField):
    """A textarea of items, one per line or comma-separated → list of strings."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LIST_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        return split_items(super().clean(value) or "")


class MunicipalitiesField(ListField):
    """Municipality names as typed, resolved to the official Finnish names."""

    def clean(self, value: Any) -> list[str]:
        resolved, unknown = [], []
        for name in super().clean(value):
            official = resolve_municipality(name)
            if official is None:
                unknown.append(name)
            elif official not in resolved:
                resolved.append(official)
        if unknown:
            raise forms.ValidationError(
                _("Not a Finnish municipality: %(names)s") % {"names": ", ".join(unknown)},
                code="unknown_municipality",
            )
        return resolved


def _checkboxes(label: str, choices: list) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _hours(label: str) -> forms.IntegerField:
    widget = forms.NumberInput(attrs={"min": 1, "max": 60, "inputmode": "numeric"})
    return forms.IntegerField(label=label, required=False, widget=widget)


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    education = forms.CharField(
        label=_("Education"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = ListField(label=_("Strengths"))
    interests = ListField(label=_("Interests"))
    skills = ListField(
        label=_("Skills"),
        help_text=_(
            "One per line, or separate with commas. Matched to the shared skill list, "
            "so “asiakaspalvelua” and “Asiakaspalvelu” are the same skill."
        ),
    )
    licences = ListField(
        label=_("Licences and cards"),
        help_text=_(
            "One per line, or separate with commas. For example hygiene passport, "
            "occupational safety card, driving licence B."
        ),
    )
    occupations = ListField(label=_("Wanted occupations and job types"))
    industries = _checkboxes(_("Wanted industries"), INDUSTRY_CHOICES)
    hours_min = _hours(_("Hours per week, at least"))
    hours_max = _hours(_("Hours per week, at most"))
    schedules = _checkboxes(_("Acceptable schedules"), Schedule.choices)
    municipalities = MunicipalitiesField(
        label=_("Acceptable municipalities"),
        help_text=_("One municipality per line, or separate with commas."),
    )
    remote = forms.BooleanField(label=_("Open to remote work"), required=False)
    avoid = ListField(label=_("Things to avoid"))
    disclosure = forms.ChoiceField(
        label=_("Disclosure to employers"),
        choices=Disclosure.choices,
        widget=forms.RadioSelect,
        initial=Disclosure.DECIDE_PER_EMPLOYER,
    )
    disclosure_notes = forms.CharField(
        label=_("What may be told to an employer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accommodation_needs = forms.CharField(
        label=_("Accommodation needs"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    health_restrictions = forms.CharField(
        label=_("Work-relevant health restrictions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    completed_on = forms.DateField(
        label=_("Profile completed on"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        validators=[dates.PAST.validator],
    )

    FIELDSETS = (
        (_("Background"), ("education",)),
        (_("Strengths and skills"), ("strengths", "interests", "skills", "licences")),
        (
            _("Preferences"),
            PREFERENCE_FIELDS,
        ),
        (_("Disclosure"), ("disclosure", "disclosure_notes")),
        (_("Profile status"), ("completed_on",)),
    )
    SENSITIVE = ("accommodation_needs", "health_restrictions")

    def clean(self) -> dict[str, Any]:
        # The model checks this too, but only after every field is valid: checking it here
        # shows it together with the other field errors on the first submit.
        cleaned = super().clean() or {}
        least, most = cleaned.get("hours_min"), cleaned.get("hours_max")
        if least and most and least > most:
            self.add_error("hours_max", _("The most hours cannot be fewer than the least hours."))
        return cleaned

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def sensitive_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.SENSITIVE]

    @classmethod
    def initial_for(cls, profile: CareerProfile) -> dict[str, Any]:
        names = [name for name in cls.base_fields if name not in ("skills", "licences")]
        data = {name: getattr(profile, name) for name in names}
        data["skills"] = [term.name for term in profile.skills.all()]
        data["licences"] = [term.name for term in profile.licences.all()]
        return data


class WorkHistoryForm(forms.ModelForm):
    class Meta:
        model = WorkHistoryEntry
        fields = ["employer_name", "role", "started_on", "ended_on", "went_well", "went_badly"]
        widgets = {
            "started_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "went_well": forms.Textarea(attrs={"rows": 2}),
            "went_badly": forms.Textarea(attrs={"rows": 2}),
        }
        formfield_callback = dates.formfield
