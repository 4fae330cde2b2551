from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from crm.accounts.permissions import permission_required
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors, edit_conflict
from crm.core.reference import municipality_choices
from crm.employers.filters import OpeningFilter
from crm.employers.forms.openings import OpeningForm, TailoringNoteForm
from crm.employers.models import Opening
from crm.employers.selectors import employers as employer_selectors
from crm.employers.selectors import openings as opening_selectors
from crm.employers.services.openings import add_tailoring_note, create_opening, update_opening


@permission_required("employers.view_opening")
def opening_list(request: HttpRequest) -> HttpResponse:
    openings = opening_selectors.opening_list(user=request.user, filters=request.GET)
    page = Paginator(openings, 50).get_page(request.GET.get("page"))
    filterset = OpeningFilter(request.GET, queryset=Opening.objects.none())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filter_form": filterset.form,
        "query": query.urlencode(),
        "q": request.GET.get("q", ""),
    }
    return render(request, "employers/opening_list.html", context)


@permission_required("employers.view_opening")
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_selectors.opening_get(user=request.user, pk=pk)
    notes = opening_selectors.tailoring_notes_for_opening(opening=opening)
    return render(request, "employers/opening_detail.html", {"opening": opening, "notes": notes})


@permission_required("employers.add_opening")
def opening_create(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    initial = {"municipality": employer.municipality}
    form = OpeningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        try:
            opening = create_opening(employer=employer, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Opening %(title)s added.") % {"title": opening})
            return redirect("opening_detail", pk=opening.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "employer": employer, "municipalities": municipality_choices()}
    return render(request, "employers/opening_form.html", context, status=status)


@permission_required("employers.change_opening")
def opening_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_selectors.opening_get(user=request.user, pk=pk)
    form = OpeningForm(request.POST or None, initial=OpeningForm.initial_for(opening))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            update_opening(opening=opening, by=request.user, version=version, **data)
        except EditConflict:
            current = Opening.objects.get(pk=opening.pk)
            conflict = edit_conflict(
                form, saved=OpeningForm.initial_for(current), current_version=current.version
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("opening_detail", pk=opening.pk)
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = {
        "form": form,
        "employer": opening.employer,
        "opening": opening,
        "conflict": conflict,
        "municipalities": municipality_choices(),
    }
    return render(request, "employers/opening_form.html", context, status=status)


@permission_required("employers.add_tailoringnote")
def tailoring_create(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    initial = {"opening": request.GET.get("opening")}
    form = TailoringNoteForm(request.POST or None, employer=employer, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            note = add_tailoring_note(employer=employer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Job tailoring note saved."))
            if note.opening_id:
                return redirect("opening_detail", pk=note.opening_id)
            return redirect("employer_detail", pk=employer.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "employers/tailoring_form.html",
        {"form": form, "employer": employer},
        status=status,
    )
