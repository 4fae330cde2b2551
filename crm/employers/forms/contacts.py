"""Contact persons and the contact log (one short form that works on a phone)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.core import dates
from crm.employers.models import Channel, ContactPerson, Employer, Opening, OpeningStatus, Purpose


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
        validators=[dates.PAST.validator],
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
        validators=[dates.PLANNED.validator],
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
