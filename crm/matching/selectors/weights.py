"""Reads of an organisation's match weights: the ones a ranking uses, and what the settings
page and the API show."""

from __future__ import annotations

from crm.matching.models import MatchWeights
from crm.matching.weights import (
    DEFAULT_WEIGHTS,
    FIELDS,
    Weights,
    from_stored,
    stored_defaults,
    stored_values,
)


def load_weights(organization_id: int | None) -> Weights:
    """The organisation's weights, or the defaults when it has never changed them (one query)."""
    if organization_id is None:
        return DEFAULT_WEIGHTS
    row = MatchWeights.objects.filter(organization_id=organization_id).values(*FIELDS).first()
    if row is None:
        return DEFAULT_WEIGHTS
    try:
        return from_stored(row)
    except ValueError:  # only reachable by editing the table by hand; never fail a ranking
        return DEFAULT_WEIGHTS


def weights_state(organization_id: int) -> dict:
    """What the settings page and the API show: the values in use, the version to send back
    and who changed them last (version 0 and no one while the defaults are in use)."""
    row = (
        MatchWeights.objects.filter(organization_id=organization_id)
        .select_related("updated_by")
        .first()
    )
    if row is None:
        return {"values": stored_defaults(), "version": 0, "updated_at": None, "updated_by": None}
    return {
        "values": stored_values(row),
        "version": row.version,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }
