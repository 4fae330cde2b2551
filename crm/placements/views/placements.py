"""Placement pages: the list, a person's jobs, recording a job start, editing and ending."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.http import CrmRequest
from crm.candidates import selectors as candidate_selectors
from crm.candidates.access import Access
from crm.candidates.views.common import page_context
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors, edit_conflict
from crm.employers.models import Employer
from crm.employers.selectors.employers import employer_get, employer_list
from crm.matching.models import Proposal, ProposalStatus
from crm.matching.selectors.proposals import proposal_get
from crm.placements import access
from crm.placements.filters import PlacementFilter
from crm.placements.forms.placements import EndForm, NewPlacementForm, PlacementForm
from crm.placements.models import Placement
from crm.placements.selectors import placements as selectors
from crm.placements.services import placements as services
from crm.placements.services.placements import DuplicatePlacement, suggested_competitive
from crm.placements.views.common import render_placement

PER_PAGE = 25
PICKER_LIMIT = 10


@login_required
def placement_list(request: CrmRequest) -> HttpResponse:
    access.require_role(request.user)
    data = request.GET.dict()
    if not data:
        data["active"] = "true"  # current jobs first; the filter shows the ended ones too
    filterset = PlacementFilter(data, Placement.objects.none(), request=request)
    qs = selectors.placement_list(
        user=request.user, filters=data, query=request.GET.get("q", "")
    ).order_by("next_support_due_on", "-start_on", "id")
    if data.get("ordering"):
        qs = PlacementFilter(data, qs, request=request).qs
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filter_form": filterset.form,
        "q": request.GET.get("q", ""),
        "today": timezone.localdate(),
        "filtered": any(data.get(name) for name in ("due", "coach_id", "contract_type")),
    }
    template = "placements/placement_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
def candidate_placements(request: CrmRequest, pk: int) -> HttpResponse:
    """The person's jobs tab (the coach team and leads)."""
    seeker = candidate_selectors.job_seeker_get(user=request.user, pk=pk, level=Access.RECORD)
    access.require_view(request.user, seeker)
    placements = selectors.person_placements(user=request.user, job_seeker=seeker)
    context = page_context(
        request,
        seeker,
        "placements",
        placements=placements,
        today=timezone.localdate(),
        can_record=access.can_change(request.user, seeker)
        and seeker.erased_at is None
        and seeker.status != "exited",
    )
    return render(request, "placements/candidate_placements.html", context)


# Recording a job start ----------------------------------------------------------------------


def _hired_proposal(request: CrmRequest, seeker: Any) -> Proposal | None:
    raw = request.GET.get("proposal") or request.POST.get("proposal")
    if not raw or not str(raw).isdigit():
        return None
    try:
        proposal = proposal_get(user=request.user, pk=int(raw)).proposal
    except Http404:
        return None
    if proposal.job_seeker_id != seeker.pk or proposal.status != ProposalStatus.HIRED:
        return None
    return proposal


def _chosen_employer(request: CrmRequest, proposal: Proposal | None) -> Employer | None:
    if proposal is not None:
        return proposal.opening.employer
    raw = request.POST.get("employer") or request.GET.get("employer")
    if not raw or not str(raw).isdigit():
        return None
    try:
        return employer_get(user=request.user, pk=int(raw))
    except Http404:
        return None


def _initial(seeker: Any, proposal: Proposal | None, employer: Employer | None) -> dict:
    initial: dict[str, Any] = {"competitive": True}
    if employer is not None:
        initial["employer"] = employer.pk
    if proposal is not None:
        opening = proposal.opening
        initial |= {"opening": opening.pk, "job_title": opening.title}
        if opening.occupation:
            initial["occupation"] = opening.occupation
        if opening.hours_per_week:
            initial["hours_per_week"] = opening.hours_per_week
        if opening.start_on:
            initial["start_on"] = opening.start_on
    return initial


