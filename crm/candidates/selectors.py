"""Reads about job seekers: scoped to the user's organisation and role, at a constant number of
queries, and audited where they show sensitive data or case notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Field, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.http import request_for
from crm.accounts.models import User
from crm.candidates import milestones
from crm.candidates.access import Access, require_access
from crm.candidates.filters import JobSeekerFilter
from crm.candidates.models import (
    ACTIVE_STATUSES,
    DAYS_TO_FIRST_EMPLOYER_CONTACT_TARGET,
    IPS_CASELOAD_LIMIT,
    KYKYVIISARI_DOMAINS,
    KYKYVIISARI_SCORES,
    CareerProfile,
    CaseNote,
    ContactType,
    JobSeeker,
    KykyviisariResult,
    MilestoneKind,
    Status,
)
from crm.core import search
from crm.employers.models import Channel, EmployerContact, FollowUp

SEARCH_LIMIT = 200


def _require_role(user: User) -> None:
    if not user.has_perm("candidates.view_jobseeker"):
        raise PermissionDenied(_("Your role does not give access to job seekers."))


def _annotated(qs: QuerySet[JobSeeker]) -> QuerySet[JobSeeker]:
    """Days since last contact, next follow-up and the first face-to-face employer contact:
    one correlated subquery each, so a list page stays at a constant number of queries."""
    last_contact = (
        CaseNote.objects.filter(job_seeker=OuterRef("pk"))
        .exclude(contact_type=ContactType.NOTE)
        .order_by("-written_on")
        .values("written_on")[:1]
    )
    next_follow_up = (
        FollowUp.objects.filter(job_seeker=OuterRef("pk"), done=False)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    first_f2f = (
        EmployerContact.objects.filter(candidates=OuterRef("pk"), channel=Channel.FACE_TO_FACE)
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    return qs.annotate(
        last_contact_on=Subquery(last_contact),
        next_follow_up_on=Subquery(next_follow_up),
        first_employer_contact_at=Subquery(first_f2f),
    )


def job_seeker_list(
    *, user: User, filters: Mapping | None = None, query: str = ""
) -> QuerySet[JobSeeker]:
    """Everyone in the user's organisation the role may list (403 for relations staff)."""
    _require_role(user)
    qs = _annotated(JobSeeker.objects.for_user(user).select_related("coach", "team"))
    data = dict(filters or {})
    filterset = JobSeekerFilter(data, qs, request=request_for(user))
    filterset.form.is_valid()
    qs = filterset.qs
    return _search(qs, query)


def _search(qs: QuerySet[JobSeeker], query: str) -> QuerySet[JobSeeker]:
    query = (query or "").strip()
    if not query:
        return qs
    ids = search.rank(query, qs.values_list("pk", "search_key"), limit=SEARCH_LIMIT)
    return qs.filter(pk__in=ids)


def caseload(*, user: User, include_inactive: bool = False):
    """The user's own caseload (active people unless asked for all)."""
    qs = job_seeker_list(user=user).filter(coach=user)
    return qs if include_inactive else qs.filter(status__in=ACTIVE_STATUSES)


@dataclass(frozen=True)
class CaseloadSize:
    active: int
    limit: int = IPS_CASELOAD_LIMIT

    @property
    def over_limit(self) -> bool:
        return self.active > self.limit

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.active / self.limit)) if self.limit else 0


def caseload_size(coach: User) -> CaseloadSize:
    active = JobSeeker.objects.filter(coach=coach, status__in=ACTIVE_STATUSES).count()
    return CaseloadSize(active=active)


def job_seeker_get(*, user: User, pk: int, level: Access = Access.BASIC) -> JobSeeker:
    """One person: 404 outside the organisation, 403 (with the reason) below `level`."""
    _require_role(user)
    seeker = get_object_or_404(
        _annotated(JobSeeker.objects.for_user(user)).select_related("coach", "team", "profile"),
        pk=pk,
    )
    require_access(user, seeker, level)
    return seeker


# Sub-resources ------------------------------------------------------------------------------


def profile_get(*, user: User, job_seeker: JobSeeker) -> CareerProfile:
    """The career profile with its terms and work history; reading its sensitive section is
    audited (leads get it with the section blanked)."""
    level = require_access(user, job_seeker, Access.RECORD)
    profile = (
        CareerProfile.objects.select_related("job_seeker")
        .prefetch_related("skills", "licences", "work_history")
        .get(job_seeker=job_seeker)
    )
    if level >= Access.FULL:
        record_access(
            user, "crm.candidate.sensitive_viewed", job_seeker, CareerProfile.SENSITIVE_FIELDS
        )
    else:
        for name in CareerProfile.SENSITIVE_FIELDS:
            setattr(profile, name, None)
    return profile


def notes_list(*, user: User, job_seeker: JobSeeker) -> QuerySet[CaseNote]:
    """Case notes: the coach team only; every read audited."""
    require_access(user, job_seeker, Access.FULL)
    record_access(user, "crm.candidate.notes_viewed", job_seeker, ["notes"])
    return job_seeker.notes.select_related("author")


def kykyviisari_list(*, user: User, job_seeker: JobSeeker) -> list[KykyviisariResult]:
    """The results, oldest first; every read is audited (scores describe work ability)."""
    require_access(user, job_seeker, Access.RECORD)
    results = list(job_seeker.kykyviisari_results.select_related("form"))
    record_access(user, "crm.candidate.kykyviisari_viewed", job_seeker, ["kykyviisari"])
    return results


