"""The morning digest's follow-along support section (settings.DIGEST_SECTIONS)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.accounts.models import User
from crm.core.digest import DigestItem, DigestSection
from crm.placements.selectors.placements import support_due

DIGEST_LIMIT = 20


def support_contacts_due(user: User, day: date) -> DigestSection | None:
    """The coach's people whose support contact is overdue or due today (overdue first)."""
    rows, count = support_due(user=user, today=day, limit=DIGEST_LIMIT, days_ahead=0)
    if not rows:
        return None
    items = []
    for placement in rows:
        if placement.overdue:
            detail = ngettext(
                "Overdue by %(days)d day", "Overdue by %(days)d days", placement.days_overdue
            ) % {"days": placement.days_overdue}
        else:
            detail = _("Due today")
        title = _("%(name)s — %(job)s, %(employer)s") % {
            "name": placement.candidate.full_name,
            "job": placement.job_title,
            "employer": placement.employer.name,
        }
        items.append(DigestItem(title=title, detail=detail))
    if count > len(rows):
        items.append(DigestItem(title=_("and %(n)d more") % {"n": count - len(rows)}))
    return DigestSection(title=_("Support contacts due"), items=items)
