"""Domain errors shared by services; the API maps them to status codes in one place."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """The row changed since the client read it (stale `version`): HTTP 409."""

    def __init__(self, message: str | None = None, *, current_version: int | None = None):
        super().__init__(message or str(_("Someone else changed this record meanwhile.")))
        self.current_version = current_version
