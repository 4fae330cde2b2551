"""The organisation's copy of the IPS-25 texts: seeded once, corrected by admins as revisions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from crm.accounts.audit import record_access
from crm.reports.models import LANGUAGES, FidelityItem
from crm.reports.scale import ITEMS

TEXT_FIELDS = tuple(
    f"{name}_{language}" for name in ("title", "definition", "anchors") for language in LANGUAGES
)
REVISABLE = (*TEXT_FIELDS, "source_check", "source_note")


def _seed_rows(organization_id: int) -> list[FidelityItem]:
    rows = []
    for position, item in enumerate(ITEMS, start=1):
        texts: dict[str, Any] = {}
        for language in LANGUAGES:
            with translation.override(language):
                texts[f"title_{language}"] = str(item.title)
                texts[f"definition_{language}"] = str(item.definition)
                texts[f"anchors_{language}"] = [str(anchor) for anchor in item.anchors]
        with translation.override("en"):
            note = str(item.check_note)
        rows.append(
            FidelityItem(
                organization_id=organization_id,
                code=item.code,
                group=item.group,
                position=position,
                source_check=item.check,
                source_note=note,
                **texts,
            )
        )
    return rows


def current_items(organization_id: int) -> dict[str, FidelityItem]:
    """The current revision of every item, by code; the seed texts are written the first time
    an organisation needs them (one query once seeded)."""
    items = {
        item.code: item
        for item in FidelityItem.objects.filter(organization_id=organization_id, is_current=True)
    }
    if len(items) == len(ITEMS):
        return items
    missing = [row for row in _seed_rows(organization_id) if row.code not in items]
    try:
        with transaction.atomic():
            FidelityItem.objects.bulk_create(missing)
    except IntegrityError:  # seeded meanwhile by a concurrent request
        pass
    return {
        item.code: item
        for item in FidelityItem.objects.filter(organization_id=organization_id, is_current=True)
    }


@transaction.atomic
def revise_item(*, item: FidelityItem, by: Any, **changes: Any) -> FidelityItem:
    """Correct an item's texts as a new revision; ratings given on the old one keep it."""
    unknown = set(changes) - set(REVISABLE)
    if unknown:
        raise TypeError(f"Not revisable: {sorted(unknown)}")
    current = FidelityItem.objects.select_for_update().get(pk=item.pk)
    if not current.is_current:
        raise ValidationError(
            {"__all__": translation.gettext("A newer revision of this item exists.")}
        )
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    if not changed:
        return current
    revision = FidelityItem(
        organization_id=current.organization_id,
        code=current.code,
        group=current.group,
        position=current.position,
        revision=current.revision + 1,
        created_by=by,
        **{name: getattr(current, name) for name in REVISABLE},
    )
    for name, value in changes.items():
        setattr(revision, name, value)
    current.is_current = False
    current.save(update_fields=["is_current"])
    revision.full_clean(exclude=["organization", "created_by"])  # rolls back on an error
    revision.save()
    record_access(by, "crm.reports.fidelity_item_revised", revision, changed)
    return revision
