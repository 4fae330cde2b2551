"""Every write about employers, with its business rules. Views, API, imports and tasks call
these."""

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
from crm.core.errors import EditConflict
from crm.core.search import normalize, search_key, similar_names
from crm.core.terms import features_changed, resolve_terms
from crm.core.validators import normalize_business_id, normalize_phone
from crm.employers import people
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
    FollowUp,
    Opening,
    Stage,
    StageChange,
    Tag,
    TailoringNote,
)

EMPLOYER_FIELDS = [
    "name",
    "business_id",
    "industry",
    "municipality",
    "address",
    "website",
    "size_class",
    "owner",
    "notes",
]
OPENING_FIELDS = [
    "title",
    "occupation",
    "tasks",
    "languages",
    "hours_per_week",
    "schedule",
    "municipality",
    "remote",
    "wage_subsidy",
    "positions",
    "start_on",
    "status",
]
CONTACT_PERSON_FIELDS = [
    "name",
    "title",
    "phone",
    "email",
    "is_decision_maker",
    "preferred_channel",
]
FUTURE_TOLERANCE = timedelta(minutes=5)


def _require_same_org(organization_id: int, **objects: Any) -> None:
    errors = {
        name: _("Must belong to the same organisation.")
        for name, obj in objects.items()
        if obj is not None and obj.organization_id != organization_id
    }
    if errors:
        raise ValidationError(errors)


def _check_version(model: type, pk: int, version: int | None) -> None:
    """Lock the row and refuse a save based on a stale version (HTTP 409 / a UI message)."""
    current = model.objects.select_for_update().filter(pk=pk).values_list("version", flat=True)
    current_version = current.first()
    if version is None or current_version != int(version):
        raise EditConflict(current_version=current_version)


TAG_MAX_LENGTH = 50
TITLE_MAX_LENGTH = 250


def _set_tags(employer: Employer, names: Iterable[str]) -> None:
    clean = sorted({" ".join(n.split()) for n in names if n and n.strip()})
    too_long = [name for name in clean if len(name) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "tags": _("A tag can be at most %(max)d characters long: %(tag)s")
                % {"max": TAG_MAX_LENGTH, "tag": too_long[0]}
            }
        )
    tags = [
        Tag.objects.get_or_create(organization_id=employer.organization_id, name=name)[0]
        for name in clean
    ]
    employer.tags.set(tags)


def _refresh_openings_of(employer: Employer) -> None:
    """The employer's industry and archived state are part of its openings' match features."""
    for pk in employer.openings.values_list("pk", flat=True):
        features_changed("opening", pk)


# Employers ---------------------------------------------------------------------------------


def _prepare_employer(employer: Employer) -> None:
    employer.name = " ".join(employer.name.split())
    employer.business_id = normalize_business_id(employer.business_id or "")
    employer.search_key = search_key(employer.name, employer.business_id)
    _require_same_org(employer.organization_id, owner=employer.owner)
    taken = (
        Employer.objects.filter(
            organization_id=employer.organization_id, business_id=employer.business_id
        )
        .exclude(pk=employer.pk)
        .first()
    )
    if employer.business_id and taken:
        raise ValidationError(
            {
                "business_id": _("%(name)s already has this business ID in your organisation.")
                % {"name": taken.name}
            }
        )
    employer.full_clean(exclude=["created_by"])  # `by` may be None (demo data, tests)


def similar_employers(
    *, organization_id: int, name: str, municipality: str, exclude_pk: int | None = None
) -> list[Employer]:
    """Likely duplicates: a similar name in the same municipality (a warning, not a block)."""
    if not municipality:
        return []
    rows = (
        Employer.objects.filter(organization_id=organization_id, municipality=municipality)
        .exclude(pk=exclude_pk)
        .values_list("pk", "name")
    )
    ids = similar_names(name, ((pk, normalize(n)) for pk, n in rows))
    return list(Employer.objects.filter(pk__in=ids))


@transaction.atomic
def create_employer(
    *, organization_id: int, by: User | None, tags: Iterable[str] = (), **fields: Any
) -> Employer:
    stage = fields.pop("stage", Stage.PROSPECT) or Stage.PROSPECT
    employer = Employer(organization_id=organization_id, created_by=by, stage=stage, **fields)
    _prepare_employer(employer)
    employer.save()
    _set_tags(employer, tags)
    StageChange.objects.create(
        organization_id=organization_id, employer=employer, from_stage="", to_stage=stage, user=by
    )
    return employer


