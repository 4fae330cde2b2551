"""Recording and removing the IPS milestones the coach records."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import JobSeeker, Milestone
from crm.candidates.rights.erase import ensure_not_erased


@transaction.atomic
def record_milestone(
    *, job_seeker: JobSeeker, by: User, kind: str, reached_on: date, note: str = ""
) -> Milestone:
    ensure_not_erased(job_seeker)
    milestone = Milestone(
        organization_id=job_seeker.organization_id,
        job_seeker=job_seeker,
        kind=kind,
        reached_on=reached_on,
        note=note.strip(),
        recorded_by=by,
    )
    milestone.full_clean(exclude=["recorded_by"])
    errors = {}
    if reached_on > timezone.localdate():
        errors["reached_on"] = _("A milestone cannot be in the future.")
    elif reached_on < job_seeker.referred_on:
        errors["reached_on"] = _("A milestone cannot be before the referral.")
    if errors:
        raise ValidationError(errors)
    milestone.save()
    record_access(by, "crm.candidate.milestone_recorded", job_seeker, [kind])
    return milestone


@transaction.atomic
def delete_milestone(*, milestone: Milestone, by: User) -> None:
    seeker, kind = milestone.job_seeker, milestone.kind
    ensure_not_erased(seeker)
    milestone.delete()
    record_access(by, "crm.candidate.milestone_deleted", seeker, [kind])
