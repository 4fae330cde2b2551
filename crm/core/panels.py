"""Page panels: how a higher app shows something on a lower app's page without the lower app
importing it (the layers, README "Architecture").

A page marks a place with `{% panels "employer_detail" employer %}` (template tag library
`panels`); apps register a renderer for that place in their AppConfig.ready():

    register_panel("employer_detail", employer_jobs_panel)

A renderer is `fn(request, obj) -> str`, the panel's HTML (usually `render_to_string`), or ""
to show nothing (e.g. for a role that may not see it). Renderers run in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

PanelRenderer = Callable[[HttpRequest, Any], str]

_PANELS: dict[str, list[PanelRenderer]] = {}


def register_panel(place: str, renderer: PanelRenderer) -> None:
    """Add a renderer for `place` once (registering the same function again is a no-op)."""
    renderers = _PANELS.setdefault(place, [])
    if renderer not in renderers:
        renderers.append(renderer)


def render_panels(place: str, request: HttpRequest, obj: Any) -> list[str]:
    return [html for html in (fn(request, obj) for fn in _PANELS.get(place, [])) if html]