@transaction.atomic
def update_employer(
    *,
    employer: Employer,
    by: User,
    version: int | None,
    tags: Iterable[str] | None = None,
    **fields: Any,
) -> Employer:
    _check_version(Employer, employer.pk, version)
    for name, value in fields.items():
        if name not in EMPLOYER_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(employer, name, value)
    _prepare_employer(employer)
    employer.version += 1
    employer.save(update_fields=[*fields, "search_key", "version", "updated_at"])
    if tags is not None:
        _set_tags(employer, tags)
    _refresh_openings_of(employer)
    return employer


@transaction.atomic
def archive_employer(*, employer: Employer, by: User) -> Employer:
    employer.archived_at = timezone.now()
    employer.save(update_fields=["archived_at", "updated_at"])
    _refresh_openings_of(employer)
    return employer


@transaction.atomic
def restore_employer(*, employer: Employer, by: User) -> Employer:
    employer.archived_at = None
    employer.save(update_fields=["archived_at", "updated_at"])
    _refresh_openings_of(employer)
    return employer


@transaction.atomic
def move_employer_to_stage(
    *, employer: Employer, stage: str, by: User | None, at: datetime | None = None
) -> Employer:
    """Move along the pipeline; every move is recorded for the funnel report."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown pipeline stage.")})
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.stage == stage:
        return employer
    at = at or timezone.now()
    StageChange.objects.create(
        organization_id=employer.organization_id,
        employer=employer,
        from_stage=employer.stage,
        to_stage=stage,
        changed_at=at,
        user=by,
    )
    employer.stage = stage
    employer.stage_changed_at = at
    employer.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    return employer


# Contact persons ---------------------------------------------------------------------------


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


# Contact log -------------------------------------------------------------------------------


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


# Follow-ups --------------------------------------------------------------------------------


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
    _require_same_org(user.organization_id, employer=employer, job_seeker=job_seeker)
    if job_seeker is not None and job_seeker.erased_at is not None:
        raise ValidationError(
            {"job_seeker": _("A person whose data has been erased cannot be named.")}
        )
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


# Erasure of a person (candidates' rights) ---------------------------------------------------

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


# Openings ----------------------------------------------------------------------------------


def _set_terms(opening: Opening, terms: dict[str, Iterable[str] | None]) -> None:
    kinds = {"required_skills": "skill", "nice_skills": "skill", "licences": "licence"}
    for field, texts in terms.items():
        if texts is not None:
            resolved = resolve_terms(
                organization_id=opening.organization_id, kind=kinds[field], texts=texts
            )
            getattr(opening, field).set(resolved)


@transaction.atomic
def create_opening(
    *,
    employer: Employer,
    by: User | None,
    required_skills: Iterable[str] = (),
    nice_skills: Iterable[str] = (),
    licences: Iterable[str] = (),
    **fields: Any,
) -> Opening:
    opening = Opening(
        organization_id=employer.organization_id, employer=employer, created_by=by, **fields
    )
    opening.full_clean(exclude=["created_by"])  # `by` may be None (demo data, tests)
    opening.save()
    _set_terms(
        opening,
        {"required_skills": required_skills, "nice_skills": nice_skills, "licences": licences},
    )
    features_changed("opening", opening.pk)
    return opening


@transaction.atomic
def update_opening(
    *,
    opening: Opening,
    by: User,
    version: int | None,
    required_skills: Iterable[str] | None = None,
    nice_skills: Iterable[str] | None = None,
    licences: Iterable[str] | None = None,
    **fields: Any,
) -> Opening:
    _check_version(Opening, opening.pk, version)
    for name, value in fields.items():
        if name not in OPENING_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(opening, name, value)
    opening.full_clean(exclude=["created_by"])  # `by` may be None (demo data, tests)
    opening.version += 1
    opening.save()
    _set_terms(
        opening,
        {"required_skills": required_skills, "nice_skills": nice_skills, "licences": licences},
    )
    features_changed("opening", opening.pk)
    return opening


# Job tailoring -----------------------------------------------------------------------------


@transaction.atomic
def add_tailoring_note(
    *,
    employer: Employer,
    by: User,
    opening: Opening | None = None,
    agreed_with: ContactPerson | None = None,
    **fields: Any,
) -> TailoringNote:
    errors = {}
    if opening is not None and opening.employer_id != employer.pk:
        errors["opening"] = _("Choose an opening of this employer.")
    if agreed_with is not None and agreed_with.employer_id != employer.pk:
        errors["agreed_with"] = _("Choose a contact person of this employer.")
    if not (fields.get("tasks_carved_out", "").strip() or fields.get("adjustments", "").strip()):
        errors["tasks_carved_out"] = _("Describe the carved-out tasks or the adjustments.")
    if errors:
        raise ValidationError(errors)
    note = TailoringNote(
        organization_id=employer.organization_id,
        employer=employer,
        opening=opening,
        agreed_with=agreed_with,
        user=by,
        **fields,
    )
    note.full_clean()
    note.save()
    return note
