"""Reads about contact persons and the contact log, and the people a contact may name."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from crm.accounts.models import User
from crm.employers import access, people
from crm.employers.filters import ContactLogFilter
from crm.employers.models import (
    ContactPerson,
    EmployerContact,
)
from crm.employers.selectors.common import filtered, parse_id


def contact_person_get(*, user: User, pk: int) -> ContactPerson:
    return get_object_or_404(ContactPerson.objects.for_user(user).select_related("employer"), pk=pk)


def named_job_seekers() -> Prefetch:
    """The people a contact was on behalf of, with just what naming them and deciding who may
    see the name needs."""
    return Prefetch("candidates", queryset=people.policy().named_queryset())


def nameable_job_seekers(*, user: User, include: int | None = None) -> QuerySet:
    """Whom a coach may name on a contact: their own active caseload, plus `include` (arriving
    from that person's page) when it is someone else's in their coach team. Callers check the
    role first (`people.policy().can_name`)."""
    return people.policy().nameable(user, include)


def contact_log(*, user: User, filters: Mapping | None = None) -> QuerySet[EmployerContact]:
    """The organisation's contact log; `candidate` (a job seeker id) narrows it to the
    contacts made on that person's behalf — only for their coach team (for anyone else it
    matches nothing, so the filter reveals nothing about them)."""
    qs = (
        EmployerContact.objects.for_user(user)
        .select_related("employer", "user", "opening")
        .prefetch_related("contact_persons", named_job_seekers())
    )
    qs = filtered(ContactLogFilter, filters, qs, user)
    candidate = parse_id((filters or {}).get("candidate"))
    if candidate is None:
        return qs
    return qs.filter(candidates=access.visible_job_seeker_id(user, candidate) if candidate else 0)


def contact_get(*, user: User, pk: int) -> EmployerContact:
    return get_object_or_404(contact_log(user=user), pk=pk)
