"""Job satisfaction check-ins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.core import dates
from crm.core.forms import SubmissionTokenMixin
from crm.placements.forms.common import date_widget
from crm.placements.models import Respondent

SCORES = [(n, str(n)) for n in range(1, 6)]


class CheckInForm(SubmissionTokenMixin, forms.Form):
    checked_on = forms.DateField(
        label=_("Date"), widget=date_widget(), validators=[dates.PAST.validator]
    )
    respondent = forms.ChoiceField(
        label=_("Who answered"), choices=Respondent.choices, widget=forms.RadioSelect
    )
    score = forms.TypedChoiceField(
        label=_("Satisfaction (1 = very dissatisfied, 5 = very satisfied)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Short note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("checked_on", timezone.localdate())
        super().__init__(*args, **kwargs)
