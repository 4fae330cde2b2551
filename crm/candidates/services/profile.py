"""Writes about the career profile (its skills and licences resolved to the vocabulary) and the
work history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import PREFERENCE_FIELDS, CareerProfile, JobSeeker, WorkHistoryEntry
from crm.candidates.rights.erase import ensure_not_erased
from crm.candidates.services.common import changed_fields, check_version
from crm.core.terms import features_changed, resolve_terms

PROFILE_FIELDS = [
    "education",
    "strengths",
    "interests",
    *PREFERENCE_FIELDS,
    "disclosure",
    "disclosure_notes",
    "accommodation_needs",
    "health_restrictions",
    "completed_on",
]


PROFILE_TERM_FIELDS = ["skills", "licences"]


LIST_ITEM_MAX = 120  # characters in one item of a profile list (a strength, an interest…)


def _clean_list(name: str, values: Iterable[str] | None) -> list[str]:
    """Spaces tidied, empties and repeats dropped; an over-long item is refused, not cut."""
    seen: list[str] = []
    for value in values or []:
        text = " ".join(str(value).split())
        if len(text) > LIST_ITEM_MAX:
            message = _("“%(item)s…” is too long: at most %(max)d characters per item.")
            raise ValidationError({name: message % {"item": text[:30], "max": LIST_ITEM_MAX}})
        if text and text.lower() not in {s.lower() for s in seen}:
            seen.append(text)
    return seen


@transaction.atomic
def save_profile(
    *, job_seeker: JobSeeker, by: User, version: int | None, **fields: Any
) -> CareerProfile:
    """Replace the profile's given fields (a whole-document PUT or a form). Skills and licences
    are free text resolved to the organisation's vocabulary when saved."""
    unknown = set(fields) - set(PROFILE_FIELDS) - set(PROFILE_TERM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = job_seeker.profile
    check_version(CareerProfile, profile.pk, version)
    ensure_not_erased(job_seeker)
    terms = {name: fields.pop(name) for name in PROFILE_TERM_FIELDS if name in fields}
    for name in ("strengths", "interests", "occupations", "avoid", "municipalities"):
        if name in fields:
            fields[name] = _clean_list(name, fields[name])
    for name in ("industries", "schedules"):
        if name in fields:
            fields[name] = list(dict.fromkeys(fields[name] or []))
    changed = changed_fields(profile, fields)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["job_seeker"])
    resolved = _resolve_profile_terms(profile, terms)
    changed += [
        name for name, rows in resolved.items() if _term_ids(profile, name) != {t.pk for t in rows}
    ]
    if not changed:
        return profile
    profile.version += 1
    profile.save()
    for name, rows in resolved.items():
        getattr(profile, name).set(rows)
    record_access(by, "crm.candidate.profile_changed", job_seeker, changed)
    features_changed("candidate", job_seeker.pk)
    return profile


def _resolve_profile_terms(profile: CareerProfile, terms: dict[str, Any]) -> dict[str, list]:
    """Skills and licences as typed, resolved to the organisation's vocabulary."""
    return {
        name: resolve_terms(
            organization_id=profile.organization_id,
            kind="skill" if name == "skills" else "licence",
            texts=texts or [],
        )
        for name, texts in terms.items()
    }


def _term_ids(profile: CareerProfile, name: str) -> set[int]:
    return set(getattr(profile, name).values_list("pk", flat=True))


@transaction.atomic
def add_work_history(*, job_seeker: JobSeeker, by: User, **fields: Any) -> WorkHistoryEntry:
    ensure_not_erased(job_seeker)
    entry = WorkHistoryEntry(
        organization_id=job_seeker.organization_id, profile=job_seeker.profile, **fields
    )
    entry.full_clean(exclude=["profile"])
    entry.save()
    record_access(by, "crm.candidate.work_history_added", job_seeker, list(fields))
    return entry


@transaction.atomic
def replace_work_history(
    *, job_seeker: JobSeeker, by: User, entries: Iterable[dict[str, Any]]
) -> list[WorkHistoryEntry]:
    """The whole work history at once (the API's `PUT profile`); all rows or none."""
    ensure_not_erased(job_seeker)
    rows = [
        WorkHistoryEntry(
            organization_id=job_seeker.organization_id, profile=job_seeker.profile, **entry
        )
        for entry in entries
    ]
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        try:
            row.full_clean(exclude=["profile"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"work_history.{index}.{field}"] = messages
    if errors:
        raise ValidationError(errors)
    job_seeker.profile.work_history.all().delete()
    WorkHistoryEntry.objects.bulk_create(rows)
    record_access(by, "crm.candidate.work_history_changed", job_seeker, ["work_history"])
    return rows


@transaction.atomic
def delete_work_history(*, entry: WorkHistoryEntry, by: User) -> None:
    seeker = entry.profile.job_seeker
    ensure_not_erased(seeker)
    entry.delete()
    record_access(by, "crm.candidate.work_history_deleted", seeker, ["work_history"])
