"""The evaluation extract page: a day, and the CSV (leads and admins; every extract audited)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.core import dates
from crm.reports.access import require_extract
from crm.reports.api.extract import extract_response
from crm.reports.forms import DateInput
from crm.reports.selectors.extract import COLUMNS, evaluation_csv


class ExtractForm(forms.Form):
    on = forms.DateField(
        label=_("Extraction day"), widget=DateInput(), validators=[dates.PAST.validator]
    )

    def clean_on(self) -> date:
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise ValidationError(_("The extraction day cannot be in the future."))
        return day


@login_required
def evaluation_extract(request: HttpRequest) -> HttpResponse:
    require_extract(request.user)
    form = ExtractForm(request.GET or None, initial={"on": timezone.localdate()})
    error = ""
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["on"]
        try:
            return extract_response(evaluation_csv(user=request.user, on=on), on)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    status = 422 if form.is_bound else 200
    context = {"form": form, "columns": COLUMNS, "error": error}
    return render(request, "reports/extract.html", context, status=status)


urlpatterns = [
    path("reports/evaluation-extract/", evaluation_extract, name="report_extract"),
]
