"""The follow-along support plan and support contacts.

A support contact that includes the employer is also that employer's contact-log entry
(purpose `support`, naming the person), written in the same transaction: typed once, seen in
both places. Its channel maps to the contact log's: face to face, phone and video as they are,
a message as an e-mail (the contact log's only written channel).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.employers.models import Channel, ContactPerson, EmployerContact, Purpose
from crm.employers.services.contacts import log_employer_contact
from crm.placements import schedule
from crm.placements.models import (
    Placement,
    SupportCadence,
    SupportChannel,
    SupportContact,
    SupportTopic,
    WithWhom,
)
from crm.placements.services.common import (
    clean_text,
    ensure_person_open,
    locked_version,
    not_in_future,
)

CONTACT_BEFORE_START_DAYS = 30
CHANNEL_TO_CONTACT_LOG: dict[str, str] = {
    SupportChannel.FACE_TO_FACE: Channel.FACE_TO_FACE,
    SupportChannel.PHONE: Channel.PHONE,
    SupportChannel.VIDEO: Channel.VIDEO,
    SupportChannel.MESSAGE: Channel.EMAIL,
}


# Next contact due ---------------------------------------------------------------------------


def plan_state(placement: Placement, latest: SupportContact | None) -> schedule.PlanState:
    created = placement.created_at or timezone.now()
    return schedule.PlanState(
        start_on=placement.start_on,
        cadence=placement.support_cadence,
        recorded_on=timezone.localtime(created).date(),
        declined_on=placement.support_declined_on,
        ended_on=placement.ended_on,
        last_contact_on=latest.occurred_on if latest else None,
        last_contact_next_due=latest.next_due_on if latest else None,
    )


def latest_contact(placement: Placement) -> SupportContact | None:
    return (
        SupportContact.objects.filter(placement=placement)
        .only("occurred_on", "next_due_on")
        .order_by("-occurred_on", "-id")
        .first()
    )


def refresh_next_due(placement: Placement) -> Placement:
    """Recompute and store the next contact due and the last contact (one read, one write)."""
    latest = latest_contact(placement)
    placement.last_support_on = latest.occurred_on if latest else None
    placement.next_support_due_on = schedule.next_due_on(plan_state(placement, latest))
    Placement.objects.filter(pk=placement.pk).update(
        last_support_on=placement.last_support_on,
        next_support_due_on=placement.next_support_due_on,
    )
    return placement


def refresh_due_dates(placements: QuerySet[Placement]) -> int:
    """Recompute the stored due dates of many placements in a constant number of queries per
    chunk (the nightly task's safety net for rows written outside the services). Returns how
    many changed."""
    from django.db.models import OuterRef, Subquery

    latest = SupportContact.objects.filter(placement=OuterRef("pk")).order_by("-occurred_on", "-id")
    rows = placements.annotate(
        latest_on=Subquery(latest.values("occurred_on")[:1]),
        latest_next_due=Subquery(latest.values("next_due_on")[:1]),
    ).only(
        "id",
        "start_on",
        "support_cadence",
        "created_at",
        "support_declined_on",
        "ended_on",
        "last_support_on",
        "next_support_due_on",
    )
    changed: list[Placement] = []
    for placement in rows.iterator(chunk_size=2000):
        latest_row = (
            SupportContact(occurred_on=placement.latest_on, next_due_on=placement.latest_next_due)
            if placement.latest_on
            else None
        )
        due = schedule.next_due_on(plan_state(placement, latest_row))
        if due != placement.next_support_due_on or placement.latest_on != placement.last_support_on:
            placement.next_support_due_on, placement.last_support_on = due, placement.latest_on
            changed.append(placement)
    Placement.objects.bulk_update(
        changed, ["next_support_due_on", "last_support_on"], batch_size=1000
    )
    return len(changed)


def refresh_due_soon(*, today: date | None = None) -> int:
    """The nightly safety net (tasks.refresh_support_due_dates): placements due within a
    week, or with an active plan and no date, of people not erased."""
    from django.db.models import Q

    today = today or timezone.localdate()
    active_without_date = Q(
        next_support_due_on__isnull=True,
        ended_on__isnull=True,
        support_declined_on__isnull=True,
    ) & ~Q(support_cadence=SupportCadence.ON_REQUEST)
    soon = Q(next_support_due_on__lte=today + timedelta(days=7))
    qs = Placement.objects.filter(candidate__erased_at__isnull=True).filter(
        soon | active_without_date
    )
    return refresh_due_dates(qs)


# The plan -----------------------------------------------------------------------------------


@transaction.atomic
def set_support_plan(
    *,
    placement: Placement,
    by: User,
    version: int | None,
    cadence: str,
    declined_on: date | None = None,
    declined_reason: str = "",
) -> Placement:
    """Change the cadence, or record that the person declined further support (which stops
    it) — or clear the decline to resume."""
    locked_version(Placement, placement.pk, version)
    placement.refresh_from_db()
    ensure_person_open(placement.candidate)
    declined_reason = clean_text(declined_reason)
    errors: dict[str, str] = {}
    if cadence not in SupportCadence.values:
        errors["cadence"] = _("Choose a valid cadence.")
    errors |= not_in_future(
        declined_on, "declined_on", _("The date of declining cannot be in the future.")
    )
    if declined_on is not None and not declined_reason:
        errors["declined_reason"] = _("Say why the person declined further support.")
    if declined_on is None and declined_reason:
        errors["declined_on"] = _("Give the date the person declined further support.")
    if errors:
        raise ValidationError(errors)
    before = {
        "support_cadence": placement.support_cadence,
        "support_declined_on": placement.support_declined_on,
        "support_declined_reason": placement.support_declined_reason,
    }
    placement.support_cadence = cadence
    placement.support_declined_on = declined_on
    placement.support_declined_reason = declined_reason
    changed = [name for name, value in before.items() if getattr(placement, name) != value]
    if not changed:
        return placement
    placement.full_clean(exclude=["candidate", "employer", "opening", "proposal", "occupation"])
    placement.version += 1
    placement.save()
    refresh_next_due(placement)
    record_access(by, "crm.candidate.support_plan_changed", placement.candidate, changed)
    return placement


# Support contacts ---------------------------------------------------------------------------


def _topics(values: Iterable[str] | None) -> list[str]:
    topics = list(dict.fromkeys(v for v in values or [] if v))
    unknown = [t for t in topics if t not in SupportTopic.values]
    if unknown:
        message = _("Unknown topic: %(values)s") % {"values": ", ".join(map(str, unknown))}
        raise ValidationError({"topics": message})
    return topics


def _moment(day: date) -> datetime:
    """A contact-log time for a support contact's date: now when it is today, else midday."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _validate_contact(
    placement: Placement,
    *,
    occurred_on: date,
    next_due_on: date | None,
    with_whom: str,
    contact_person: ContactPerson | None,
) -> None:
    errors = not_in_future(
        occurred_on, "occurred_on", _("A support contact cannot be in the future.")
    )
    earliest = placement.start_on - timedelta(days=CONTACT_BEFORE_START_DAYS)
    if occurred_on < earliest:
        errors["occurred_on"] = _(
            "A support contact can be at most %(days)d days before the start of the job."
        ) % {"days": CONTACT_BEFORE_START_DAYS}
    if next_due_on is not None and next_due_on < occurred_on:
        errors["next_due_on"] = _("The next contact cannot be due before this one.")
    if contact_person is not None:
        if with_whom not in (WithWhom.EMPLOYER, WithWhom.BOTH):
            errors["contact_person"] = _("Name a person at the employer only when you met them.")
        elif contact_person.employer_id != placement.employer_id:
            errors["contact_person"] = _("Choose a contact person of this employer.")
    if errors:
        raise ValidationError(errors)


