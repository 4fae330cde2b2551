"""Job seeker pages: the coach's caseload, the list of everyone, the record with its IPS
milestone timeline and follow-ups, status changes and transfers between coaches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import permission_required, require
from crm.candidates import selectors
from crm.candidates.access import Access, access_level
from crm.candidates.filters import BASIC_FILTERS, JobSeekerFilter
from crm.candidates.forms.records import (
    CaseloadFilterForm,
    FollowUpForm,
    JobSeekerForm,
    MilestoneForm,
    StatusForm,
    TransferForm,
)
from crm.candidates.models import ACTIVE_STATUSES, JobSeeker
from crm.candidates.services.milestones import delete_milestone, record_milestone
from crm.candidates.services.records import (
    change_status,
    create_job_seeker,
    transfer_job_seeker,
    update_job_seeker,
)
from crm.candidates.views.common import page_context
from crm.core.choices import choice_labels
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors, edit_conflict
from crm.core.reference import LANGUAGE_CHOICES, municipality_choices
from crm.employers.access import show_follow_up_job_seekers
from crm.employers.services.follow_ups import create_follow_up

PAGE_SIZE = 50
CONTACT_STALE_DAYS = 14  # days without contact before the caseload says so

RECORD_FILTERS = BASIC_FILTERS | {"municipality", "referral_source", "ordering"}
CASELOAD_FILTERS = {"q", "status", "municipality", "referral_source", "ordering"}


# Lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One person in a list, with the figures the user may see (none below RECORD)."""

    seeker: JobSeeker
    full: bool
    days_since_contact: int | None = None
    contact_stale: bool = False
    follow_up_overdue: bool = False
    days_to_first_contact: int | None = None
    first_contact_overdue: bool = False


def _row(user: Any, seeker: JobSeeker, today: date) -> Row:
    if access_level(user, seeker) < Access.RECORD:
        return Row(seeker, full=False)
    last = seeker.last_contact_on
    since = (today - last).days if last else None
    follow_up = seeker.next_follow_up_on
    return Row(
        seeker,
        full=True,
        days_since_contact=since,
        contact_stale=since is None or since > CONTACT_STALE_DAYS,
        follow_up_overdue=follow_up is not None and follow_up < today,
        days_to_first_contact=selectors.days_to_first_employer_contact(seeker, today),
        first_contact_overdue=selectors.first_contact_overdue(seeker),
    )


def _filter_data(request: CrmRequest, allowed: set[str]) -> dict[str, Any]:
    """The allowed filters from the query string; active people only unless asked."""
    data: dict[str, Any] = {}
    for key in allowed - {"q"}:
        values = [v for v in request.GET.getlist(key) if v]
        if values:
            data[key] = values if key == "status" else values[-1]
    if "status" not in data and not request.GET.get("include_inactive"):
        data["status"] = [str(s) for s in ACTIVE_STATUSES]
    return data


def _list_page(
    request: CrmRequest,
    template: str,
    allowed: set[str],
    extra: dict[str, Any],
    forced: dict[str, str] | None = None,
) -> HttpResponse:
    data = _filter_data(request, allowed)
    data.update(forced or {})
    people = selectors.job_seeker_list(
        user=request.user, filters=data, query=request.GET.get("q", "")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    form = JobSeekerFilter(request.GET, queryset=JobSeeker.objects.none(), request=request).form
    for name in set(form.fields) - allowed:
        del form.fields[name]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [_row(request.user, seeker, today) for seeker in page.object_list],
        "filter_form": form,
        "include_form": CaseloadFilterForm(request.GET),
        "q": request.GET.get("q", ""),
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "municipalities": municipality_choices(),
        "stale_days": CONTACT_STALE_DAYS,
        **extra,
    }
    return render(request, template + "#results" if request.htmx else template, context)


@login_required
def caseload(request: CrmRequest) -> HttpResponse:
    """The coach's own caseload; leads and admins have none and get the list of everyone."""
    require(request.user, "candidates.view_jobseeker")
    if not request.user.has_perm("candidates.add_jobseeker"):
        return redirect("candidate_list")
    extra = {"size": selectors.caseload_size(request.user)}
    forced = {"coach": str(request.user.pk)}
    return _list_page(request, "candidates/caseload.html", CASELOAD_FILTERS, extra, forced)


@login_required
def job_seeker_list(request: CrmRequest) -> HttpResponse:
    require(request.user, "candidates.view_jobseeker")
    record = request.user.has_perm("candidates.view_jobseeker_record")
    allowed = RECORD_FILTERS if record else BASIC_FILTERS
    return _list_page(request, "candidates/job_seeker_list.html", allowed, {})


# Adding and editing the record --------------------------------------------------------------


