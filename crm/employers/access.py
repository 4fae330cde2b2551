"""Who may see what of employers' rows.

Roles decide pages and endpoints (permissions in crm/accounts/roles.py, checked with
`permission_required` / `require`); another organisation's row is a 404 through the selectors'
`for_user`. The job seekers named on contacts and follow-ups are for the person's coach team:
candidates decides who that is (the people policy, crm/employers/people.py), and the pages, the
API and My day ask here what to show.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.employers import people
from crm.employers.models import EmployerContact, FollowUp


def can_name_people(user: User) -> bool:
    """Whether the user's role names job seekers on contacts and follow-ups (coaches)."""
    return people.policy().can_name(user)


def seen_in_full_q(user: User, field: str) -> Q:
    """Rows whose person (through `field`) the user sees in full."""
    return people.policy().seen_in_full_q(user, field)


def can_see_person(user: User, person: Model) -> bool:
    """Whether `user` sees this person in full (their coach team)."""
    return people.policy().can_see(user, person)


def shown_job_seekers(contact: EmployerContact, *, user: User) -> list[Model]:
    """The people named on a contact whom `user` may see in full (candidates prefetched)."""
    return [s for s in contact.candidates.all() if can_see_person(user, s)]


def contact_details_hidden(contact: EmployerContact, *, user: User) -> bool:
    """Whether the contact names someone outside the user's coach team: its summary, outcome
    and next step are then notes about that person, for their coach team only."""
    return any(not can_see_person(user, s) for s in contact.candidates.all())


def show_job_seekers(contacts: Iterable[EmployerContact], *, user: User) -> list[EmployerContact]:
    """Name the people a contact was on behalf of only to their coach team: everyone else gets
    `hidden_job_seeker_count` (relations staff never learn who they are) and `details_hidden`
    (the texts are not shown to them either)."""
    items = list(contacts)
    for contact in items:
        named = list(contact.candidates.all())  # prefetched
        contact.shown_job_seekers = [s for s in named if can_see_person(user, s)]
        contact.hidden_job_seeker_count = len(named) - len(contact.shown_job_seekers)
        contact.details_hidden = contact.hidden_job_seeker_count > 0
    return items


def hidden_details_q(user: User) -> Q:
    """Contacts whose texts `user` may not read (they name someone outside the user's coach
    team). For text searches."""
    return people.policy().hidden_details_q(user)


def visible_job_seeker_id(user: User, candidate: int) -> int:
    """The id when `user` may see that person in full, else 0 (matches nothing, the same
    whether the person exists or not)."""
    return candidate if people.policy().seen_in_full(user, candidate) is not None else 0


def follow_up_details_hidden(follow_up: FollowUp, *, user: User) -> bool:
    """Whether the follow-up is about someone outside the user's coach team: its title is a
    note about that person, and who they are is not for the user either — even when the
    follow-up is the user's own (given to them before this was refused, or the person has
    been transferred to another team since)."""
    return bool(follow_up.job_seeker_id) and not can_see_person(user, follow_up.job_seeker)


def follow_up_details_hidden_q(user: User) -> Q:
    """The Q form of `follow_up_details_hidden`: titles that a text search must not match."""
    return Q(job_seeker__isnull=False) & ~seen_in_full_q(user, "job_seeker")


def show_follow_up_job_seekers(follow_ups: Iterable[FollowUp], *, user: User) -> list[FollowUp]:
    """What a page shows of each follow-up: `shown_title` and `shown_job_seeker` are its title
    and the person it is about, for that person's coach team only; everyone else (its owner
    too) gets `details_hidden` and a title that says only what it is."""
    items = list(follow_ups)
    for follow_up in items:
        hidden = follow_up_details_hidden(follow_up, user=user)
        follow_up.details_hidden = hidden
        follow_up.shown_title = _("Follow-up about a job seeker") if hidden else follow_up.title
        seeker = follow_up.job_seeker if follow_up.job_seeker_id and not hidden else None
        follow_up.shown_job_seeker = seeker
    return items


def require_follow_up_owner(*, owner: User, job_seeker: Model | None) -> None:
    """A follow-up about a person is a note about them: only someone of the person's coach
    team may own it (never relations staff or a coach of another team). A field error on
    `user`."""
    if job_seeker is not None and not can_see_person(owner, job_seeker):
        raise ValidationError(
            {
                "user": _(
                    "A follow-up about a job seeker can only be given to someone in the "
                    "person's coach team."
                )
            }
        )