def consent_list(*, user: User, job_seeker: JobSeeker):
    require_access(user, job_seeker, Access.RECORD)
    return job_seeker.consents.select_related("recorded_by")


# Milestones ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    label: str
    on: date
    note: str = ""
    derived: bool = False  # from the record or the contact log, not recorded by hand
    milestone_id: int | None = None
    source: str = ""  # for milestones other apps derive (crm/candidates/milestones.py)


def first_employer_contact(job_seeker: JobSeeker) -> EmployerContact | None:
    """The first face-to-face employer contact logged on the person's behalf."""
    return (
        EmployerContact.objects.filter(candidates=job_seeker, channel=Channel.FACE_TO_FACE)
        .select_related("employer")
        .order_by("occurred_at")
        .first()
    )


def days_to_first_employer_contact(job_seeker: Any, today: date | None = None) -> int | None:
    """Days from intake to the first face-to-face employer contact. While there is none yet the
    clock runs to today, so a coach sees it running, but it stops at an exit or a pause."""
    if not job_seeker.intake_on:
        return None
    first = getattr(job_seeker, "first_employer_contact_at", None)
    if first:
        end = timezone.localtime(first).date()
    elif job_seeker.status == Status.EXITED and job_seeker.exited_on:
        end = job_seeker.exited_on
    elif job_seeker.status == Status.PAUSED:
        end = timezone.localtime(job_seeker.status_changed_at).date()
    else:
        end = today or timezone.localdate()
    return max(0, (end - job_seeker.intake_on).days)


def first_contact_overdue(job_seeker: Any) -> bool:
    """Over the IPS target of 30 days — flagged only while it still calls for action."""
    if job_seeker.status in (Status.PAUSED, Status.EXITED) and not getattr(
        job_seeker, "first_employer_contact_at", None
    ):
        return False
    days = days_to_first_employer_contact(job_seeker)
    return days is not None and days > DAYS_TO_FIRST_EMPLOYER_CONTACT_TARGET


def timeline(*, user: User, job_seeker: JobSeeker) -> list[TimelineEntry]:
    """Referral, intake and exit from the record, the first face-to-face employer contact from
    the contact log, the rest as recorded — in date order."""
    require_access(user, job_seeker, Access.RECORD)
    entries = [
        TimelineEntry(
            MilestoneKind.REFERRAL,
            str(MilestoneKind.REFERRAL.label),
            job_seeker.referred_on,
            job_seeker.get_referral_source_display(),
            True,
        )
    ]
    if job_seeker.intake_on:
        entries.append(
            TimelineEntry(
                MilestoneKind.INTAKE,
                str(MilestoneKind.INTAKE.label),
                job_seeker.intake_on,
                "",
                True,
            )
        )
    contact = first_employer_contact(job_seeker)
    if contact is not None:
        entries.append(
            TimelineEntry(
                MilestoneKind.FIRST_EMPLOYER_CONTACT,
                str(MilestoneKind.FIRST_EMPLOYER_CONTACT.label),
                timezone.localtime(contact.occurred_at).date(),
                str(contact.employer),
                True,
            )
        )
    derived = milestones.derived_milestones(job_seeker=job_seeker)
    derived_days = {(m.kind, m.on) for m in derived}
    for item in derived:
        label = str(MilestoneKind(item.kind).label)
        entries.append(TimelineEntry(item.kind, label, item.on, item.note, True, None, item.source))
    for milestone in job_seeker.milestones.all():
        if (milestone.kind, milestone.reached_on) in derived_days:
            continue  # recorded by hand before it was derived: shown once
        entries.append(
            TimelineEntry(
                milestone.kind,
                milestone.get_kind_display(),
                milestone.reached_on,
                milestone.note,
                False,
                milestone.pk,
            )
        )
    if job_seeker.exited_on:
        entries.append(
            TimelineEntry(
                MilestoneKind.EXIT,
                str(MilestoneKind.EXIT.label),
                job_seeker.exited_on,
                job_seeker.get_exit_reason_display(),
                True,
            )
        )
    return sorted(entries, key=lambda e: (e.on, list(MilestoneKind.values).index(e.kind)))


# Kykyviisari change -------------------------------------------------------------------------


@dataclass(frozen=True)
class KykyviisariChange:
    measure: str
    label: str
    start: Any
    latest: Any
    comparable: bool = True  # False: a domain score of two different form versions

    @property
    def change(self) -> Any:
        if not self.comparable or self.start is None or self.latest is None:
            return None
        return self.latest - self.start


def _score_label(name: str) -> str:
    field = KykyviisariResult._meta.get_field(name)
    assert isinstance(field, Field)  # a score column, never a relation
    return str(field.verbose_name)


def kykyviisari_change(results: list[KykyviisariResult]) -> list[KykyviisariChange]:
    """From the first result (the start) to the latest, per measure; empty with fewer than two.
    Domain scores' ranges depend on the form version, so their change is None (not comparable)
    when the two results were filled in on different versions."""
    if len(results) < 2:
        return []
    first, last = results[0], results[-1]
    same_form = first.form_id == last.form_id
    return [
        KykyviisariChange(
            name,
            _score_label(name),
            getattr(first, name),
            getattr(last, name),
            same_form or name not in KYKYVIISARI_DOMAINS,
        )
        for name in KYKYVIISARI_SCORES
    ]


def open_follow_ups(*, job_seeker: JobSeeker) -> QuerySet[FollowUp]:
    return job_seeker.follow_ups.filter(done=False).select_related("user").order_by("due_on")