def _duplicate_warning(exc: ValidationError) -> str | None:
    """The message of the service's probable-duplicate refusal, if that is what it was."""
    for error in getattr(exc, "error_dict", {}).get("birth_date", []):
        if error.code == "duplicate":
            return next(iter(error))
    return None


def _form_page(request: CrmRequest, context: dict[str, Any], status: int) -> HttpResponse:
    context["municipalities"] = municipality_choices()
    editing = "job_seeker" in context
    context["base_template"] = "candidates/job_seeker_base.html" if editing else "base.html"
    return render(request, "candidates/job_seeker_form.html", context, status=status)


@permission_required("candidates.add_jobseeker")
def job_seeker_create(request: CrmRequest) -> HttpResponse:
    form = JobSeekerForm(request.POST or None, user=request.user, creating=True)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            seeker = create_job_seeker(
                by=request.user, allow_duplicate=form.cleaned_data["allow_duplicate"], **data
            )
        except ValidationError as exc:
            duplicate = _duplicate_warning(exc)
            if duplicate is None:
                add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": seeker})
            return redirect("candidate_detail", pk=seeker.pk)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, {"form": form, "duplicate": duplicate}, status)


def _update(request: CrmRequest, seeker: JobSeeker, form: JobSeekerForm) -> dict[str, Any]:
    """Save a valid edit form; what to show when it could not be saved."""
    try:
        update_job_seeker(
            job_seeker=seeker,
            by=request.user,
            version=form.cleaned_data["version"],
            allow_duplicate=form.cleaned_data["allow_duplicate"],
            **form.service_data(seeker),
        )
    except EditConflict:
        current = JobSeeker.objects.get(pk=seeker.pk)
        saved = JobSeekerForm.initial_for(current)
        return {"conflict": edit_conflict(form, saved=saved, current_version=current.version)}
    except ValidationError as exc:
        duplicate = _duplicate_warning(exc)
        if duplicate is None:
            add_service_errors(form, exc)
        return {"duplicate": duplicate}
    return {}


