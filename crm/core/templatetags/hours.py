"""`{{ value|hours }}`: hours per week as people write them (crm/core/hours.py)."""

from __future__ import annotations

from typing import Any

from django import template

from crm.core.hours import hours_text

register = template.Library()


@register.filter(name="hours")
def hours_filter(value: Any) -> str:
    return hours_text(value)
