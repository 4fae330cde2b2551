"""Writes of an organisation's match weights (checked, version-locked, audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.core.errors import EditConflict
from crm.matching.models import MatchWeights
from crm.matching.weights import COMPONENTS, FIELD_LIMITS, FIELDS, stored_defaults, stored_values


def validate_values(values: dict) -> dict[str, int]:
    """Whole numbers within range, each error on its own field; at least one component > 0."""
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for name, limit in FIELD_LIMITS.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            errors[name] = _("Give a whole number from 0 to %(max)s.") % {"max": limit}
        else:
            clean[name] = value
    if not errors and not any(clean[name] for name in COMPONENTS):
        errors["__all__"] = _("At least one part of the match needs a weight above 0.")
    if errors:
        raise ValidationError(errors)
    return clean


def save_weights(
    *, organization_id: int, by: User | None, version: int | None, **values: int
) -> MatchWeights | None:
    """Replace the organisation's weights; returns the MatchWeights row (None while the
    defaults stay in use).

    `version` is the one the admin read (0 while the defaults are in use); a stale one raises
    EditConflict. A change is audited ("crm.matching.weights_changed", naming the fields) and
    kept in the row's history; saving the same values again changes nothing."""
    clean = validate_values(values)
    with transaction.atomic():
        rows = MatchWeights.objects.select_for_update().filter(organization_id=organization_id)
        row = rows.first()
        current = row.version if row is not None else 0
        if version is None or int(version) != current:
            raise EditConflict(current_version=current)
        before = stored_values(row) if row is not None else stored_defaults()
        changed = sorted(name for name in FIELDS if clean[name] != before[name])
        if not changed:
            return row
        if row is None:
            row = MatchWeights(organization_id=organization_id, version=0, **stored_defaults())
        for name in FIELDS:
            setattr(row, name, clean[name])
        row.version += 1
        row.updated_by = by if by is not None and by.pk else None
        row._history_user = row.updated_by
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # someone saved the organisation's first weights meanwhile
            raise EditConflict(current_version=1) from None
        record_access(
            by,
            "crm.matching.weights_changed",
            row,
            changed,
            organization_id=organization_id,
        )
    return row
