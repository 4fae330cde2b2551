"""Fidelity review pages: the list with the totals over time, the review form (anchors shown,
computed indicators beside the items, a live total), drafts, the action plan, two reviews side
by side and the PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.http import CrmRequest
from crm.core.errors import EditConflict
from crm.core.forms import add_service_errors
from crm.reports import exports
from crm.reports.access import require_reviews
from crm.reports.charts import Line, Reference, line_chart
from crm.reports.forms import ActionForm, ReviewForm, live_total
from crm.reports.models import FidelityReview
from crm.reports.periods import Period, Scope
from crm.reports.scale import ITEM_CODES
from crm.reports.selectors import figures
from crm.reports.selectors import reviews as selectors
from crm.reports.selectors.report import indicator_rows
from crm.reports.services import reviews as services
from crm.reports.services.scale import current_items


def _total_chart(reviews: list[FidelityReview]) -> str:
    done = sorted((r for r in reviews if r.total is not None), key=lambda r: r.reviewed_on)
    if not done:
        return ""
    return line_chart(
        chart_id="review-totals",
        title=_("Fidelity review totals over time (25-125), with the band limits"),
        x_labels=[date_format(r.reviewed_on, "SHORT_DATE_FORMAT") for r in done],
        lines=[Line(_("Total"), [r.total for r in done])],
        y_min=25,
        y_max=125,
        references=[
            Reference(_("74 fair"), 74),
            Reference(_("100 good"), 100),
            Reference(_("115 exemplary"), 115),
        ],
    )


@login_required
def review_list(request: CrmRequest) -> HttpResponse:
    reviews = list(selectors.review_list(user=request.user))
    latest = selectors.latest_complete(user=request.user)
    context = {
        "reviews": reviews,
        "chart": _total_chart(reviews),
        "latest": latest,
        "next_due": selectors.next_review_due(latest),
        "can_write": request.user.has_perm("reports.add_fidelityreview"),
    }
    return render(request, "reports/review_list.html", context)


def _indicators(review_or_form: Any, user: Any) -> dict[str, dict[str, Any]]:
    """The computed indicators for the review's scope and period, by item code."""
    start, end, team = review_or_form
    if not start or not end or end < start:
        return {}
    scope = Scope(organization_id=user.organization_id, team_id=team.pk if team else None)
    return {
        row["item"]: row for row in indicator_rows(figures.indicators(Period(start, end), scope))
    }


def _form_context(form: ReviewForm, review: FidelityReview | None, user: Any) -> dict[str, Any]:
    period: tuple[Any, Any, Any]
    if review is not None:
        period = (review.period_start, review.period_end, review.team)
    else:
        period = (
            form.initial.get("period_start"),
            form.initial.get("period_end"),
            form.initial.get("team"),
        )
    indicators = _indicators(period, user)
    rows = form.item_rows()
    for row in rows:
        row["indicator"] = indicators.get(row["item"].code)
        anchors = row["item"].anchors
        row["choices"] = [
            (choice, anchors[int(choice.data["value"]) - 1] if choice.data["value"] else None)
            for choice in row["rating"]
        ]
    data = (
        form.data
        if form.is_bound
        else {
            f"rating_{code}": str(form.initial.get(f"rating_{code}") or "") for code in ITEM_CODES
        }
    )
    start, end, team = period
    query: dict[str, Any] = {"start": start, "end": end, **({"team": team.pk} if team else {})}
    return {
        "indicator_query": urlencode({k: v for k, v in query.items() if v}),
        "form": form,
        "review": review,
        "rows": rows,
        "groups": _grouped(rows),
        "summary": live_total(data, list(ITEM_CODES)),
        "period": period,
    }


def _grouped(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    names = {
        "staffing": _("Staffing"),
        "organization": _("Organisation"),
        "services": _("Services"),
    }
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["item"].group, []).append(row)
    return [(names[group], members) for group, members in groups.items()]


@login_required
def review_create(request: CrmRequest) -> HttpResponse:
    require_reviews(request.user, write=True)
    assert request.user.organization_id is not None  # require_reviews refused anyone without
    items = sorted(current_items(request.user.organization_id).values(), key=lambda i: i.position)
    today = timezone.localdate()
    start, end = services.default_period(today)
    initial = {"reviewed_on": today, "kind": "self", "period_start": start, "period_end": end}
    form = ReviewForm(request.POST or None, user=request.user, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.create_review(
                by=request.user, ratings=form.ratings(), notes=form.notes(), **form.review_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_message(review))
            return redirect("report_review_detail", pk=review.pk)
    status = 422 if form.is_bound else 200
    return render(
        request, "reports/review_form.html", _form_context(form, None, request.user), status=status
    )


def _saved_message(review: FidelityReview) -> str:
    if review.total is None:
        return _("Draft saved: %(rated)s of 25 items rated.") % {"rated": review.rated_count}
    return _("Review saved: total %(total)s, %(band)s.") % {
        "total": review.total,
        "band": review.get_band_display(),
    }


def _initial(review: FidelityReview) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "reviewed_on": review.reviewed_on,
        "kind": review.kind,
        "team": review.team,
        "reviewers": review.reviewers,
        "period_start": review.period_start,
        "period_end": review.period_end,
        "summary": review.summary,
        "version": review.version,
    }
    for rating in review.ratings.all():
        initial[f"rating_{rating.code}"] = rating.rating
        initial[f"note_{rating.code}"] = rating.note
    return initial


