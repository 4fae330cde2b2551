"""Working hours per week — one definition for openings, profile preferences and placements.

Hours take one decimal from 0.5 to 60: a Finnish full-time week is often 37.5 hours. The model
field, the form field, the API description and the way hours are written out in texts all come
from here, so the rule cannot drift between apps; matching reads the stored values as they are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal("60")
HOURS_HELP = _("0.5–60, e.g. 37.5")
HOURS_DESCRIPTION = "Hours per week: 0.5–60 with at most one decimal (e.g. 37.5)."


def hours_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """A model field for hours per week (0.5 to 60, one decimal)."""
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)],
        **kwargs,
    )


class HoursFormField(forms.DecimalField):
    """The form field: a number input that takes 37.5 (or 37,5 in Finnish)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", HOURS_HELP)
        kwargs.setdefault(
            "widget",
            forms.NumberInput(
                attrs={"min": "0.5", "max": "60", "step": "0.1", "inputmode": "decimal"}
            ),
        )
        super().__init__(
            max_digits=4, decimal_places=1, min_value=MIN_HOURS, max_value=MAX_HOURS, **kwargs
        )


def hours_text(value: Decimal | float | int | None) -> str:
    """Hours as people write them, in the active language: 37,5 / 37.5, and 30 (not 30.0)."""
    if value is None:
        return ""
    hours = Decimal(str(round(float(value), 1)))
    if hours == hours.to_integral_value():
        return str(int(hours))
    return number_format(hours, decimal_pos=1)
