"""Forms of the rights pages: the erase confirmation and the organisation's retention period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.candidates.models import JobSeeker
from crm.candidates.rights.erase import confirmation_matches

RETENTION_MIN, RETENTION_MAX = 1, 240


class EraseForm(forms.Form):
    """Erasing cannot be undone: the user types the person's last name to confirm."""

    confirmation = forms.CharField(
        label=_("Type the person's last name to confirm"),
        max_length=100,
        error_messages={"required": _("Type the person's last name to confirm the erasure.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, job_seeker: JobSeeker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job_seeker = job_seeker

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"]
        if not confirmation_matches(self.job_seeker, typed):
            raise forms.ValidationError(
                _("This is not the person's last name. Nothing was erased."), code="mismatch"
            )
        return typed


class RetentionForm(forms.Form):
    _range_error = _("Give a whole number of months from 1 to 240.")

    retention_months = forms.IntegerField(
        label=_("Retention after exit (months)"),
        min_value=RETENTION_MIN,
        max_value=RETENTION_MAX,
        help_text=_(
            "Job seekers who exited more than this many months ago are anonymised "
            "automatically every night. Figures for reports are kept."
        ),
        error_messages={
            "required": _range_error,
            "invalid": _range_error,
            "min_value": _range_error,
            "max_value": _range_error,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
