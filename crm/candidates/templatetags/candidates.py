"""Small display helpers for job seeker pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_since(value: date | None) -> int | None:
    """Whole days from `value` to today; None when there is no date."""
    if value is None:
        return None
    return max(0, (timezone.localdate() - value).days)
