"""Job seeker pages: case notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.forms.notes import CaseNoteForm
from crm.candidates.services.notes import add_case_note
from crm.candidates.views.common import page_context, save_posted

NOTES_PER_PAGE = 25


@login_required
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and save_posted(request, seeker, form, add_case_note):
        messages.success(request, _("Note added."))
        return redirect("candidate_notes", pk=seeker.pk)
    notes_qs = selectors.notes_list(user=request.user, job_seeker=seeker)
    page = Paginator(notes_qs, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(request, seeker, "notes", form=form, page=page)
    status = 422 if request.method == "POST" else 200
    return render(request, "candidates/notes.html", context, status=status)


urlpatterns = [
    path("job-seekers/<int:pk>/notes/", notes, name="candidate_notes"),
]
