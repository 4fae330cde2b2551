"""Who may see, name or change placements, support contacts and check-ins.

A placement is part of a person's record (the job, the wage, a pay subsidy for reduced work
ability tells about their health), so the person's access level decides (crm/candidates/access.py):
- the person's coach team: everything, including support-contact notes; records and changes;
- pilot leads: every placement of the organisation, support contacts without their notes;
- coaches of other teams and admins: nothing (403; other teams' placements are not listed);
- relations staff: 403 on every placement page and endpoint; the employer page shows them
  numbers only;
- another organisation: 404 (the selectors scope by organisation).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from crm.candidates.access import Access, access_level, coach_team_q
from crm.candidates.access import is_coach_team as person_coach_team
from crm.candidates.models import JobSeeker

VIEW = "placements.view_placement"
CHANGE = "placements.change_placement"


def can_use_placements(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm(VIEW)


def require_role(user: Any) -> None:
    if not can_use_placements(user):
        raise PermissionDenied(_("Your role does not give access to people's jobs."))


def reads_everyone(user: Any) -> bool:
    """Leads read every placement of the organisation; coaches their coach team's."""
    return user.has_perm("candidates.view_jobseeker_record")


def visible_q(user: Any, field: str = "candidate") -> Q:
    """The placements a user may list (the role is checked separately)."""
    if reads_everyone(user):
        return Q()
    return coach_team_q(user, field)


def is_coach_team(user: Any, seeker: JobSeeker) -> bool:
    return person_coach_team(user, seeker)


def can_view(user: Any, seeker: JobSeeker) -> bool:
    return can_use_placements(user) and access_level(user, seeker) >= Access.RECORD


def require_view(user: Any, seeker: JobSeeker) -> None:
    require_role(user)
    if access_level(user, seeker) < Access.RECORD:
        raise PermissionDenied(_("Only the person's own coach team can see their jobs."))


def can_change(user: Any, seeker: JobSeeker) -> bool:
    return user.has_perm(CHANGE) and is_coach_team(user, seeker)


def require_change(user: Any, seeker: JobSeeker) -> None:
    require_view(user, seeker)
    if not can_change(user, seeker):
        raise PermissionDenied(
            _("Only the person's own coach team can record or change their jobs.")
        )


def can_read_support_notes(user: Any, seeker: JobSeeker) -> bool:
    """Support-contact notes are handled like case notes: the coach team only."""
    return is_coach_team(user, seeker)


def can_name_on_employer_page(user: Any, seeker: JobSeeker) -> bool:
    """The employer page names who works there only for the person's coach team."""
    return is_coach_team(user, seeker)
