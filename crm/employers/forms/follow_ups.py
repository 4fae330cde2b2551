"""Rescheduling a follow-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.core import dates


class RescheduleForm(forms.Form):
    due_on = forms.DateField(
        label=_("New date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[dates.PLANNED.validator],
    )
