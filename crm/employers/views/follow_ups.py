from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from crm.accounts.permissions import permission_required
from crm.core.forms import add_service_errors
from crm.employers import access
from crm.employers.forms.follow_ups import RescheduleForm
from crm.employers.selectors.follow_ups import follow_up_get
from crm.employers.services.follow_ups import (
    complete_follow_up,
    reopen_follow_up,
    reschedule_follow_up,
)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("my_day")


def _item(request: HttpRequest, follow_up, form=None, status: int = 200) -> HttpResponse:
    access.show_follow_up_job_seekers([follow_up], user=request.user)
    context = {"follow_up": follow_up, "reschedule_form": form}
    return render(request, "employers/partials/follow_up.html", context, status=status)


@require_POST
@permission_required("employers.change_followup")
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = follow_up_get(user=request.user, pk=pk)
    complete_follow_up(follow_up=follow_up, by=request.user)
    return _item(request, follow_up) if request.htmx else _back(request)


@require_POST
@permission_required("employers.change_followup")
def follow_up_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = follow_up_get(user=request.user, pk=pk)
    reopen_follow_up(follow_up=follow_up, by=request.user)
    return _item(request, follow_up) if request.htmx else _back(request)


@require_POST
@permission_required("employers.change_followup")
def follow_up_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = follow_up_get(user=request.user, pk=pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            reschedule_follow_up(
                follow_up=follow_up, due_on=form.cleaned_data["due_on"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if not form.is_valid() or form.errors:
        if request.htmx:
            return _item(request, follow_up, form, status=422)
        access.show_follow_up_job_seekers([follow_up], user=request.user)
        return render(
            request,
            "employers/follow_up_reschedule.html",
            {"follow_up": follow_up, "form": form},
            status=422,
        )
    return _item(request, follow_up) if request.htmx else _back(request)