def employer_summary(placement: Placement) -> str:
    """The contact-log summary: the job only — never the notes, topics or anything about
    health (the coach team reads those on the placement)."""
    return _("Follow-along support for a person working as “%(title)s”.") % {
        "title": placement.job_title
    }


def _log_with_employer(
    placement: Placement,
    *,
    by: User,
    occurred_on: date,
    channel: str,
    contact_person: ContactPerson | None,
) -> EmployerContact:
    try:
        return log_employer_contact(
            employer=placement.employer,
            by=by,
            channel=CHANNEL_TO_CONTACT_LOG[channel],
            purpose=Purpose.SUPPORT,
            summary=employer_summary(placement),
            occurred_at=_moment(occurred_on),
            contact_persons=[contact_person] if contact_person else [],
            opening=placement.opening,
            candidates=[placement.candidate],
        )
    except ValidationError as exc:  # said where the coach chose: the date or "with whom"
        if not hasattr(exc, "error_dict"):
            raise
        names = {"candidates": "with_whom", "occurred_at": "occurred_on"}
        errors = {names.get(f, f): m for f, m in exc.message_dict.items()}
        raise ValidationError(errors) from None


@transaction.atomic
def log_support_contact(
    *,
    placement: Placement,
    by: User,
    occurred_on: date,
    with_whom: str,
    channel: str,
    place: str = "",
    topics: Iterable[str] = (),
    notes: str = "",
    next_due_on: date | None = None,
    contact_person: ContactPerson | None = None,
) -> SupportContact:
    """Record a support contact; one that includes the employer is also logged in the
    employer's contact log (same transaction: both or neither)."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("candidate", "employer", "opening")
        .get(pk=placement.pk)
    )
    ensure_person_open(placement.candidate, "placement")
    contact = SupportContact(
        organization_id=placement.organization_id,
        placement=placement,
        occurred_on=occurred_on,
        with_whom=with_whom,
        channel=channel,
        place=place or "",
        topics=_topics(topics),
        notes=clean_text(notes),
        next_due_on=next_due_on,
        by=by,
        contact_person=contact_person,
    )
    contact.full_clean(exclude=["placement", "by", "contact_person", "employer_contact"])
    _validate_contact(
        placement,
        occurred_on=occurred_on,
        next_due_on=next_due_on,
        with_whom=with_whom,
        contact_person=contact_person,
    )
    if contact.includes_employer:
        contact.employer_contact = _log_with_employer(
            placement,
            by=by,
            occurred_on=occurred_on,
            channel=channel,
            contact_person=contact_person,
        )
    contact.save()
    refresh_next_due(placement)
    fields = ["support_contacts", *(["notes"] if contact.notes else [])]
    record_access(by, "crm.candidate.support_contact_logged", placement.candidate, fields)
    return contact


def contact_summary(contact: SupportContact) -> dict[str, Any]:
    """For the API and export: the contact's codes and dates."""
    return {
        "occurred_on": contact.occurred_on,
        "with_whom": contact.with_whom,
        "channel": contact.channel,
        "place": contact.place,
        "topics": list(contact.topics or []),
        "next_due_on": contact.next_due_on,
    }