@login_required
def job_seeker_edit(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    require(request.user, "candidates.change_jobseeker")
    initial = JobSeekerForm.initial_for(seeker)
    form = JobSeekerForm(request.POST or None, user=request.user, creating=False, initial=initial)
    outcome: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        outcome = _update(request, seeker, form)
        if not outcome:
            messages.success(request, _("Changes saved."))
            return redirect("candidate_detail", pk=seeker.pk)
    status = 409 if outcome.get("conflict") else (422 if request.method == "POST" else 200)
    context = page_context(request, seeker) | {"form": form, **outcome}
    return _form_page(request, context, status)


# The overview ------------------------------------------------------------------------------


def _record_context(request: CrmRequest, seeker: JobSeeker) -> dict[str, Any]:
    return {
        "languages": choice_labels(seeker.languages, LANGUAGE_CHOICES),
        "timeline": selectors.timeline(user=request.user, job_seeker=seeker),
        "days_to_first_contact": selectors.days_to_first_employer_contact(seeker),
        "first_contact_overdue": selectors.first_contact_overdue(seeker),
        # Follow-up titles are notes about the person: the coach team only.
        "follow_ups": show_follow_up_job_seekers(
            selectors.open_follow_ups(job_seeker=seeker), user=request.user
        )
        if access_level(request.user, seeker) >= Access.FULL
        else [],
        "transfers": list(seeker.transfers.select_related("from_coach", "to_coach", "by")),
        "today": timezone.localdate(),
    }


def _change_forms(request: CrmRequest, seeker: JobSeeker, bound: dict) -> dict[str, Any]:
    """The coach team's forms on the overview; `bound` holds a posted one with its errors."""
    forms = {
        "milestone_form": MilestoneForm(),
        "follow_up_form": FollowUpForm(),
        "status_form": StatusForm(initial={"status": seeker.status, "version": seeker.version}),
    }
    if request.user.has_perm("candidates.transfer_jobseeker"):
        forms["transfer_form"] = TransferForm(user=request.user, seeker=seeker)
    return forms | bound


def _overview(request: CrmRequest, seeker: JobSeeker, status: int = 200, **bound: Any):
    context = page_context(request, seeker)
    if context["can_read_record"]:
        context |= _record_context(request, seeker)
    if context["is_coach_team"] and not seeker.is_erased:
        context |= _change_forms(request, seeker, bound)
    return render(request, "candidates/job_seeker_detail.html", context, status=status)


@login_required
def job_seeker_detail(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.BASIC)
    return _overview(request, seeker)


def _changing(request: CrmRequest, pk: int) -> JobSeeker:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    require(request.user, "candidates.change_jobseeker")
    return seeker


def _saved(form: Any, save: Any, **kwargs: Any) -> bool:
    """Call the service with the valid form's data; False (with field errors) otherwise."""
    if not form.is_valid():
        return False
    try:
        save(**kwargs, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


# Status and transfer -----------------------------------------------------------------------


def _save_status(request: CrmRequest, seeker: JobSeeker, form: StatusForm) -> dict | None:
    """Save a valid status form; the conflict to show when someone else saved first."""
    try:
        change_status(job_seeker=seeker, by=request.user, **form.cleaned_data)
    except EditConflict:
        current = JobSeeker.objects.get(pk=seeker.pk)
        saved = {name: getattr(current, name) for name in ("status", "exited_on", "exit_reason")}
        return edit_conflict(form, saved=saved, current_version=current.version)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@login_required
def status_change(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = _changing(request, pk)
    initial = {"status": seeker.status, "version": seeker.version}
    form = StatusForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = _save_status(request, seeker, form)
        if conflict is None and not form.errors:
            status_name = seeker.get_status_display()
            messages.success(request, _("Status changed to %(status)s.") % {"status": status_name})
            return redirect("candidate_detail", pk=seeker.pk)
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = page_context(request, seeker) | {"form": form, "conflict": conflict}
    return render(request, "candidates/status_form.html", context, status=status)


def _save_transfer(request: CrmRequest, seeker: JobSeeker, form: TransferForm) -> dict | None:
    """Save a valid transfer form; the conflict to show when someone else saved first."""
    try:
        transfer_job_seeker(job_seeker=seeker, by=request.user, **form.cleaned_data)
    except EditConflict:
        current = JobSeeker.objects.select_related("coach").get(pk=seeker.pk)
        saved = {"to_coach": current.coach, "reason": form.cleaned_data.get("reason")}
        return edit_conflict(form, saved=saved, current_version=current.version)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@login_required
def transfer(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = _changing(request, pk)
    require(request.user, "candidates.transfer_jobseeker")
    form = TransferForm(request.POST or None, user=request.user, seeker=seeker)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = _save_transfer(request, seeker, form)
        if conflict is None and not form.errors:
            coach = seeker.coach.get_full_name() or seeker.coach.username
            messages.success(
                request,
                _("%(name)s is now on the caseload of %(coach)s.")
                % {"name": seeker, "coach": coach},
            )
            if access_level(request.user, seeker) >= Access.FULL:
                return redirect("candidate_detail", pk=seeker.pk)
            return redirect("candidate_caseload")
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    context = page_context(request, seeker) | {"form": form, "conflict": conflict}
    return render(request, "candidates/transfer.html", context, status=status)


# Milestones and follow-ups ------------------------------------------------------------------


@login_required
@require_POST
def milestone_add(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = _changing(request, pk)
    form = MilestoneForm(request.POST)
    if _saved(form, record_milestone, job_seeker=seeker, by=request.user):
        messages.success(request, _("Milestone recorded."))
        return redirect(reverse("candidate_detail", args=[seeker.pk]) + "#timeline")
    return _overview(request, seeker, status=422, milestone_form=form)


@login_required
@require_POST
def milestone_delete(request: CrmRequest, pk: int, milestone_pk: int) -> HttpResponse:
    seeker = _changing(request, pk)
    milestone = get_object_or_404(seeker.milestones, pk=milestone_pk)
    try:
        delete_milestone(milestone=milestone, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Milestone %(name)s removed.") % {"name": milestone})
    return redirect(reverse("candidate_detail", args=[seeker.pk]) + "#timeline")


@login_required
@require_POST
def follow_up_add(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = _changing(request, pk)
    if not request.user.has_perm("employers.add_followup"):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if _saved(form, create_follow_up, job_seeker=seeker, user=request.user):
        messages.success(request, _("Follow-up added."))
        return redirect(reverse("candidate_detail", args=[seeker.pk]) + "#follow-ups")
    return _overview(request, seeker, status=422, follow_up_form=form)


urlpatterns = [
    path("job-seekers/", caseload, name="candidate_caseload"),
    path("job-seekers/all/", job_seeker_list, name="candidate_list"),
    path("job-seekers/new/", job_seeker_create, name="candidate_create"),
    path("job-seekers/<int:pk>/", job_seeker_detail, name="candidate_detail"),
    path("job-seekers/<int:pk>/edit/", job_seeker_edit, name="candidate_edit"),
    path("job-seekers/<int:pk>/status/", status_change, name="candidate_status"),
    path("job-seekers/<int:pk>/transfer/", transfer, name="candidate_transfer"),
    path("job-seekers/<int:pk>/milestones/add/", milestone_add, name="milestone_add"),
    path(
        "job-seekers/<int:pk>/milestones/<int:milestone_pk>/delete/",
        milestone_delete,
        name="milestone_delete",
    ),
    path("job-seekers/<int:pk>/follow-ups/add/", follow_up_add, name="candidate_follow_up_add"),
]
