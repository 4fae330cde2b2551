"""Writes about openings and job tailoring notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.core.terms import features_changed, resolve_terms
from crm.employers.models import ContactPerson, Employer, Opening, TailoringNote
from crm.employers.services.common import check_version

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
    check_version(Opening, opening.pk, version)
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
