"""The pages that gather every app: each role's start page, My day, Raportit and the
organisation overview."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from crm.accounts import selectors as accounts
from crm.accounts.http import CrmRequest
from crm.accounts.permissions import permission_required
from crm.accounts.roles import ROLE_HOME
from crm.candidates import selectors as candidates
from crm.candidates.models import Status
from crm.employers import access as employer_access
from crm.employers.selectors import employers as employer_selectors
from crm.employers.selectors import follow_ups as follow_up_selectors
from crm.matching.selectors.proposals import my_open_proposals
from crm.placements.selectors.placements import support_due
from crm.reports.selectors.overview import lead_overview

NO_CONTACT_DAYS = 14  # "days since last contact" worth a call
CASELOAD_LIST_LIMIT = 10
# While the first employer contact matters: before someone is working (IPS rapid job search).
SEARCHING = {Status.REFERRED, Status.PROFILING, Status.JOB_SEARCH}


@login_required
def home(request: CrmRequest) -> HttpResponse:
    """Send each role to its own start page."""
    if request.user.organization_id is None:  # platform superuser
        return redirect("admin:index")
    return redirect(ROLE_HOME[request.user.role])


def _greeting_hour() -> int:
    return timezone.localtime().hour


@dataclass
class CaseloadCard:
    size: candidates.CaseloadSize
    no_contact: list[Any] = field(default_factory=list)
    first_contact_overdue: list[Any] = field(default_factory=list)
    limit: int = CASELOAD_LIST_LIMIT

    @property
    def no_contact_more(self) -> int:
        return max(0, len(self.no_contact) - self.limit)

    @property
    def first_contact_overdue_more(self) -> int:
        return max(0, len(self.first_contact_overdue) - self.limit)


def _my_caseload(user: Any, today: date) -> CaseloadCard | None:
    """A coach's caseload at a glance: its size against the IPS limit, people not contacted for
    two weeks (longest first) and people still waiting for their first employer contact."""
    if not user.has_perm("candidates.add_jobseeker"):
        return None
    people = [p for p in candidates.caseload(user=user) if p.erased_at is None]
    card = CaseloadCard(size=candidates.caseload_size(user))
    for person in people:
        since = person.last_contact_on or person.intake_on or person.referred_on
        person.days_since_contact = (today - since).days
        if person.days_since_contact >= NO_CONTACT_DAYS:
            card.no_contact.append(person)
        if (
            person.status in SEARCHING
            and person.first_employer_contact_at is None
            and candidates.first_contact_overdue(person)
        ):
            person.days_since_intake = candidates.days_to_first_employer_contact(person, today)
            card.first_contact_overdue.append(person)
    card.no_contact.sort(key=lambda p: -p.days_since_contact)
    card.first_contact_overdue.sort(key=lambda p: -p.days_since_intake)
    return card


@permission_required("accounts.use_my_day")
def my_day(request: CrmRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    context = {
        "today": today,
        "hour": _greeting_hour(),
        "teams": accounts.team_list(user=user).filter(members=user),
        "follow_ups": employer_access.show_follow_up_job_seekers(
            follow_up_selectors.my_follow_ups(user=user, today=today), user=user
        ),
        "upcoming": employer_access.show_follow_up_job_seekers(
            follow_up_selectors.upcoming_follow_ups(user=user, today=today), user=user
        ),
        "activity": employer_selectors.weekly_activity(user=user, today=today),
        "caseload": _my_caseload(user, today),
        "proposals": my_open_proposals(user=user),
    }
    context["support_due"], context["support_due_count"] = support_due(user=user, today=today)
    return render(request, "home/my_day.html", context)


@permission_required("accounts.view_reports")
def reports_home(request: CrmRequest) -> HttpResponse:
    funnel = employer_selectors.funnel(user=request.user)
    durations = employer_selectors.days_in_stage(user=request.user)
    for row in funnel:
        row["median_days"] = durations.get(row["stage"].value)
    context = {
        "role_counts": accounts.role_counts(user=request.user),
        "teams": accounts.team_list(user=request.user),
        "funnel": funnel,
        "overview": lead_overview(user=request.user, today=timezone.localdate()),
        "can_review": request.user.has_perm("reports.view_fidelityreview"),
        "can_extract": request.user.has_perm("reports.export_evaluation_extract"),
    }
    return render(request, "home/reports_home.html", context)


@permission_required("accounts.view_organization_overview")
def organization_overview(request: CrmRequest) -> HttpResponse:
    context = {
        "users": accounts.user_list(user=request.user),
        "teams": accounts.team_list(user=request.user),
        "role_counts": accounts.role_counts(user=request.user),
        "events": accounts.recent_audit_events(user=request.user),
    }
    return render(request, "home/organization_overview.html", context)
