"""The outcome report: a quarter (or any dates) and a scope; every figure with its `n` and a
link to the list it counts; the indicators; 8 quarters as a chart; CSV, XLSX and PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from crm.accounts.http import CrmRequest
from crm.accounts.models import Team, User
from crm.reports import exports
from crm.reports.access import default_scope, require_figures, resolve_scope, sees_organization
from crm.reports.charts import Line, Reference, line_chart
from crm.reports.forms import PeriodForm
from crm.reports.periods import Period, Scope, quarter_of
from crm.reports.selectors import figures
from crm.reports.selectors.report import (
    LIST_TITLES,
    drill_down,
    indicator_rows,
    outcome_rows,
    quarter_series,
)

DRILL_DOWN_LIMIT = 500


def _period_and_scope(request: CrmRequest) -> tuple[PeriodForm, Period | None, Scope]:
    """The picker as submitted (the current quarter and the user's default scope when empty);
    a team or coach of another organisation is a 404, one not allowed a 403."""
    user = request.user
    require_figures(user)
    today = timezone.localdate()
    data = request.GET.copy()
    if not any(data.get(name) for name in ("quarter", "start", "end")):
        data["quarter"] = f"{quarter_of(today).start:%Y-%m-%d}"
    form = PeriodForm(data, user=user, today=today)
    team_id = _int(request.GET.get("team"))
    coach_id = _int(request.GET.get("coach"))
    if team_id is None and coach_id is None:
        scope = default_scope(user)
        if scope.coach_id and not request.GET.get("coach"):
            data["coach"] = str(scope.coach_id)
            form = PeriodForm(data, user=user, today=today)
    else:
        scope = resolve_scope(user, team_id=team_id, coach_id=coach_id)
    period = form.period if form.is_valid() else None
    return form, period, scope


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if not 0 < number < 2**31:
        raise Http404
    return number


def _scope_label(scope: Scope, form: PeriodForm) -> str:
    parts = []
    if scope.team_id:
        team = Team.objects.filter(pk=scope.team_id).first()  # resolve_scope checked the org
        parts.append(str(team) if team else "")
    if scope.coach_id:
        coach = User.objects.filter(pk=scope.coach_id).first()
        parts.append(str(coach) if coach else "")
    return " · ".join(p for p in parts if p) or _("Whole organisation")


def _query(request: CrmRequest, **extra: Any) -> str:
    params: dict[str, Any] = {
        k: v for k, v in request.GET.items() if k in {"quarter", "start", "end", "team", "coach"}
    }
    params.update(extra)
    return urlencode(params)


def series_charts(series: list[Any]) -> dict[str, str]:
    labels = [point.period.label for point in series]
    counts = line_chart(
        chart_id="quarters-counts",
        title=_("People served, people who worked and job starts over the last %(n)s quarters")
        % {"n": len(series)},
        x_labels=labels,
        lines=[
            Line(_("Served"), [p.served for p in series]),
            Line(_("Worked"), [p.worked for p in series]),
            Line(_("Job starts"), [p.job_starts for p in series]),
        ],
    )
    rate = line_chart(
        chart_id="quarters-rate",
        title=_("Employment rate over the last %(n)s quarters, with the IPS benchmarks")
        % {"n": len(series)},
        x_labels=labels,
        lines=[Line(_("Employment rate %"), [p.employment_rate for p in series])],
        y_max=100,
        references=[
            Reference(_("31 % minimal"), 31),
            Reference(_("41 % average"), 41),
            Reference(_("50 % excellent"), 50),
        ],
        unit=" %",
    )
    return {"counts": counts, "rate": rate}


def _report(request: CrmRequest, *, with_series: bool = True) -> dict[str, Any]:
    """The report's context; the 8-quarter series only when asked (the page loads it in a
    second request, so the figures show while the chart is computed)."""
    form, period, scope = _period_and_scope(request)
    context: dict[str, Any] = {"form": form, "period": period, "scope": scope}
    if period is None:
        return context
    result = figures.outcomes(period, scope)
    if with_series:
        series = quarter_series(scope, ending=quarter_of(period.end))
        context.update(series=series, charts=series_charts(series))
    context.update(
        rows=outcome_rows(result),
        indicators=indicator_rows(figures.indicators(period, scope)),
        result=result,
        scope_label=_scope_label(scope, form),
        query=_query(request),
        sees_organization=sees_organization(request.user),
    )
    return context


@login_required
def outcome_report(request: CrmRequest) -> HttpResponse:
    context = _report(request, with_series=False)
    status = 200 if context["period"] else 422
    template = "reports/outcomes.html"
    if request.htmx:
        template += "#report"
    return render(request, template, context, status=status)


@login_required
def outcome_quarters(request: CrmRequest) -> HttpResponse:
    """The last 8 quarters (chart and table): the section alone for htmx, else the whole page
    with it (the link behind the placeholder works without JavaScript)."""
    form, period, scope = _period_and_scope(request)
    if period is None:
        return render(request, "reports/outcomes.html", {"form": form, "period": None}, status=422)
    if request.htmx:
        series = quarter_series(scope, ending=quarter_of(period.end))
        context = {"series": series, "charts": series_charts(series), "period": period}
        return render(request, "reports/outcomes.html#quarters", context)
    return render(request, "reports/outcomes.html", _report(request))


@login_required
def outcome_download(request: CrmRequest, file_format: str) -> HttpResponse:
    if file_format not in {"csv", "xlsx", "pdf"}:
        raise Http404
    context = _report(request)
    if context["period"] is None:
        return render(request, "reports/outcomes.html", context, status=422)
    period: Period = context["period"]
    name = f"outcomes-{period.start}-{period.end}"
    if file_format == "pdf":
        content = exports.outcome_pdf(
            organization=str(request.user.organization or ""),
            scope_label=context["scope_label"],
            period_label=period.label,
            rows=context["rows"],
            indicators=context["indicators"],
            series=context["series"],
        )
        return _file(content, exports.PDF, f"{name}.pdf")
    header = [_("Figure"), _("Value"), _("n"), _("Note")]
    rows: list[list[Any]] = []
    for row in context["rows"]:
        rows.append([row.label, row.raw, row.n, row.note])
        rows += [[f"{row.label}: {child.label}", child.n, child.n, ""] for child in row.children]
    for item in context["indicators"]:
        rows.append([f"{item['item']} {item['label']}", item["value"], item["n"], item["note"]])
        if item["rating"] is not None:
            rows.append([f"{item['item']} {_('suggested rating')}", item["rating"], item["n"], ""])
    content, content_type = exports.table_file(file_format, _("Outcomes"), header, rows)
    return _file(content, content_type, f"{name}.{file_format}")


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def figure_list(request: CrmRequest, name: str) -> HttpResponse:
    if name not in LIST_TITLES:
        raise Http404
    form, period, scope = _period_and_scope(request)
    if period is None:
        return render(request, "reports/outcomes.html", {"form": form, "period": None}, status=422)
    table = drill_down(name, period, scope)
    file_format = request.GET.get("format")
    if file_format in {"csv", "xlsx"}:
        content, content_type = exports.table_file(
            file_format, table.title, table.columns, table.rows
        )
        return _file(content, content_type, f"{name}-{period.start}-{period.end}.{file_format}")
    rows = list(zip(table.rows, table.person_ids, strict=True))
    context = {
        "table": table,
        "rows": rows[:DRILL_DOWN_LIMIT],
        "more": max(0, len(rows) - DRILL_DOWN_LIMIT),
        "count": len(rows),
        "period": period,
        "scope_label": _scope_label(scope, form),
        "query": _query(request),
        "name": name,
    }
    return render(request, "reports/figure_list.html", context)


urlpatterns = [
    path("reports/outcomes/", outcome_report, name="report_outcomes"),
    path("reports/outcomes/quarters/", outcome_quarters, name="report_outcome_quarters"),
    path("reports/outcomes.<str:file_format>", outcome_download, name="report_outcomes_download"),
    path("reports/outcomes/list/<str:name>/", figure_list, name="report_figure_list"),
]
