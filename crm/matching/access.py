"""Who may read and move proposals. Whether someone is a person's coach team is a person rule
(crm/candidates/access.py); what follows from it for a proposal is decided here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.candidates.access import is_coach_team
from crm.candidates.models import JobSeeker
from crm.matching.models import Proposal


def require_view(user: User) -> None:
    """Coaches, relations staff and leads read proposals; admins and others get 403."""
    if not user.has_perm("employers.view_opening"):
        raise PermissionDenied(_("Your role does not give access to proposals."))


def can_change(user: User, seeker: JobSeeker) -> bool:
    """The person's coach team proposes them and moves their proposals."""
    return is_coach_team(user, seeker)


def require_coach_team(user: User, seeker: JobSeeker) -> None:
    if not can_change(user, seeker):
        raise PermissionDenied(
            _("Only the person's own coach team can propose them or move a proposal.")
        )


def can_name(user: User, proposal: Proposal) -> bool:
    """The person's coach team sees who a proposal is about; everyone else (other teams'
    coaches, leads, relations staff) only once the person has been presented."""
    if proposal.presented_at is not None:
        return True
    return is_coach_team(user, proposal.job_seeker)
