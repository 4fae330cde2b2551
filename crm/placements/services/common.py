"""Helpers the placement services share."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.candidates.models import JobSeeker
from crm.core.errors import EditConflict


def locked_version(model: type[Model], pk: int, version: int | None) -> None:
    """Lock the row; a write based on a stale `version` is an EditConflict (HTTP 409)."""
    current = model.objects.select_for_update().filter(pk=pk).values_list("version", flat=True)
    current_version = current.first()
    if version is None or current_version != int(version):
        raise EditConflict(current_version=current_version)


def ensure_person_open(seeker: JobSeeker, field: str = "candidate") -> None:
    """An erased person's record is closed: no job can be recorded or changed for them."""
    if seeker.erased_at is not None:
        raise ValidationError(
            {field: _("This person's data has been erased; no job can be recorded for them.")},
            code="erased",
        )


def not_in_future(day: date | None, field: str, message: str) -> dict[str, str]:
    if day is not None and day > timezone.localdate():
        return {field: message}
    return {}


def clean_text(value: str | None) -> str:
    return (value or "").strip()
