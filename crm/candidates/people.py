"""candidates' answer to employers' people policy (crm/employers/people.py): who may see and
name a job seeker on the contact log and on follow-ups. Registered in CandidatesConfig.ready();
the rules themselves live in access.py, consents in services/consents.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.candidates import access, selectors
from crm.candidates.access import Access, access_level
from crm.candidates.models import ACTIVE_STATUSES, ConsentPurpose, JobSeeker, Status
from crm.candidates.services.consents import ConsentMissing, require_consent
from crm.employers.models import Purpose

# What deciding who may see a named person, and naming them, needs.
NAMED_FIELDS = ("id", "organization_id", "first_name", "last_name", "coach_id", "team_id")


class JobSeekerPolicy:
    def can_name(self, user: User) -> bool:
        return access.can_name_job_seekers(user)

    def only_coach_team_message(self) -> str:
        return access.only_coach_team_message()

    def can_see(self, user: User, person: JobSeeker) -> bool:
        return access.is_coach_team(user, person)

    def people(self, user: User) -> QuerySet[JobSeeker]:
        return JobSeeker.objects.for_user(user)

    def seen_in_full(self, user: User, pk: int) -> JobSeeker | None:
        seeker = (
            JobSeeker.objects.for_user(user)
            .only("id", "organization_id", "coach_id", "team_id")
            .filter(pk=pk)
            .first()
        )
        return seeker if seeker is not None and self.can_see(user, seeker) else None

    def nameable(self, user: User, include: int | None = None) -> QuerySet[JobSeeker]:
        """Their own active caseload, plus `include` (arriving from that person's page) when it
        is someone else's in their coach team. Callers check the role first (`can_name`)."""
        qs = selectors.caseload(user=user)
        if include is not None:
            extra = selectors.job_seeker_list(user=user).filter(
                pk=include, status__in=ACTIVE_STATUSES
            )
            seeker = extra.first()
            if seeker is not None and self.can_see(user, seeker):
                qs = qs | extra
        return qs.filter(erased_at__isnull=True)

    def named_queryset(self) -> QuerySet[JobSeeker]:
        return JobSeeker.objects.only(*NAMED_FIELDS)

    def seen_in_full_q(self, user: User, field: str) -> Q:
        return access.seen_in_full_q(user, field)

    def hidden_details_q(self, user: User) -> Q:
        return access.hidden_details_q(user)

    def naming_error(
        self, *, by: User, organization_id: int, people: list[Any], on: date, purpose: str
    ) -> str:
        return _who_error(by=by, organization_id=organization_id, seekers=people) or _when_error(
            seekers=people, on=on, purpose=purpose
        )


def _who_error(*, by: User, organization_id: int, seekers: list[JobSeeker]) -> str:
    """Same organisation, the person's coach team, and someone still in the service."""
    if not seekers:
        return ""
    if any(s.organization_id != organization_id for s in seekers):
        return _("Choose job seekers of your organisation.")
    if not access.can_name_job_seekers(by) or any(
        access_level(by, s) < Access.FULL for s in seekers
    ):
        return access.only_coach_team_message()
    if any(s.erased_at is not None for s in seekers):
        return _("A person whose data has been erased cannot be named.")
    return ""


def _when_error(*, seekers: list[JobSeeker], on: date, purpose: str) -> str:
    """A contact on someone's behalf happens after their referral, and presenting them to an
    employer needs their valid consent to the disclosure on that day. A contact logged
    afterwards may name someone who has exited since, not after their exit."""
    exited = [
        s.full_name
        for s in seekers
        if s.status == Status.EXITED and (s.exited_on is None or on > s.exited_on)
    ]
    if exited:
        return _("People who have exited the service cannot be named: %(names)s.") % {
            "names": ", ".join(exited)
        }
    for seeker in seekers:
        if seeker.referred_on and on < seeker.referred_on:
            return _(
                "%(name)s was referred on %(date)s: a contact before the referral cannot be "
                "on their behalf."
            ) % {
                "name": seeker.full_name,
                "date": date_format(seeker.referred_on, "SHORT_DATE_FORMAT"),
            }
    if purpose != Purpose.PRESENTING_CANDIDATE:
        return ""
    for seeker in seekers:
        try:
            require_consent(seeker, ConsentPurpose.EMPLOYER_DISCLOSURE, on)
        except ConsentMissing as exc:
            return exc.messages[0]
    return ""
