"""Support contacts and the support plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.core import dates
from crm.core.forms import SubmissionTokenMixin, VersionForm
from crm.employers.models import ContactPerson
from crm.placements.forms.common import date_widget
from crm.placements.models import (
    Placement,
    SupportCadence,
    SupportChannel,
    SupportPlace,
    SupportTopic,
    WithWhom,
)


class SupportContactForm(SubmissionTokenMixin, forms.Form):
    occurred_on = forms.DateField(
        label=_("Date"), widget=date_widget(), validators=[dates.PAST.validator]
    )
    with_whom = forms.ChoiceField(
        label=_("With whom"), choices=WithWhom.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=SupportChannel.choices,
        widget=forms.RadioSelect,
        initial=SupportChannel.FACE_TO_FACE,
    )
    place = forms.ChoiceField(
        label=_("Where"), choices=[("", "—"), *SupportPlace.choices], required=False
    )
    contact_person = forms.ModelChoiceField(
        label=_("Person at the employer"),
        queryset=ContactPerson.objects.none(),
        required=False,
        help_text=_("A contact with the employer is also logged in the employer's contact log."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=SupportTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Seen only by the person's coach team, like case notes."),
    )
    next_due_on = forms.DateField(
        label=_("Next contact due"),
        required=False,
        widget=date_widget(),
        validators=[dates.PLANNED.validator],
        help_text=_("Leave empty to follow the support cadence."),
    )

    def __init__(self, *args: Any, placement: Placement, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = placement.employer.contact_persons.filter(
            archived_at__isnull=True
        )


class PlanForm(VersionForm):
    cadence = forms.ChoiceField(label=_("Cadence"), choices=SupportCadence.choices)
    declined = forms.BooleanField(label=_("The person declined further support"), required=False)
    declined_on = forms.DateField(
        label=_("Declined on"),
        required=False,
        widget=date_widget(),
        validators=[dates.PAST.validator],
    )
    declined_reason = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    @classmethod
    def initial_for(cls, placement: Placement) -> dict[str, Any]:
        return {
            "version": placement.version,
            "cadence": placement.support_cadence,
            "declined": placement.support_declined_on is not None,
            "declined_on": placement.support_declined_on or timezone.localdate(),
            "declined_reason": placement.support_declined_reason,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        declined = data["declined"]
        return {
            "version": data["version"],
            "cadence": data["cadence"],
            "declined_on": data["declined_on"] if declined else None,
            "declined_reason": data["declined_reason"] if declined else "",
        }
