"""Writes about contact persons and the contact log (a logged contact advances the pipeline and may
add a follow-up), and scrubbing the texts about a person being erased."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.core import dates
from crm.core.validators import normalize_phone
from crm.employers import people
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
    FollowUp,
    Opening,
    Stage,
)
from crm.employers.services.employers import move_employer_to_stage
from crm.employers.services.follow_ups import create_follow_up

CONTACT_PERSON_FIELDS = [
    "name",
    "title",
    "phone",
    "email",
    "is_decision_maker",
    "preferred_channel",
]


FUTURE_TOLERANCE = timedelta(minutes=5)


TITLE_MAX_LENGTH = 250


def _prepare_contact_person(person: ContactPerson) -> None:
    person.name = " ".join(person.name.split())
    try:
        person.phone = normalize_phone(person.phone or "")
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    person.full_clean()


@transaction.atomic
def add_contact_person(*, employer: Employer, by: User | None, **fields: Any) -> ContactPerson:
    person = ContactPerson(organization_id=employer.organization_id, employer=employer, **fields)
    _prepare_contact_person(person)
    person.save()
    return person


@transaction.atomic
def update_contact_person(*, person: ContactPerson, by: User, **fields: Any) -> ContactPerson:
    for name, value in fields.items():
        if name not in CONTACT_PERSON_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(person, name, value)
    _prepare_contact_person(person)
    person.save()
    return person


@transaction.atomic
def archive_contact_person(*, person: ContactPerson, by: User) -> None:
    person.archived_at = timezone.now()
    person.save(update_fields=["archived_at"])


def _validate_contact(
    *,
    employer: Employer,
    by: User,
    occurred_at: datetime,
    follow_up_on: date | None,
    contact_persons: list[ContactPerson],
    opening: Opening | None,
    seekers: list[Model],
    purpose: str = "",
) -> None:
    errors: dict[str, str] = {}
    candidates_error = people.policy().naming_error(
        by=by,
        organization_id=employer.organization_id,
        people=seekers,
        on=timezone.localtime(occurred_at).date(),
        purpose=purpose,
    )
    if candidates_error:
        errors["candidates"] = candidates_error
    if occurred_at > timezone.now() + FUTURE_TOLERANCE:
        errors["occurred_at"] = _("A contact cannot be logged in the future.")
    if follow_up_on and follow_up_on < timezone.localtime(occurred_at).date():
        errors["follow_up_on"] = _("The follow-up date cannot be before the contact.")
    if any(p.employer_id != employer.pk for p in contact_persons):
        errors["contact_persons"] = _("Choose contact persons of this employer.")
    if opening is not None and opening.employer_id != employer.pk:
        errors["opening"] = _("Choose an opening of this employer.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def log_employer_contact(
    *,
    employer: Employer,
    by: User,
    channel: str,
    purpose: str,
    summary: str,
    occurred_at: datetime | None = None,
    outcome: str = "",
    next_step: str = "",
    follow_up_on: date | None = None,
    contact_persons: Iterable[ContactPerson] = (),
    opening: Opening | None = None,
    candidates: Iterable[Model] = (),
) -> EmployerContact:
    """Log a contact; a dated next step becomes the user's follow-up, and the pipeline advances
    (a first contact makes a prospect "contacted", a face-to-face meeting makes it "met").

    `candidates` are the job seekers the contact was on behalf of: their first face-to-face
    contact is the IPS milestone "first employer contact" (derived, not typed twice)."""
    occurred_at = occurred_at or timezone.now()
    # Before anything converts the time to Helsinki's (that overflows near year 1).
    dates.validate_ranges(
        occurred_at=(dates.PAST, occurred_at), follow_up_on=(dates.PLANNED, follow_up_on)
    )
    persons = list(contact_persons)
    seekers = list({s.pk: s for s in candidates}.values())
    _validate_contact(
        employer=employer,
        by=by,
        occurred_at=occurred_at,
        follow_up_on=follow_up_on,
        contact_persons=persons,
        opening=opening,
        seekers=seekers,
        purpose=purpose,
    )
    contact = EmployerContact(
        organization_id=employer.organization_id,
        employer=employer,
        user=by,
        occurred_at=occurred_at,
        channel=channel,
        purpose=purpose,
        summary=summary.strip(),
        outcome=outcome.strip(),
        next_step=next_step.strip(),
        follow_up_on=follow_up_on,
        opening=opening,
    )
    contact.full_clean()
    contact.save()
    contact.contact_persons.set(persons)
    contact.candidates.set(seekers)
    for seeker in seekers:
        record_access(by, "crm.candidate.employer_contact_logged", seeker, ["employer_contacts"])
    if follow_up_on:
        create_follow_up(
            user=by,
            due_on=follow_up_on,
            employer=employer,
            contact=contact,
            title=contact.next_step or _default_follow_up_title(employer),
            job_seeker=seekers[0] if len(seekers) == 1 else None,
        )
    _advance_pipeline(employer=employer, channel=channel, by=by, at=occurred_at)
    return contact


def _default_follow_up_title(employer: Employer) -> str:
    """The follow-up title of a dated contact without a next step (the next step itself is at
    most as long as a title, so a title derived from it always fits)."""
    title = _("Follow up with %(employer)s") % {"employer": employer}
    return title if len(title) <= TITLE_MAX_LENGTH else _("Follow up with the employer")


def _advance_pipeline(*, employer: Employer, channel: str, by: User, at: datetime) -> None:
    at = max(at, employer.stage_changed_at)  # a back-dated contact never rewrites history
    early = [Stage.PROSPECT, Stage.CONTACTED]
    if channel == Channel.FACE_TO_FACE and employer.stage in early:
        move_employer_to_stage(employer=employer, stage=Stage.MET, by=by, at=at)
    elif employer.stage in (Stage.PROSPECT, Stage.DORMANT):
        move_employer_to_stage(employer=employer, stage=Stage.CONTACTED, by=by, at=at)


CONTACT_TEXTS = ("summary", "outcome", "next_step")


@transaction.atomic
def scrub_texts_about(
    *, person: Model, names: re.Pattern[str] | None, placeholder: str, erased_title: str
) -> None:
    """The person's data is being erased. Contacts on their behalf stay (fidelity counts them),
    but one that names them anywhere — `names` matches its texts or its follow-ups' titles —
    loses all its free text (`placeholder`): the rest of a sentence ("…has panic attacks")
    would identify them as well as the name does. Follow-ups about the person lose their
    titles (`erased_title`). Queryset updates: no history keeps the old texts."""
    if names is not None:
        contacts = EmployerContact.objects.filter(candidates=person).prefetch_related("follow_ups")
        for contact in contacts:
            titles = [f.title for f in contact.follow_ups.all()]
            texts = [getattr(contact, name) for name in CONTACT_TEXTS] + titles
            if not any(names.search(text or "") for text in texts):
                continue
            fields = {name: placeholder for name in CONTACT_TEXTS if getattr(contact, name)}
            EmployerContact.objects.filter(pk=contact.pk).update(**fields)
            FollowUp.objects.filter(contact=contact).update(title=placeholder)
    FollowUp.objects.filter(job_seeker=person).update(title=erased_title)
