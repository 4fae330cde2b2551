"""Job seeker pages: consents (recording and revoking them)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.forms.consents import ConsentForm, RevokeConsentForm
from crm.candidates.models import Consent
from crm.candidates.services.consents import grant_consent, revoke_consent
from crm.candidates.views.common import page_context, save_posted

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
        if save_posted(request, seeker, form, grant_consent):
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
        revoke_consent(consent=consent, by=request.user, revoked_on=form.cleaned_data["revoked_on"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"{consent}: {message}")
    else:
        messages.success(request, _("Consent revoked: %(purpose)s.") % {"purpose": consent})
    return redirect("candidate_consents", pk=seeker.pk)


urlpatterns = [
    path("job-seekers/<int:pk>/consents/", consents, name="candidate_consents"),
    path(
        "job-seekers/<int:pk>/consents/<int:consent_pk>/revoke/",
        consent_revoke,
        name="consent_revoke",
    ),
]
