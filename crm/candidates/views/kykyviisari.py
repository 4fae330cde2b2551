"""Job seeker pages: Kykyviisari results, their change from start to latest and the chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.candidates import charts, selectors
from crm.candidates.access import Access
from crm.candidates.forms.kykyviisari import KykyviisariResultForm
from crm.candidates.services.kykyviisari import delete_kykyviisari, record_kykyviisari
from crm.candidates.views.common import page_context, save_posted


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
        if save_posted(request, seeker, form, record_kykyviisari):
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
        delete_kykyviisari(result=result, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kykyviisari result %(result)s deleted.") % {"result": result})
    return redirect("candidate_kykyviisari", pk=seeker.pk)


urlpatterns = [
    path("job-seekers/<int:pk>/kykyviisari/", kykyviisari, name="candidate_kykyviisari"),
    path(
        "job-seekers/<int:pk>/kykyviisari/<int:result_pk>/delete/",
        kykyviisari_delete,
        name="kykyviisari_delete",
    ),
]
