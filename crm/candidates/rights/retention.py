"""The organisation's retention period: people who exited longer ago are anonymised."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crm.accounts.audit import record_access
from crm.accounts.models import Organization, User
from crm.candidates.models import JobSeeker, Status
from crm.candidates.rights.erase import erase_job_seeker


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def retention_due(*, organization: Organization, today: date | None = None) -> QuerySet[JobSeeker]:
    """People who exited more than `retention_months` ago and are not anonymised yet."""
    cutoff = months_before(today or timezone.localdate(), organization.retention_months)
    return JobSeeker.objects.for_organization(organization.pk).filter(
        status=Status.EXITED, exited_on__lt=cutoff, erased_at__isnull=True
    )


def apply_retention(today: date | None = None) -> int:
    """Anonymise everyone past their organisation's retention period; returns how many.
    One transaction per person, so one failure does not undo the others; safe to rerun."""
    erased = 0
    for organization in Organization.objects.order_by("pk"):
        for seeker in list(retention_due(organization=organization, today=today)):
            erase_job_seeker(job_seeker=seeker, by=None, action="crm.candidate.retention_erased")
            erased += 1
    return erased


@transaction.atomic
def set_retention_months(*, organization: Organization, by: User, months: int) -> Organization:
    organization.retention_months = months
    organization.full_clean()
    Organization.objects.filter(pk=organization.pk).update(retention_months=months)
    record_access(by, "crm.organization.retention_changed", organization, ["retention_months"])
    return organization