@login_required
def placement_create(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = candidate_selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    access.require_change(request.user, seeker)
    proposal = _hired_proposal(request, seeker)
    employer = _chosen_employer(request, proposal)
    context = page_context(request, seeker, "placements", proposal=proposal, employer=employer)
    if employer is None:
        return render(request, "placements/placement_create.html", context)
    form = NewPlacementForm(
        request.POST or None, employer=employer, initial=_initial(seeker, proposal, employer)
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        data["employer"] = employer
        try:
            placement = services.record_job_start(
                candidate=seeker, by=request.user, proposal=proposal, **data
            )
        except DuplicatePlacement as exc:
            duplicate = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Job start recorded. Follow-along support is planned from %(date)s.")
                % {"date": f"{placement.start_on:%d.%m.%Y}"},
            )
            return redirect("placement_detail", pk=placement.pk)
    status = 409 if duplicate else (422 if request.method == "POST" else 200)
    context |= {"form": form, "duplicate": duplicate}
    return render(request, "placements/placement_create.html", context, status=status)


@login_required
def employer_picker(request: CrmRequest, pk: int) -> HttpResponse:
    """Employers matching a few typed letters, as links to the job start form."""
    seeker = candidate_selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    access.require_change(request.user, seeker)
    query = request.GET.get("q", "").strip()
    employers: list[Employer] = []
    if query:
        qs = employer_list(user=request.user, filters={"q": query})
        employers = list(qs[:PICKER_LIMIT])
    context = {"employers": employers, "q": query, "job_seeker": seeker}
    return render(request, "placements/partials/employer_picker.html", context)


@login_required
def competitive_hint(request: CrmRequest) -> HttpResponse:
    """The competitive checkbox again, pre-set from the pay subsidy and "set aside" as the
    coach changes them (htmx)."""
    access.require_role(request.user)
    suggested = suggested_competitive(
        pay_subsidy=request.GET.get("pay_subsidy", ""),
        set_aside=request.GET.get("set_aside") in ("on", "true", "1"),
    )
    data = request.GET.copy()
    data["competitive"] = "on" if suggested else ""
    form = PlacementForm(data)
    return render(
        request,
        "placements/partials/competitive_fields.html",
        {"form": form, "suggested": suggested},
    )


# Editing and ending -------------------------------------------------------------------------


@login_required
def placement_detail(request: CrmRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    return render_placement(request, placement)


@login_required
def placement_edit(request: CrmRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    access.require_change(request.user, placement.candidate)
    form = PlacementForm(
        request.POST or None,
        employer=placement.employer,
        initial=PlacementForm.initial_for(placement),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data.pop("employer")
        try:
            services.update_placement(placement=placement, by=request.user, version=version, **data)
        except EditConflict:
            current = Placement.objects.get(pk=placement.pk)
            conflict = edit_conflict(
                form, saved=PlacementForm.initial_for(current), current_version=current.version
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("placement_detail", pk=placement.pk)
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = {
        "placement": placement,
        "job_seeker": placement.candidate,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "placements/placement_form.html", context, status=status)


@login_required
def placement_end(request: CrmRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    access.require_change(request.user, placement.candidate)
    if placement.ended_on is not None:
        messages.info(request, _("This job has already ended."))
        return redirect("placement_detail", pk=placement.pk)
    form = EndForm(request.POST or None, initial={"version": placement.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.end_placement(
                placement=placement, by=request.user, **form.cleaned_data
            )
        except EditConflict:
            conflict = True
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            seeker = ended.candidate
            seeker.refresh_from_db()
            messages.success(
                request,
                _("The end of the job is recorded; %(name)s is now: %(status)s.")
                % {"name": seeker.full_name, "status": seeker.get_status_display()},
            )
            return redirect("placement_detail", pk=placement.pk)
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = {
        "placement": placement,
        "job_seeker": placement.candidate,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "placements/placement_end.html", context, status=status)
