"""placements' part of the person's lifecycle (crm/candidates/lifecycle.py) and timeline
(crm/candidates/milestones.py), registered in PlacementsConfig.ready().

- exit: follow-along support stops (recorded as declined on the exit day); the jobs stay as
  they are — a person may leave the service because they work and want no more support;
- erase: the free texts (what was learned, reasons, support-contact and check-in notes) are
  blanked; dates, kinds, codes, hours, wages and scores stay so that reports stay true;
- export: every job with its plan, support contacts (with their notes) and check-ins;
- timeline: each job's start is the IPS milestone "job start", derived, never typed again.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.candidates.milestones import DerivedMilestone
from crm.candidates.models import JobSeeker, MilestoneKind
from crm.placements.models import JobCheckIn, Placement, SupportContact


def stop_support_on_exit(*, job_seeker: JobSeeker, by: User | None, on: date) -> None:
    """No more support contacts are due for someone who left the service."""
    Placement.objects.filter(candidate=job_seeker, support_declined_on__isnull=True).filter(
        Q(ended_on__isnull=True) | Q(next_support_due_on__isnull=False)
    ).update(
        support_declined_on=on,
        support_declined_reason=_("The person exited the service."),
        next_support_due_on=None,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )


def erase(*, job_seeker: JobSeeker, by: User | None) -> None:
    Placement.objects.filter(candidate=job_seeker).update(
        end_note="",
        competitive_override_reason="",
        support_declined_reason="",
        next_support_due_on=None,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    SupportContact.objects.filter(placement__candidate=job_seeker).update(notes="")
    JobCheckIn.objects.filter(placement__candidate=job_seeker).update(note="")


def job_starts(*, job_seeker: JobSeeker) -> list[DerivedMilestone]:
    rows = Placement.objects.filter(candidate=job_seeker).select_related("employer")
    source = _("from the person's jobs")
    return [
        DerivedMilestone(
            MilestoneKind.JOB_START,
            placement.start_on,
            f"{placement.job_title}, {placement.employer.name}",
            source,
        )
        for placement in rows.order_by("start_on", "id")
    ]


# Export -------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _contact(contact: SupportContact) -> dict[str, Any]:
    return {
        "occurred_on": _iso(contact.occurred_on),
        "with_whom": contact.with_whom,
        "channel": contact.channel,
        "place": contact.place,
        "topics": list(contact.topics or []),
        "notes": contact.notes,
        "next_due_on": _iso(contact.next_due_on),
        "by": _name(contact.by),
        "in_employer_contact_log": contact.employer_contact_id is not None,
    }


def _check_in(check_in: JobCheckIn) -> dict[str, Any]:
    return {
        "checked_on": _iso(check_in.checked_on),
        "respondent": check_in.respondent,
        "score": check_in.score,
        "note": check_in.note,
    }


def _placement(placement: Placement) -> dict[str, Any]:
    return {
        "employer": placement.employer.name,
        "opening": placement.opening.title if placement.opening else None,
        "job_title": placement.job_title,
        "occupation": placement.occupation.name
        if placement.occupation
        else placement.occupation_text,
        "start_on": _iso(placement.start_on),
        "planned_end_on": _iso(placement.planned_end_on),
        "ended_on": _iso(placement.ended_on),
        "end_reason": placement.end_reason,
        "what_was_learned": placement.end_note,
        "hours_per_week": _number(placement.hours_per_week),
        "hourly_wage": _number(placement.hourly_wage),
        "contract_type": placement.contract_type,
        "pay_subsidy": placement.pay_subsidy,
        "pay_subsidy_start_on": _iso(placement.pay_subsidy_start_on),
        "pay_subsidy_end_on": _iso(placement.pay_subsidy_end_on),
        "set_aside": placement.set_aside,
        "competitive": placement.competitive,
        "competitive_override_reason": placement.competitive_override_reason,
        "support_plan": {
            "cadence": placement.support_cadence,
            "declined_on": _iso(placement.support_declined_on),
            "declined_reason": placement.support_declined_reason,
            "next_contact_due_on": _iso(placement.next_support_due_on),
        },
        "support_contacts": [_contact(c) for c in placement.support_contacts.all()],
        "check_ins": [_check_in(c) for c in placement.check_ins.all()],
    }


def export(*, job_seeker: JobSeeker, user: User) -> list[dict[str, Any]]:
    """Three queries however many jobs and contacts the person has."""
    contacts = SupportContact.objects.select_related("by").order_by("occurred_on", "id")
    check_ins = JobCheckIn.objects.order_by("checked_on", "id")
    placements = (
        Placement.objects.filter(candidate=job_seeker)
        .select_related("employer", "opening", "occupation")
        .prefetch_related(
            Prefetch("support_contacts", queryset=contacts),
            Prefetch("check_ins", queryset=check_ins),
        )
        .order_by("start_on", "id")
    )
    return [_placement(p) for p in placements]
