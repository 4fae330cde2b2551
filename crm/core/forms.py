"""Form pieces every app shares: the version a form read, the one-time token of a create form,
municipalities and term lists as people type them, and showing a service's errors or an edit
conflict on a form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.core import idempotency
from crm.core.reference import resolve_municipality


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the fields it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def _shown(field: forms.Field, value: object) -> str:
    """A value as people read it: choice labels rather than codes."""
    if isinstance(field, forms.ModelChoiceField) and isinstance(value, int):
        value = field.queryset.filter(pk=value).first()
    labels = {}
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(code): str(label) for code, label in field.choices}
    if isinstance(value, list | tuple):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    return "" if value is None else labels.get(str(value), str(value))


def edit_conflict(form: forms.Form, *, saved: dict, current_version: int) -> dict:
    """Someone saved first: list both versions of each differing field, and let the form
    carry the current version so that saving again knowingly replaces theirs."""
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        mine = _shown(field, form.cleaned_data.get(name))
        theirs = _shown(field, saved.get(name))
        if mine != theirs:
            rows.append({"label": form[name].label, "mine": mine or "—", "theirs": theirs or "—"})
    data = form.data.copy()
    data["version"] = current_version
    form.data = data
    return {"rows": rows, "version": current_version}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class MunicipalityField(forms.CharField):
    """Free text resolved to the official municipality ("lapenranta" → "Lappeenranta")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Municipality"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "municipality-options", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        resolved = resolve_municipality(value)
        if resolved is None:
            raise forms.ValidationError(
                _("%(value)s is not a Finnish municipality.") % {"value": value}
            )
        return resolved


class TermsField(forms.CharField):
    """Comma-separated free text (skills, licences, tags) → list of strings."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        return _split(super().clean(value) or "")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object  # a mixin, not a form of its own (walks over every form class skip it)


class SubmissionTokenMixin(_Form):
    """A hidden one-time token on a create form: the same form sent twice (a double click, a
    reload, a second tab) saves once and both posts get the first answer (IdempotencyMiddleware).
    A form re-shown with errors keeps its token. The template renders
    `{{ form.submission_token }}`; views and services never see it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[idempotency.FORM_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=idempotency.new_form_token()
        )

    def full_clean(self) -> None:
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.cleaned_data.pop(idempotency.FORM_FIELD, None)
