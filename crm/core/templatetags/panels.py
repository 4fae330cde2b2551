"""`{% panels "place" obj %}`: what higher apps registered for this place (crm/core/panels.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from crm.core.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: dict[str, Any], place: str, obj: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return mark_safe("")
    # The renderers return template output (escaped by the template engine).
    return mark_safe("".join(render_panels(place, request, obj)))  # noqa: S308
