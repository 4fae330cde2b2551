"""Digest sections owned by the employers app."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.core.digest import DigestItem, DigestSection
from crm.employers.selectors.follow_ups import my_follow_ups


def follow_ups_due(user: User, day: date) -> DigestSection | None:
    """Today's follow-ups, overdue ones first, as on My day. The title of one about a job
    seeker is a note about them: it stays in the app, the e-mail only says what it is."""
    items = [
        DigestItem(
            title=_("Follow-up about a job seeker") if f.job_seeker_id else f.title,
            detail=(f"{f.employer.name}, " if f.employer else "")
            + (_("overdue since %(date)s") if f.due_on < day else _("due %(date)s"))
            % {"date": date_format(f.due_on, "SHORT_DATE_FORMAT")},
        )
        for f in my_follow_ups(user=user, today=day)
    ]
    return DigestSection(title=_("Follow-ups for today"), items=items)
