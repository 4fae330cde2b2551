"""Who may read which figures, reviews and extracts.

- Pilot leads and organisation admins: every figure of the organisation, its teams and coaches,
  the fidelity reviews (read and write) and the pseudonymised evaluation extract.
- Job coaches: their own figures and their teams' (a teammate's too: the team's figures list
  every coach's caseload and contacts anyway); not the organisation's, not other teams'.
- Relations staff: nothing (403).
- A team, coach or review of another organisation: 404, never 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from crm.accounts.models import Team, User
from crm.reports.periods import Scope

VIEW_FIGURES = "reports.view_outcome_reports"
VIEW_ORGANIZATION = "accounts.view_reports"  # leads and admins: the whole organisation
VIEW_REVIEWS = "reports.view_fidelityreview"
ADD_REVIEW = "reports.add_fidelityreview"
CHANGE_REVIEW = "reports.change_fidelityreview"
EXPORT_EXTRACT = "reports.export_evaluation_extract"


def require_figures(user: Any) -> None:
    if not user.has_perm(VIEW_FIGURES):
        raise PermissionDenied(_("Your role does not give access to reports."))


def sees_organization(user: Any) -> bool:
    return user.has_perm(VIEW_ORGANIZATION) and user.has_perm(VIEW_FIGURES)


def _team_ids(user: Any) -> set[int]:
    cached = getattr(user, "_crm_report_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("pk", flat=True)) if user.pk else set()
        user._crm_report_team_ids = cached
    return cached


def teammate_ids(user: Any) -> set[int]:
    """The user and everyone in the user's teams."""
    ids = set(
        User.objects.filter(teams__in=_team_ids(user)).values_list("pk", flat=True).distinct()
    )
    return ids | {user.pk}


def resolve_scope(user: Any, *, team_id: int | None = None, coach_id: int | None = None) -> Scope:
    """The scope a user asked for: a team or coach of another organisation is a 404, one the
    user may not read a 403 with the reason."""
    require_figures(user)
    if team_id is not None and not Team.objects.for_user(user).filter(pk=team_id).exists():
        raise Http404
    if coach_id is not None and not User.objects.for_user(user).filter(pk=coach_id).exists():
        raise Http404
    if not sees_organization(user):
        if team_id is None and coach_id is None:
            raise PermissionDenied(
                _("Coaches see their own and their teams' figures: choose yourself or a team.")
            )
        if team_id is not None and team_id not in _team_ids(user):
            raise PermissionDenied(_("You can see the figures of your own teams only."))
        if coach_id is not None and coach_id not in teammate_ids(user):
            raise PermissionDenied(_("You can see your own and your teammates' figures only."))
    return Scope(organization_id=user.organization_id, team_id=team_id, coach_id=coach_id)


def default_scope(user: Any) -> Scope:
    """What the report page opens with: the organisation, or a coach's own figures."""
    if sees_organization(user):
        return Scope(organization_id=user.organization_id)
    return resolve_scope(user, coach_id=user.pk)


def require_reviews(user: Any, *, write: bool = False) -> None:
    if not user.has_perm(VIEW_REVIEWS):
        raise PermissionDenied(_("Only pilot leads and admins work with fidelity reviews."))
    if write and not (user.has_perm(ADD_REVIEW) and user.has_perm(CHANGE_REVIEW)):
        raise PermissionDenied(_("Your role cannot change fidelity reviews."))


def require_extract(user: Any) -> None:
    if not user.has_perm(EXPORT_EXTRACT):
        raise PermissionDenied(_("Only pilot leads and admins may export the evaluation extract."))
