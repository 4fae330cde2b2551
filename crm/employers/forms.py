"""HTML forms: parse and validate input, then views hand the cleaned data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import User
from crm.core.choices import Schedule
from crm.core.forms import MunicipalityField, TermsField, VersionForm
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES
from crm.core.validators import normalize_business_id, validate_business_id
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    Opening,
    OpeningStatus,
    Purpose,
    SizeClass,
    Stage,
)


class EmployerForm(VersionForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=12,
        required=False,
        help_text=_("Format 1234567-8; leave empty if not known yet."),
    )
    industry = forms.ChoiceField(
        label=_("Industry (TOL 2008)"), choices=[("", "—"), *INDUSTRY_CHOICES], required=False
    )
    municipality = MunicipalityField()
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    size_class = forms.ChoiceField(
        label=_("Size"), choices=[("", "—"), *SizeClass.choices], required=False
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    tags = TermsField(label=_("Tags"), help_text=_("Separate with commas."))
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.for_user(user).filter(is_active=True)

    def clean_business_id(self) -> str:
        value = normalize_business_id(self.cleaned_data["business_id"])
        validate_business_id(value)
        return value

    @classmethod
    def initial_for(cls, employer: Employer) -> dict[str, Any]:
        data = {
            name: getattr(employer, name)
            for name in (
                "name",
                "business_id",
                "industry",
                "municipality",
                "address",
                "website",
                "size_class",
                "notes",
                "version",
            )
        }
        data["owner"] = employer.owner_id
        data["tags"] = ", ".join(t.name for t in employer.tags.all())
        return data


class DuplicateConfirmForm(forms.Form):
    confirm_duplicate = forms.BooleanField(
        required=False, label=_("This is a different employer: save it anyway")
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Pipeline stage"), choices=Stage.choices)


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "phone", "email", "is_decision_maker", "preferred_channel"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}
        help_texts = {"phone": _("For example 040 123 4567 or +358 40 123 4567.")}


class ContactLogForm(forms.Form):
    employer = forms.IntegerField(widget=forms.HiddenInput, required=False)
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.FACE_TO_FACE,
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    contact_persons = forms.ModelMultipleChoiceField(
        label=_("People met"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_step = forms.CharField(label=_("Next step"), max_length=250, required=False)
    follow_up_on = forms.DateField(
        label=_("Follow-up date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A date makes the next step a follow-up on your My day."),
    )
    opening = forms.ModelChoiceField(
        label=_("Opening"), queryset=Opening.objects.none(), required=False
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("On behalf of (job seekers)"),
        queryset=None,  # set per user: the people they may name (employers.people)
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The people you coach whom this contact was for. A face-to-face contact counts "
            "towards their first employer contact."
        ),
    )

    def __init__(
        self,
        *args: Any,
        employer: Employer | None = None,
        job_seekers: QuerySet | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        if job_seekers is None:  # not a coach: nobody to name
            del self.fields["candidates"]
        else:
            self.fields["candidates"].queryset = job_seekers
        if employer is not None:
            self.fields["contact_persons"].queryset = employer.contact_persons.filter(
                archived_at__isnull=True
            )
            self.fields["opening"].queryset = employer.openings.exclude(status=OpeningStatus.CLOSED)


class RescheduleForm(forms.Form):
    due_on = forms.DateField(
        label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


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
    )

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = employer.openings.all()
        self.fields["agreed_with"].queryset = employer.contact_persons.filter(
            archived_at__isnull=True
        )
