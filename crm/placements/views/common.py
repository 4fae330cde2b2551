"""What the placement pages share: the placement page's context."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from crm.accounts.http import CrmRequest
from crm.placements import access
from crm.placements.forms.check_ins import CheckInForm
from crm.placements.forms.support import PlanForm, SupportContactForm
from crm.placements.models import Placement
from crm.placements.schedule import STATUS_LABELS
from crm.placements.selectors import check_ins as check_in_selectors
from crm.placements.selectors import placements as selectors
from crm.placements.selectors import support as support_selectors

CONTACTS_SHOWN = 15  # the latest; "Show all" lists every one


def render_placement(
    request: CrmRequest, placement: Placement, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The placement page; `forms` replaces a form with the one that was posted (errors)."""
    user, today = request.user, timezone.localdate()
    contacts = list(support_selectors.support_contacts(user=user, placement=placement))
    can_change = access.can_change(user, placement.candidate)
    show_all = request.GET.get("contacts") == "all"
    context: dict[str, Any] = {
        "placement": placement,
        "job_seeker": placement.candidate,
        "today": today,
        "contacts": contacts if show_all else contacts[:CONTACTS_SHOWN],
        "contact_count": len(contacts),
        "notes_visible": support_selectors.notes_visible(user, placement),
        "check_ins": list(check_in_selectors.check_ins(user=user, placement=placement)),
        "slots": selectors.first_year_plan(placement, [c.occurred_on for c in contacts], today),
        "slot_labels": STATUS_LABELS,
        "tenure": selectors.tenure(placement, today),
        "overdue": selectors.is_overdue(placement, today),
        "can_change": can_change and placement.candidate.erased_at is None,
    }
    if context["can_change"]:
        context["contact_form"] = forms.get("contact_form") or SupportContactForm(
            placement=placement
        )
        context["check_in_form"] = forms.get("check_in_form") or CheckInForm()
        context["plan_form"] = forms.get("plan_form") or PlanForm(
            initial=PlanForm.initial_for(placement)
        )
    context["conflict"] = forms.get("conflict")
    return render(request, "placements/placement_detail.html", context, status=status)
