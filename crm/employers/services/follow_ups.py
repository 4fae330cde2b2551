"""Writes about follow-ups: adding, completing, reopening and rescheduling them (those about a
person are audited)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.employers import access
from crm.employers.models import Employer, EmployerContact, FollowUp
from crm.employers.services.common import require_same_org


@transaction.atomic
def create_follow_up(
    *,
    user: User,
    due_on: date,
    title: str,
    employer: Employer | None = None,
    contact: EmployerContact | None = None,
    job_seeker: Model | None = None,
    by: User | None = None,
) -> FollowUp:
    """A dated reminder of the user's, about an employer and/or a person they coach. `by`: who
    adds it, when not the user themselves."""
    require_same_org(user.organization_id, employer=employer, job_seeker=job_seeker)
    if job_seeker is not None and job_seeker.erased_at is not None:
        raise ValidationError(
            {"job_seeker": _("A person whose data has been erased cannot be named.")}
        )
    access.require_follow_up_owner(owner=user, job_seeker=job_seeker)
    follow_up = FollowUp(
        organization_id=user.organization_id,
        user=user,
        due_on=due_on,
        title=title.strip(),
        employer=employer,
        contact=contact,
        job_seeker=job_seeker,
    )
    follow_up.full_clean()  # a title over 250 characters is an error on `title`, not cut
    follow_up.save()
    _audit_follow_up(follow_up, by=by or user, action="follow_up_added")
    return follow_up


def _audit_follow_up(follow_up: FollowUp, *, by: User, action: str) -> None:
    """A follow-up about a person is a note about them: every change is audited."""
    if follow_up.job_seeker_id:
        record_access(by, f"crm.candidate.{action}", follow_up.job_seeker, ["follow_ups"])


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp, by: User) -> FollowUp:
    follow_up.done = True
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done", "done_at"])
    _audit_follow_up(follow_up, by=by, action="follow_up_done")
    return follow_up


@transaction.atomic
def reopen_follow_up(*, follow_up: FollowUp, by: User) -> FollowUp:
    follow_up.done = False
    follow_up.done_at = None
    follow_up.save(update_fields=["done", "done_at"])
    _audit_follow_up(follow_up, by=by, action="follow_up_reopened")
    return follow_up


@transaction.atomic
def reschedule_follow_up(*, follow_up: FollowUp, due_on: date, by: User) -> FollowUp:
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Choose today or a later day.")})
    follow_up.due_on = due_on
    follow_up.save(update_fields=["due_on"])
    _audit_follow_up(follow_up, by=by, action="follow_up_rescheduled")
    return follow_up
