from django import template

from crm.employers.validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """E.164 as people read it: '+358401234567' → '040 1234567'."""
    return format_phone(value)
