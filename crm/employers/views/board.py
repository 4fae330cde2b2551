from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.permissions import permission_required
from crm.employers import selectors, services
from crm.employers.forms import StageForm
from crm.employers.models import Stage


@permission_required("employers.view_employer")
def pipeline_board(request: HttpRequest) -> HttpResponse:
    context = {
        "columns": selectors.board(user=request.user, filters=request.GET),
        "stages": Stage.choices,
        "query": request.GET.urlencode(),
    }
    template = "employers/board.html#board" if request.htmx else "employers/board.html"
    return render(request, template, context)


@require_POST
@permission_required("employers.change_employer")
def employer_stage_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an employer on the pipeline (board drag-and-drop, keyboard form, or detail page)."""
    employer = selectors.employer_get(user=request.user, pk=pk)
    form = StageForm(request.POST)
    if form.is_valid():
        employer = services.move_employer_to_stage(
            employer=employer, stage=form.cleaned_data["stage"], by=request.user
        )
    if request.htmx and request.POST.get("from") == "board":
        context = {
            "columns": selectors.board(user=request.user),
            "stages": Stage.choices,
            "moved": employer if form.is_valid() else None,
        }
        return render(
            request, "employers/board.html#board", context, status=200 if form.is_valid() else 422
        )
    if form.is_valid():
        messages.success(
            request,
            _("%(name)s moved to %(stage)s.")
            % {"name": employer, "stage": employer.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose a pipeline stage."))
    return redirect("employer_detail", pk=pk)
