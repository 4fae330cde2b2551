"""Who may see how much of a job seeker. The role decides the ceiling (permissions in
`crm.accounts.roles`); the coach team decides whether a coach reaches it for a given person.

- FULL: the person's coach team — everything, including health and accommodation data, case
  notes, the identity code, export and changes.
- RECORD: pilot leads — the record, profile without its sensitive section, milestones,
  Kykyviisari and consents; no notes.
- BASIC: other coaches and admins of the organisation — name, coach and status only.
- NONE: relations staff (403) and everyone outside the organisation (404, via the selectors).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from crm.candidates.models import JobSeeker
from crm.employers.models import EmployerContact


class Access(IntEnum):
    NONE = 0
    BASIC = 1
    RECORD = 2
    FULL = 3


def team_ids(user: Any) -> set[int]:
    """The user's team ids, cached on the user object for the request."""
    cached = getattr(user, "_crm_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("id", flat=True)) if user.pk else set()
        user._crm_team_ids = cached
    return cached


def in_coach_team(user: Any, seeker: JobSeeker) -> bool:
    return seeker.coach_id == user.pk or (
        seeker.team_id is not None and seeker.team_id in team_ids(user)
    )


def access_level(user: Any, seeker: JobSeeker) -> Access:
    if not getattr(user, "is_authenticated", False):
        return Access.NONE
    if seeker.organization_id != user.organization_id:
        return Access.NONE
    if not user.has_perm("candidates.view_jobseeker"):
        return Access.NONE
    if user.has_perm("candidates.view_sensitive_data") and in_coach_team(user, seeker):
        return Access.FULL
    if user.has_perm("candidates.view_jobseeker_record"):
        return Access.RECORD
    return Access.BASIC


def is_coach_team(user: Any, seeker: JobSeeker) -> bool:
    """Whether the user is the person's coach team with a role that sees everything: who may
    change the person's record, propose them, name them on contacts."""
    return access_level(user, seeker) >= Access.FULL


def require_access(user: Any, seeker: JobSeeker, level: Access) -> Access:
    """Raise PermissionDenied (403) with a reason unless the user reaches `level`."""
    have = access_level(user, seeker)
    if have < level:
        raise PermissionDenied(_refusal(level))
    return have


def _refusal(level: Access) -> str:
    if level == Access.FULL:
        return _("Only the person's own coach team can see or change this.")
    return _("Your role does not give access to job seekers' records.")


def access_context(user: Any, seeker: JobSeeker) -> dict[str, Any]:
    """What templates need to decide what to show: `access` and plain booleans."""
    level = access_level(user, seeker)
    return {
        "access": level,
        "can_read_record": level >= Access.RECORD,
        "is_coach_team": level >= Access.FULL,
        "can_export": level >= Access.FULL and user.has_perm("candidates.export_jobseeker"),
        "can_erase": user.has_perm("candidates.erase_jobseeker")
        and (level >= Access.FULL or user.has_perm("candidates.view_jobseeker_audit")),
        "can_view_audit": user.has_perm("candidates.view_jobseeker_audit"),
    }


# Naming people on employer contacts and follow-ups ------------------------------------------


def can_name_job_seekers(user: Any) -> bool:
    """Only coaches name the people a contact was on behalf of (relations staff never see
    who they are)."""
    return user.has_perm("candidates.view_jobseeker") and user.has_perm(
        "candidates.view_sensitive_data"
    )


def only_coach_team_message() -> str:
    return _("Only the person's own coach team can name job seekers on a contact.")


def coach_team_q(user: Any, field: str) -> Q:
    """Rows whose person (through `field`) is in the user's coach team: the user coaches them
    or is in their coach's team. The Q form of `in_coach_team`."""
    return Q(**{f"{field}__coach": user}) | Q(**{f"{field}__team_id__in": team_ids(user)})


def seen_in_full_q(user: Any, field: str) -> Q:
    """Rows whose person (through `field`) the user sees in full: their coach team, for roles
    that see sensitive data; nobody's for the others."""
    if not user.has_perm("candidates.view_sensitive_data"):
        return Q(pk__in=[])
    return coach_team_q(user, field)


def hidden_details_q(user: Any) -> Q:
    """Contacts whose texts `user` may not read: those naming anyone outside their coach team
    (for users without access to sensitive data, anyone at all). For text searches."""
    named = EmployerContact.candidates.through.objects.all()
    if can_name_job_seekers(user):
        named = named.exclude(coach_team_q(user, "jobseeker"))
    return Q(pk__in=named.values("employercontact_id"))
