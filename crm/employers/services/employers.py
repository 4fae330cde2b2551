"""Writes about employers: adding, editing, archiving and moving them along the pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.core.search import normalize, search_key, similar_names
from crm.core.terms import features_changed
from crm.core.validators import normalize_business_id
from crm.employers.models import Employer, Stage, StageChange, Tag
from crm.employers.services.common import check_version, require_same_org

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


TAG_MAX_LENGTH = 50


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


def _prepare_employer(employer: Employer) -> None:
    employer.name = " ".join(employer.name.split())
    employer.business_id = normalize_business_id(employer.business_id or "")
    employer.search_key = search_key(employer.name, employer.business_id)
    require_same_org(employer.organization_id, owner=employer.owner)
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
    check_version(Employer, employer.pk, version)
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
