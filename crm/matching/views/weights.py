"""Matching pages: the organisation's match weights, tuned by an admin.

A saved change is used by the very next ranking (crm.matching.selectors.weights.load_weights); every
change is audited and kept in the weights' history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from crm.accounts.http import CrmRequest
from crm.accounts.models import User
from crm.accounts.permissions import permission_required
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors, edit_conflict
from crm.matching import weights
from crm.matching.models import MatchWeights
from crm.matching.selectors import weights as weight_selectors
from crm.matching.services import weights as weight_services

PERMISSION = "accounts.change_organization"
ERROR_KEYS = ("required", "invalid", "min_value", "max_value")


class MatchWeightsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        defaults = weights.stored_defaults()
        for name, limit in weights.FIELD_LIMITS.items():
            model_field = MatchWeights._meta.get_field(name)
            assert isinstance(model_field, models.Field)  # a weight column, never a relation
            error = _("Give a whole number from 0 to %(max)s.") % {"max": limit}
            default = _("Default: %(value)s.") % {"value": defaults[name]}
            self.fields[name] = forms.IntegerField(
                label=model_field.verbose_name,
                min_value=0,
                max_value=limit,
                help_text=f"{model_field.help_text} {default}",
                error_messages=dict.fromkeys(ERROR_KEYS, error),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            )
        self.order_fields(["version", *weights.FIELDS])

    @property
    def component_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in weights.COMPONENTS]

    @property
    def tuning_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in weights.FIELDS if name not in weights.COMPONENTS]


def _initial(organization_id: int) -> dict:
    state = weight_selectors.weights_state(organization_id)
    return {**state["values"], "version": state["version"]}


def _save(form: MatchWeightsForm, values: dict, *, organization_id: int, by: User) -> dict | None:
    """Save; the conflict to show, if someone saved first."""
    try:
        weight_services.save_weights(
            organization_id=organization_id,
            by=by,
            version=form.cleaned_data["version"],
            **values,
        )
    except EditConflict:
        current = _initial(organization_id)
        return edit_conflict(form, saved=current, current_version=current["version"])
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@permission_required(PERMISSION)
def match_weights(request: CrmRequest) -> HttpResponse:
    organization = request.user.organization
    if organization is None:
        raise Http404
    restore = request.method == "POST" and "restore" in request.POST
    data: Mapping[str, Any] | None = request.POST or None
    if restore:  # the defaults, on the version the admin read
        data = {**weights.stored_defaults(), "version": request.POST.get("version")}
    form = MatchWeightsForm(data, initial=_initial(organization.pk))
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("version")
        conflict = _save(form, values, organization_id=organization.pk, by=request.user)
        if conflict is None and not form.errors:
            done = _("Default weights restored.") if restore else _("Match weights saved.")
            messages.success(request, done + " " + _("The next ranking uses them."))
            return redirect("match_weights")
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = {
        "organization": organization,
        "form": form,
        "conflict": conflict,
        "state": weight_selectors.weights_state(organization.pk),
    }
    return render(request, "matching/weights.html", context, status=status)


urlpatterns = [
    path("organisation/match-weights/", match_weights, name="match_weights"),
]
