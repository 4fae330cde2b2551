"""Forms of the job seeker record pages: the record, status, transfer, milestones and
follow-ups. They parse input; the services check the rules and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import Role, User
from crm.candidates.models import (
    RECORDED_MILESTONES,
    ExitReason,
    JobSeeker,
    ReferralSource,
    Status,
)
from crm.core import dates
from crm.core.forms import MunicipalityField, VersionForm
from crm.core.reference import LANGUAGE_CHOICES

DATE_WIDGET = {"type": "date"}


def coach_choices(user: User):
    """The active job coaches of the user's organisation."""
    return (
        User.objects.for_user(user)
        .filter(is_active=True, role=Role.COACH)
        .order_by("last_name", "first_name", "username")
    )


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def _date(label: Any, date_range: dates.DateRange, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE_WIDGET),
        validators=[date_range.validator],
        **kwargs,
    )


class JobSeekerForm(VersionForm):
    """The record. Coach and status are set here only when adding a person; later they change
    through the transfer and status forms, which record the change."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = _date(_("Date of birth"), dates.BIRTH, required=False)
    henkilotunnus = forms.CharField(
        label=_("Personal identity code (henkilötunnus)"),
        max_length=11,
        required=False,
        help_text=_("Only if a process really needs it. Format DDMMYYCNNNQ."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    municipality = MunicipalityField()
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referral_source = forms.ChoiceField(label=_("Referral source"), choices=ReferralSource.choices)
    referred_on = _date(_("Referred on"), dates.PAST)
    intake_on = _date(_("Intake on"), dates.PAST, required=False)
    coach = CoachChoiceField(label=_("Job coach"), queryset=User.objects.none())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in Status.choices if value != Status.EXITED],
        initial=Status.REFERRED,
    )
    remove_henkilotunnus = forms.BooleanField(
        label=_("Remove the identity code"),
        required=False,
        help_text=_("Removes the saved personal identity code when it is no longer needed."),
    )
    allow_duplicate = forms.BooleanField(
        label=_("This is a different person — save anyway"), required=False
    )

    def __init__(self, *args: Any, user: User, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"], self.fields["remove_henkilotunnus"]
            self.fields["coach"].queryset = coach_choices(user)
            self.fields["coach"].initial = user.pk
        else:
            del self.fields["coach"], self.fields["status"]
            self.fields["henkilotunnus"].help_text = _(
                "Leave empty to keep the saved code. Only if a process really needs it."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("remove_henkilotunnus") and data.get("henkilotunnus"):
            self.add_error(
                "henkilotunnus",
                _("Either type a new identity code or remove the saved one, not both."),
            )
        return data

    def service_data(self, seeker: JobSeeker | None = None) -> dict[str, Any]:
        """Cleaned data as the services take it; an empty identity code keeps the saved one
        unless "Remove the identity code" is ticked."""
        data = dict(self.cleaned_data)
        data.pop("allow_duplicate", None)
        data.pop("version", None)
        remove = data.pop("remove_henkilotunnus", False)
        if seeker is not None and not data["henkilotunnus"] and not remove:
            del data["henkilotunnus"]
        return data

    @staticmethod
    def initial_for(seeker: JobSeeker) -> dict[str, Any]:
        """The saved record as form data (never the identity code: it is shown masked)."""
        names = [
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "municipality",
            "languages",
            "referral_source",
            "referred_on",
            "intake_on",
            "version",
        ]
        return {name: getattr(seeker, name) for name in names}


class StatusForm(VersionForm):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    exited_on = _date(_("Exit date"), dates.PAST, required=False)
    exit_reason = forms.ChoiceField(
        label=_("Reason for the exit"),
        choices=[("", "—"), *ExitReason.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Status.EXITED:
            if not data.get("exit_reason"):
                self.add_error("exit_reason", _("Give the reason for the exit."))
            if not data.get("exited_on"):
                self.add_error("exited_on", _("Give the date of the exit."))
            elif data["exited_on"] > timezone.localdate():
                self.add_error("exited_on", _("The exit date cannot be in the future."))
        return data


class TransferForm(VersionForm):
    to_coach = CoachChoiceField(label=_("New job coach"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=250,
        required=False,
        help_text=_("For example: moved to another area, workload, the person's wish."),
    )

    def __init__(self, *args: Any, user: User, seeker: JobSeeker, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": seeker.version})
        super().__init__(*args, **kwargs)
        self.fields["to_coach"].queryset = coach_choices(user).exclude(pk=seeker.coach_id)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Milestone"), choices=[(k.value, k.label) for k in RECORDED_MILESTONES]
    )
    reached_on = _date(_("Date"), dates.PAST, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("What to do"), max_length=250)
    due_on = _date(_("Due on"), dates.PLANNED)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return due_on


class CaseloadFilterForm(forms.Form):
    """The caseload's own switch besides the shared JobSeekerFilter fields."""

    include_inactive = forms.BooleanField(label=_("Include paused and exited"), required=False)
