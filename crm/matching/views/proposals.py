"""Matching pages: proposals of a job seeker for an opening, and moving them step by step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors
from crm.employers.selectors.common import parse_id
from crm.matching import access
from crm.matching.forms.proposals import ProposalCreateForm, ProposalMoveForm
from crm.matching.models import Proposal, ProposalStatus
from crm.matching.selectors import proposals as proposal_selectors
from crm.matching.selectors.proposals import ProposalCard
from crm.matching.services import proposals as proposal_services


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    access.require_view(request.user)
    opening = parse_id(request.GET.get("opening"))
    job_seeker = parse_id(request.GET.get("job_seeker"))
    mine = request.GET.get("mine") == "1" or not (opening or job_seeker)
    status = [s for s in request.GET.getlist("status") if s in ProposalStatus.values]
    qs = proposal_selectors.proposal_list(
        user=request.user,
        opening=opening,
        job_seeker=job_seeker,
        status=status,
        mine=mine and request.user.has_perm("candidates.view_sensitive_data"),
        open_only=not status,
    )
    context = {
        "proposals": proposal_selectors.proposal_cards(qs[:200], user=request.user),
        "mine": mine,
    }
    return render(request, "matching/proposal_list.html", context)


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    access.require_view(request.user)
    if not request.user.has_perm("candidates.view_sensitive_data"):
        raise PermissionDenied(_("Only the person's own coach team can propose them."))
    data = request.POST if request.method == "POST" else None
    initial = {"job_seeker": request.GET.get("job_seeker"), "opening": request.GET.get("opening")}
    form = ProposalCreateForm(data, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_services.create_proposal(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Proposal created: %(name)s for %(opening)s.")
                % {"name": proposal.job_seeker.full_name, "opening": proposal.opening.title},
            )
            return redirect(_safe_next(request) or proposal_url(proposal))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "next": _safe_next(request) or ""}
    return render(request, "matching/proposal_form.html", context, status=status)


def proposal_url(proposal: Proposal) -> str:
    return reverse("proposal_detail", args=[proposal.pk])


def _detail(
    request: HttpRequest,
    card: ProposalCard,
    form: ProposalMoveForm | None = None,
    *,
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    proposal = card.proposal
    if card.can_change and form is None and card.next_statuses:
        form = ProposalMoveForm(
            initial={"version": proposal.version, "status": card.next_statuses[0]},
            next_statuses=card.next_statuses,
        )
    presenting = card.can_change and ProposalStatus.PRESENTED in card.next_statuses
    context = {
        "card": card,
        "proposal": proposal,
        "form": form if card.can_change else None,
        "conflict": conflict,
        "presenting": presenting,
        "can_open_consents": card.can_change,  # the coach team, who may see consents
        "disclosure": proposal_selectors.disclosure_for(proposal) if presenting else None,
    }
    return render(request, "matching/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, proposal_selectors.proposal_get(user=request.user, pk=pk))


@login_required
@require_POST
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    card = proposal_selectors.proposal_get(user=request.user, pk=pk)
    proposal = card.proposal
    access.require_coach_team(request.user, proposal.job_seeker)
    form = ProposalMoveForm(request.POST, next_statuses=card.next_statuses)
    if not form.is_valid():
        stale = parse_id(request.POST.get("version")) not in (None, proposal.version)
        return (
            _moved_meanwhile(request, proposal)
            if stale
            else _detail(request, card, form, status=422)
        )
    data = form.cleaned_data
    try:
        moved = proposal_services.move_proposal(
            proposal=proposal,
            to_status=data["status"],
            by=request.user,
            version=data["version"],
            note=data["note"],
            channel=data.get("channel") or "",
        )
    except EditConflict:
        return _moved_meanwhile(request, proposal)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, card, form, status=422)
    messages.success(
        request, _("The proposal is now “%(status)s”.") % {"status": moved.get_status_display()}
    )
    if moved.status == ProposalStatus.PRESENTED:
        messages.info(request, _("The employer contact was logged in the contact log."))
    return redirect(_safe_next(request) or proposal_url(moved))


def _moved_meanwhile(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    fresh = proposal_selectors.proposal_get(user=request.user, pk=proposal.pk)
    return _detail(request, fresh, status=409, conflict=True)


urlpatterns = [
    path("proposals/", proposal_list, name="proposal_list"),
    path("proposals/new/", proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/status/", proposal_transition, name="proposal_transition"),
]
