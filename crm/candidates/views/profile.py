"""Job seeker pages: the career profile (IPS vocational profile) and work history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.http import CrmRequest
from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.forms.profile import ProfileForm, WorkHistoryForm
from crm.candidates.models import CareerProfile, JobSeeker, WorkHistoryEntry
from crm.candidates.services.profile import add_work_history, delete_work_history, save_profile
from crm.candidates.views.common import page_context
from crm.core.choices import Schedule, choice_labels
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors, edit_conflict
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES


def _profile_page(
    request: CrmRequest, seeker: JobSeeker, work_form: WorkHistoryForm | None = None
) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, job_seeker=seeker)
    context = page_context(request, seeker, "profile")
    context |= {
        "profile": profile,
        "languages": choice_labels(seeker.languages, LANGUAGE_CHOICES),
        "industries": choice_labels(profile.industries, INDUSTRY_CHOICES),
        "schedules": choice_labels(profile.schedules, Schedule.choices),
        "work_form": work_form or (WorkHistoryForm() if context["is_coach_team"] else None),
    }
    status = 422 if work_form is not None else 200
    return render(request, "candidates/profile.html", context, status=status)


@login_required
def profile_detail(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.RECORD)
    return _profile_page(request, seeker)


def _save(request: CrmRequest, seeker: JobSeeker, form: ProfileForm) -> dict | None:
    """Save the valid form; return the conflict to show when someone else saved first."""
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        save_profile(job_seeker=seeker, by=request.user, version=version, **data)
    except EditConflict:
        current = CareerProfile.objects.get(job_seeker=seeker)
        return edit_conflict(
            form, saved=ProfileForm.initial_for(current), current_version=current.version
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@login_required
def profile_edit(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    conflict = None
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            conflict = _save(request, seeker, form)
            if conflict is None and not form.errors:
                messages.success(request, _("Career profile saved."))
                return redirect("candidate_profile", pk=seeker.pk)
        status = 409 if conflict else 422
    else:
        profile = selectors.profile_get(user=request.user, job_seeker=seeker)
        form = ProfileForm(initial=ProfileForm.initial_for(profile))
        status = 200
    context = page_context(request, seeker, "profile") | {"form": form, "conflict": conflict}
    return render(request, "candidates/profile_form.html", context, status=status)


@login_required
@require_POST
def work_history_add(request: CrmRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    form = WorkHistoryForm(request.POST)
    if form.is_valid():
        try:
            add_work_history(job_seeker=seeker, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Work history entry added."))
            return redirect(reverse("candidate_profile", args=[seeker.pk]) + "#work-history")
    return _profile_page(request, seeker, work_form=form)


@login_required
@require_POST
def work_history_delete(request: CrmRequest, pk: int, entry_pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    entry = get_object_or_404(WorkHistoryEntry, pk=entry_pk, profile__job_seeker=seeker)
    try:
        delete_work_history(entry=entry, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Work history entry %(entry)s deleted.") % {"entry": entry})
    return redirect(reverse("candidate_profile", args=[seeker.pk]) + "#work-history")


urlpatterns = [
    path("job-seekers/<int:pk>/profile/", profile_detail, name="candidate_profile"),
    path("job-seekers/<int:pk>/profile/edit/", profile_edit, name="candidate_profile_edit"),
    path("job-seekers/<int:pk>/work-history/add/", work_history_add, name="work_history_add"),
    path(
        "job-seekers/<int:pk>/work-history/<int:entry_pk>/delete/",
        work_history_delete,
        name="work_history_delete",
    ),
]
