"""What the job seeker services share: the edit-conflict lock and the list of changed fields."""

from __future__ import annotations

from typing import Any

from crm.core.errors import EditConflict


def check_version(model: type, pk: int, version: int | None) -> None:
    current = model.objects.select_for_update().filter(pk=pk).values_list("version", flat=True)
    current_version = current.first()
    if version is None or current_version != int(version):
        raise EditConflict(current_version=current_version)


def changed_fields(obj: Any, fields: dict[str, Any]) -> list[str]:
    return [name for name, value in fields.items() if getattr(obj, name) != value]