@login_required
def review_detail(request: CrmRequest, pk: int) -> HttpResponse:
    """The review as a form: leads and admins rate and save (a draft until all 25 are rated)."""
    review = selectors.review_get(user=request.user, pk=pk)
    items = [rating.item for rating in review.ratings.all()]  # the texts it was rated on
    form = ReviewForm(
        request.POST or None, user=request.user, items=items, initial=_initial(review)
    )
    status = 200
    conflict = None
    if request.method == "POST":
        require_reviews(request.user, write=True)
        status = 422
        if form.is_valid():
            try:
                review = services.update_review(
                    review=review,
                    by=request.user,
                    version=form.cleaned_data.get("version"),
                    ratings=form.ratings(),
                    notes=form.notes(),
                    **form.review_fields(),
                )
            except EditConflict as error:
                status = 409
                conflict = error.current_version
                form.add_error(
                    None,
                    _(
                        "Someone else saved this review meanwhile. Reload it to see their "
                        "changes; yours are still in the form."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _saved_message(review))
                return redirect("report_review_detail", pk=review.pk)
    context = _form_context(form, review, request.user)
    context.update(
        actions=list(review.actions.all()),
        action_form=ActionForm(codes=list(ITEM_CODES)),
        conflict=conflict,
        other_reviews=[r for r in selectors.review_list(user=request.user) if r.pk != review.pk],
    )
    return render(request, "reports/review_form.html", context, status=status)


@login_required
@require_POST
def review_summary(request: CrmRequest) -> HttpResponse:
    """The live total, mean and band of the ratings in the form (htmx, nothing saved)."""
    require_reviews(request.user)
    return render(
        request,
        "reports/review_form.html#summary",
        {"summary": live_total(request.POST, list(ITEM_CODES))},
    )


@login_required
def review_pdf(request: CrmRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    content = exports.review_pdf(organization=str(request.user.organization or ""), review=review)
    response = HttpResponse(content, content_type=exports.PDF)
    response["Content-Disposition"] = (
        f'attachment; filename="fidelity-review-{review.reviewed_on}.pdf"'
    )
    return response


@login_required
def review_compare(request: CrmRequest) -> HttpResponse:
    try:
        first_pk, second_pk = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        raise Http404 from None
    first = selectors.review_get(user=request.user, pk=first_pk)
    second = selectors.review_get(user=request.user, pk=second_pk)
    if first.reviewed_on > second.reviewed_on:
        first, second = second, first
    rows = selectors.compare(first, second)
    context = {
        "first": first,
        "second": second,
        "rows": rows,
        "improved": sum(1 for row in rows if (row.change or 0) > 0),
        "declined": sum(1 for row in rows if (row.change or 0) < 0),
    }
    return render(request, "reports/review_compare.html", context)


@login_required
@require_POST
def action_add(request: CrmRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    require_reviews(request.user, write=True)
    form = ActionForm(request.POST, codes=list(ITEM_CODES))
    if form.is_valid():
        try:
            services.add_action(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action added to the plan."))
            return redirect(reverse("report_review_detail", args=[pk]) + "#action-plan")
    context = {"review": review, "action_form": form, "actions": list(review.actions.all())}
    return render(request, "reports/partials/action_plan.html", context, status=422)


@login_required
@require_POST
def action_done(request: CrmRequest, pk: int, action_pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    row = selectors.action_get(user=request.user, review=review, pk=action_pk)
    services.update_action(
        row=row,
        by=request.user,
        action=row.action,
        owner=row.owner,
        item_code=row.item_code,
        due_on=row.due_on,
        done_on=None if row.done_on else timezone.localdate(),
    )
    return redirect(reverse("report_review_detail", args=[pk]) + "#action-plan")


@login_required
@require_POST
def action_delete(request: CrmRequest, pk: int, action_pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    row = selectors.action_get(user=request.user, review=review, pk=action_pk)
    services.delete_action(row=row, by=request.user)
    messages.success(request, _("Action removed from the plan."))
    return redirect(reverse("report_review_detail", args=[pk]) + "#action-plan")


urlpatterns = [
    path("reports/reviews/", review_list, name="report_review_list"),
    path("reports/reviews/new/", review_create, name="report_review_create"),
    path("reports/reviews/summary/", review_summary, name="report_review_summary"),
    path("reports/reviews/compare/", review_compare, name="report_review_compare"),
    path("reports/reviews/<int:pk>/", review_detail, name="report_review_detail"),
    path("reports/reviews/<int:pk>/review.pdf", review_pdf, name="report_review_pdf"),
    path("reports/reviews/<int:pk>/actions/", action_add, name="report_action_add"),
    path(
        "reports/reviews/<int:pk>/actions/<int:action_pk>/done/",
        action_done,
        name="report_action_done",
    ),
    path(
        "reports/reviews/<int:pk>/actions/<int:action_pk>/delete/",
        action_delete,
        name="report_action_delete",
    ),
]
