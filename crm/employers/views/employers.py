"""Employer pages: the list, the employer page, adding and editing, archiving, and the
pipeline (the Yhteistyöpolku board and moving an employer to another stage)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.permissions import permission_required
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors, edit_conflict
from crm.core.reference import municipality_choices
from crm.employers.filters import EmployerFilter
from crm.employers.forms.employers import DuplicateConfirmForm, EmployerForm, StageForm
from crm.employers.models import Employer, Stage
from crm.employers.selectors import employers as employer_selectors
from crm.employers.services.employers import (
    archive_employer,
    create_employer,
    move_employer_to_stage,
    restore_employer,
    similar_employers,
    update_employer,
)

PAGE_SIZE = 50


@permission_required("employers.view_employer")
def employer_list(request: HttpRequest) -> HttpResponse:
    employers = employer_selectors.employer_list(user=request.user, filters=request.GET)
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    filterset = EmployerFilter(request.GET, queryset=Employer.objects.none(), request=request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filter_form": filterset.form,
        "q": request.GET.get("q", ""),
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "municipalities": municipality_choices(),
    }
    if request.user.has_perm("accounts.use_my_day") and not request.htmx:
        context["activity"] = employer_selectors.weekly_activity(
            user=request.user, with_funnel=False
        )
    template = "employers/employer_list.html"
    if request.htmx and request.GET.get("picker"):
        template = "employers/partials/employer_picker.html"
    elif request.htmx:
        template += "#results"
    return render(request, template, context)


def _form_context(form: EmployerForm, **extra: object) -> dict:
    return {"form": form, "municipalities": municipality_choices(), **extra}


@permission_required("employers.add_employer")
def employer_create(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None, user=request.user)
    confirm = DuplicateConfirmForm(request.POST or None)
    duplicates: list[Employer] = []
    if request.method == "POST" and form.is_valid() and confirm.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        duplicates = similar_employers(
            organization_id=request.user.organization_id,
            name=data["name"],
            municipality=data["municipality"],
        )
        if not duplicates or confirm.cleaned_data["confirm_duplicate"]:
            try:
                employer = create_employer(
                    organization_id=request.user.organization_id, by=request.user, **data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Employer %(name)s added.") % {"name": employer})
                return redirect("employer_detail", pk=employer.pk)
    status = 422 if request.method == "POST" else 200
    context = _form_context(form, confirm_form=confirm, duplicates=duplicates, creating=True)
    return render(request, "employers/employer_form.html", context, status=status)


@permission_required("employers.view_employer")
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = employer_selectors.employer_page(user=request.user, pk=pk)
    context = {
        "p": page,
        "employer": page.employer,
        "stage_form": StageForm(initial={"stage": page.employer.stage}),
    }
    return render(request, "employers/employer_detail.html", context)


@permission_required("employers.change_employer")
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    initial = EmployerForm.initial_for(employer)
    form = EmployerForm(request.POST or None, user=request.user, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            update_employer(employer=employer, by=request.user, version=version, **data)
        except EditConflict:
            current = Employer.objects.get(pk=employer.pk)
            conflict = edit_conflict(
                form, saved=EmployerForm.initial_for(current), current_version=current.version
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("employer_detail", pk=employer.pk)
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = _form_context(form, employer=employer, conflict=conflict)
    return render(request, "employers/employer_form.html", context, status=status)


@require_POST
@permission_required("employers.change_employer")
def employer_archive(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    archive_employer(employer=employer, by=request.user)
    messages.success(request, _("%(name)s archived.") % {"name": employer})
    return redirect("employer_detail", pk=pk)


@require_POST
@permission_required("employers.change_employer")
def employer_restore(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    restore_employer(employer=employer, by=request.user)
    messages.success(request, _("%(name)s restored.") % {"name": employer})
    return redirect("employer_detail", pk=pk)


# The pipeline -----------------------------------------------------------------------------------


@permission_required("employers.view_employer")
def pipeline_board(request: HttpRequest) -> HttpResponse:
    context = {
        "columns": employer_selectors.board(user=request.user, filters=request.GET),
        "stages": Stage.choices,
        "query": request.GET.urlencode(),
    }
    template = "employers/board.html#board" if request.htmx else "employers/board.html"
    return render(request, template, context)


@require_POST
@permission_required("employers.change_employer")
def employer_stage_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an employer on the pipeline (board drag-and-drop, keyboard form, or detail page)."""
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    form = StageForm(request.POST)
    if form.is_valid():
        employer = move_employer_to_stage(
            employer=employer, stage=form.cleaned_data["stage"], by=request.user
        )
    if request.htmx and request.POST.get("from") == "board":
        context = {
            "columns": employer_selectors.board(user=request.user),
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
