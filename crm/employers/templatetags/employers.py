from django import template

from crm.core.choices import Schedule
from crm.core.reference import LANGUAGE_CHOICES
from crm.core.validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """E.164 as people read it: '+358401234567' → '040 1234567'."""
    return format_phone(value)


@register.filter
def language_names(codes: list[str] | None) -> str:
    """ISO 639-1 codes as the languages' names ("fi, sv" → "Finnish, Swedish")."""
    names = dict(LANGUAGE_CHOICES)
    return ", ".join(str(names.get(code, code)) for code in codes or [])


@register.filter
def schedule_names(slugs: list[str] | None) -> str:
    """Schedule slugs as words ("day, weekend" → "Day, Weekend")."""
    names = dict(Schedule.choices)
    return ", ".join(str(names.get(slug, slug)) for slug in slugs or [])
