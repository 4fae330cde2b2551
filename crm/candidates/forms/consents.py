"""Forms of the consents page: recording and revoking a consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.candidates.forms.common import date_widget
from crm.candidates.models import Consent
from crm.core import dates


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "granted_on", "expires_on", "note"]
        widgets = {"granted_on": date_widget(), "expires_on": date_widget()}
        formfield_callback = dates.formfield
        help_texts = {"expires_on": _("Leave empty if the consent does not expire.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("granted_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class RevokeConsentForm(forms.Form):
    revoked_on = forms.DateField(
        label=_("Revoked on"), widget=date_widget(), validators=[dates.PAST.validator]
    )
