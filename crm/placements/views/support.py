"""Logging support contacts and changing the support plan (posted from the placement page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.http import CrmRequest
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors
from crm.placements import access
from crm.placements.forms.support import PlanForm, SupportContactForm
from crm.placements.selectors import placements as selectors
from crm.placements.services import support as services
from crm.placements.views.common import render_placement


@login_required
@require_POST
def support_contact_add(request: CrmRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    access.require_change(request.user, placement.candidate)
    form = SupportContactForm(request.POST, placement=placement)
    if form.is_valid():
        try:
            contact = services.log_support_contact(
                placement=placement, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message = _("Support contact saved.")
            if contact.employer_contact_id:
                message += " " + _("It is also in %(employer)s's contact log.") % {
                    "employer": placement.employer.name
                }
            messages.success(request, message)
            return redirect("placement_detail", pk=placement.pk)
    return render_placement(request, placement, status=422, contact_form=form)


@login_required
@require_POST
def plan_update(request: CrmRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    access.require_change(request.user, placement.candidate)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.set_support_plan(
                placement=placement, by=request.user, **form.service_arguments()
            )
        except EditConflict:
            placement.refresh_from_db()
            fresh = PlanForm(initial=PlanForm.initial_for(placement))
            return render_placement(request, placement, status=409, plan_form=fresh, conflict=True)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Support plan saved."))
            return redirect("placement_detail", pk=placement.pk)
    return render_placement(request, placement, status=422, plan_form=form)
