"""Enumerations and labels more than one app stores or shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Schedule(models.TextChoices):
    """When the work is done: an opening's `schedule`, a profile's `schedules`."""

    DAY = "day", _("Day")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")
    SHIFT = "shift", _("Shifts")
    WEEKEND = "weekend", _("Weekend")


def choice_labels(codes: Iterable[str] | None, choices: Iterable[tuple[str, Any]]) -> list[str]:
    """The readable labels of stored codes (unknown codes shown as they are)."""
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes or []]
