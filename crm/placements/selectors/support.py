"""Support contacts and check-ins of one placement."""

from __future__ import annotations

from django.db.models import QuerySet

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.placements import access
from crm.placements.models import Placement, SupportContact


def support_contacts(*, user: User, placement: Placement) -> QuerySet[SupportContact]:
    """The contacts, newest first. The coach team reads the notes (audited); a lead gets the
    rows with `notes_hidden` set and no notes."""
    access.require_view(user, placement.candidate)
    qs = placement.support_contacts.select_related("by", "contact_person", "employer_contact")
    if access.can_read_support_notes(user, placement.candidate):
        record_access(user, "crm.candidate.support_notes_viewed", placement.candidate, ["notes"])
    return qs


def notes_visible(user: User, placement: Placement) -> bool:
    return access.can_read_support_notes(user, placement.candidate)
