"""What the employer services share: same-organisation checks and the edit-conflict lock."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crm.core.errors import EditConflict


def require_same_org(organization_id: int, **objects: Any) -> None:
    errors = {
        name: _("Must belong to the same organisation.")
        for name, obj in objects.items()
        if obj is not None and obj.organization_id != organization_id
    }
    if errors:
        raise ValidationError(errors)


def check_version(model: type, pk: int, version: int | None) -> None:
    """Lock the row and refuse a save based on a stale version (HTTP 409 / a UI message)."""
    current = model.objects.select_for_update().filter(pk=pk).values_list("version", flat=True)
    current_version = current.first()
    if version is None or current_version != int(version):
        raise EditConflict(current_version=current_version)
