"""The case note form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from crm.candidates.forms.common import date_widget
from crm.candidates.models import CaseNote
from crm.core import dates


class CaseNoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["written_on", "contact_type", "text", "sensitive"]
        widgets = {"written_on": date_widget(), "text": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = dates.formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)
