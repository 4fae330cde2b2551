"""Employer forms: adding and editing an employer, confirming a probable duplicate, and moving it
on the pipeline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import User
from crm.core.forms import MunicipalityField, TermsField, VersionForm
from crm.core.reference import INDUSTRY_CHOICES
from crm.core.validators import normalize_business_id, validate_business_id
from crm.employers.models import Employer, SizeClass, Stage


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
