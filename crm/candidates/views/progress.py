"""Job seeker pages: Kykyviisari results, consents and case notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm.candidates import charts, selectors, services
from crm.candidates.access import Access, require_access
from crm.candidates.forms.progress import (
    CaseNoteForm,
    ConsentForm,
    KykyviisariResultForm,
    RevokeConsentForm,
)
from crm.candidates.models import Consent, JobSeeker
from crm.candidates.views.common import page_context
from crm.core.forms import add_service_errors

NOTES_PER_PAGE = 25


def _posted(request: HttpRequest, seeker: JobSeeker, form: Any, save: Any) -> bool:
    """Validate the form and save it through `save(**cleaned_data)`; False when it has errors."""
    require_access(request.user, seeker, Access.FULL)
    if not form.is_valid():
        return False
    try:
        save(job_seeker=seeker, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


# Kykyviisari --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    label: str
    start: str
    latest: str
    change: str
    word: str


NOT_SHOWN = "\u2014"  # an em dash where there is no figure


def _change_row(c: selectors.KykyviisariChange) -> ChangeRow:
    start = NOT_SHOWN if c.start is None else charts.score(c.start)
    latest = NOT_SHOWN if c.latest is None else charts.score(c.latest)
    if c.change is None:
        word = "" if c.comparable else _("Not comparable: different form versions")
        return ChangeRow(c.label, start, latest, NOT_SHOWN, word)
    return ChangeRow(
        c.label, start, latest, charts.signed_change(c.change), charts.change_word(c.change)
    )


def _change_rows(results: list) -> list[ChangeRow]:
    return [_change_row(c) for c in selectors.kykyviisari_change(results)]


@login_required
def kykyviisari(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.RECORD)
    form = None
    if request.method == "POST":
        form = KykyviisariResultForm(request.POST)
        if _posted(request, seeker, form, services.record_kykyviisari):
            messages.success(request, _("Kykyviisari result added."))
            return redirect("candidate_kykyviisari", pk=seeker.pk)
    results = selectors.kykyviisari_list(user=request.user, job_seeker=seeker)
    context = page_context(request, seeker, "kykyviisari", results=results)
    if context["is_coach_team"]:
        latest_form = {"form": results[-1].form_id} if results else {}
        context["form"] = form or KykyviisariResultForm(initial=latest_form)
    context["changes"] = _change_rows(results)
    context["chart"] = charts.kykyviisari_chart(results)
    status = 422 if form is not None else 200
    return render(request, "candidates/kykyviisari.html", context, status=status)


@login_required
@require_POST
def kykyviisari_delete(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    result = get_object_or_404(seeker.kykyviisari_results, pk=result_pk)
    try:
        services.delete_kykyviisari(result=result, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kykyviisari result %(result)s deleted.") % {"result": result})
    return redirect("candidate_kykyviisari", pk=seeker.pk)


# Consents -----------------------------------------------------------------------------------

CONSENT_STATUS = {
    "valid": gettext_lazy("Valid"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
    "pending": gettext_lazy("Not valid yet"),
}


def consent_status(consent: Consent, today: date) -> str:
    if consent.revoked_on is not None and consent.revoked_on <= today:
        return "revoked"
    if consent.expires_on is not None and consent.expires_on < today:
        return "expired"
    return "valid" if consent.granted_on <= today else "pending"


@login_required
def consents(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.RECORD)
    form = None
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if _posted(request, seeker, form, services.grant_consent):
            messages.success(request, _("Consent recorded."))
            return redirect("candidate_consents", pk=seeker.pk)
    today = timezone.localdate()
    rows = []
    for consent in selectors.consent_list(user=request.user, job_seeker=seeker):
        status = consent_status(consent, today)
        rows.append((consent, status, CONSENT_STATUS[status]))
    context = page_context(request, seeker, "consents", rows=rows)
    if context["is_coach_team"]:
        context["form"] = form or ConsentForm()
        context["revoke_form"] = RevokeConsentForm(initial={"revoked_on": today})
    status = 422 if form is not None else 200
    return render(request, "candidates/consents.html", context, status=status)


@login_required
@require_POST
def consent_revoke(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    consent = get_object_or_404(seeker.consents, pk=consent_pk)
    form = RevokeConsentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["revoked_on"])
        services.revoke_consent(
            consent=consent, by=request.user, revoked_on=form.cleaned_data["revoked_on"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"{consent}: {message}")
    else:
        messages.success(request, _("Consent revoked: %(purpose)s.") % {"purpose": consent})
    return redirect("candidate_consents", pk=seeker.pk)


# Case notes ---------------------------------------------------------------------------------


@login_required
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and _posted(request, seeker, form, services.add_case_note):
        messages.success(request, _("Note added."))
        return redirect("candidate_notes", pk=seeker.pk)
    notes_qs = selectors.notes_list(user=request.user, job_seeker=seeker)
    page = Paginator(notes_qs, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(request, seeker, "notes", form=form, page=page)
    status = 422 if request.method == "POST" else 200
    return render(request, "candidates/notes.html", context, status=status)


urlpatterns = [
    path("job-seekers/<int:pk>/kykyviisari/", kykyviisari, name="candidate_kykyviisari"),
    path(
        "job-seekers/<int:pk>/kykyviisari/<int:result_pk>/delete/",
        kykyviisari_delete,
        name="kykyviisari_delete",
    ),
    path("job-seekers/<int:pk>/consents/", consents, name="candidate_consents"),
    path(
        "job-seekers/<int:pk>/consents/<int:consent_pk>/revoke/",
        consent_revoke,
        name="consent_revoke",
    ),
    path("job-seekers/<int:pk>/notes/", notes, name="candidate_notes"),
]
