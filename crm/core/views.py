from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from crm.accounts import selectors as accounts
from crm.accounts.permissions import permission_required
from crm.accounts.roles import ROLE_HOME
from crm.employers import selectors as employers


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own start page."""
    if request.user.organization_id is None:  # platform superuser
        return redirect("admin:index")
    return redirect(ROLE_HOME[request.user.role])


def _greeting_hour() -> int:
    return timezone.localtime().hour


@permission_required("accounts.use_my_day")
def my_day(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "today": today,
        "hour": _greeting_hour(),
        "teams": accounts.team_list(user=request.user).filter(members=request.user),
        "follow_ups": employers.my_follow_ups(user=request.user, today=today),
        "upcoming": employers.upcoming_follow_ups(user=request.user, today=today),
        "activity": employers.weekly_activity(user=request.user, today=today),
    }
    return render(request, "core/my_day.html", context)


@permission_required("accounts.view_reports")
def reports_home(request: HttpRequest) -> HttpResponse:
    context = {
        "role_counts": accounts.role_counts(user=request.user),
        "teams": accounts.team_list(user=request.user),
        "funnel": employers.funnel(user=request.user),
    }
    durations = employers.days_in_stage(user=request.user)
    for row in context["funnel"]:
        row["median_days"] = durations.get(row["stage"].value)
    return render(request, "core/reports_home.html", context)


@permission_required("accounts.view_organization_overview")
def organization_overview(request: HttpRequest) -> HttpResponse:
    context = {
        "users": accounts.user_list(user=request.user),
        "teams": accounts.team_list(user=request.user),
        "role_counts": accounts.role_counts(user=request.user),
        "events": accounts.recent_audit_events(user=request.user),
    }
    return render(request, "core/organization_overview.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the user so e-mails use the same language."""
    response = django_set_language(request)
    request.session["language_chosen"] = request.POST.get("language")
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in {"fi", "sv", "en"} and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
