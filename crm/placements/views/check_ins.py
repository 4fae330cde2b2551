"""Recording a job satisfaction check-in (posted from the placement page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.http import CrmRequest
from crm.core.forms import add_service_errors
from crm.placements import access
from crm.placements.forms.check_ins import CheckInForm
from crm.placements.selectors import placements as selectors
from crm.placements.services import check_ins as services
from crm.placements.views.common import render_placement


@login_required
@require_POST
def check_in_add(request: CrmRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    access.require_change(request.user, placement.candidate)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.record_check_in(placement=placement, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Check-in saved."))
            return redirect("placement_detail", pk=placement.pk)
    return render_placement(request, placement, status=422, check_in_form=form)
