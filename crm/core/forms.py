from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
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
