"""Server-side SVG line charts for the reports (no JavaScript, no style attributes: the CSP
allows neither), drawn like crm/candidates/charts.py: role="img", a title that says in words
what the chart shows, and the same numbers in a table beside it on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 360, 230
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 16, 64
# Colour, dash pattern and marker tell the series apart (not colour alone).
STYLES = [
    ("#0b5c7a", "", "circle"),
    ("#a34700", "6 4", "square"),
    ("#2f6b2f", "2 3", "diamond"),
]


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[Any]  # numbers or None (a gap)


@dataclass(frozen=True)
class Reference:
    label: str
    value: float


def _join(parts: Sequence[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _nice_max(value: float) -> float:
    """A round top for the y axis whose half (the middle grid line) is a whole number."""
    for step in (2, 4, 6, 10, 20, 40, 50, 100, 200, 400, 500, 1000, 2000, 4000, 5000, 10000):
        if value <= step:
            return step
    return float(2 * -(-int(value) // 2))


def _marker(kind: str, x: float, y: float, colour: str) -> SafeString:
    if kind == "square":
        return format_html(
            '<rect x="{}" y="{}" width="7" height="7" fill="#fff" stroke="{}" stroke-width="2"/>',
            round(x - 3.5, 1),
            round(y - 3.5, 1),
            colour,
        )
    if kind == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return format_html('<polygon points="{}" fill="{}"/>', points, colour)
    return format_html(
        '<circle cx="{}" cy="{}" r="3.5" fill="{}"/>', round(x, 1), round(y, 1), colour
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    lines: Sequence[Line],
    y_min: float = 0,
    y_max: float | None = None,
    references: Sequence[Reference] = (),
    unit: str = "",
) -> str:
    """A chart of a few series over the same x labels; empty when there is nothing to draw."""
    values = [float(v) for line in lines for v in line.values if v is not None]
    if not x_labels or (not values and not references):
        return ""
    top = y_max if y_max is not None else _nice_max(max(values + [r.value for r in references]))
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    count = len(x_labels)

    def x(index: int) -> float:
        return LEFT + (span_x * (index + 0.5) / count)

    def y(value: float) -> float:
        return TOP + span_y * (1 - (float(value) - y_min) / (top - y_min or 1))

    parts: list[SafeString] = []
    for tick in (y_min, (y_min + top) / 2, top):
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c5d3dc" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#4a5563">{}</text>',
                LEFT,
                round(y(tick), 1),
                WIDTH - RIGHT,
                round(y(tick), 1),
                LEFT - 5,
                round(y(tick) + 4, 1),
                number_format(Decimal(str(tick)).normalize(), 0) + unit,
            )
        )
    for reference in references:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a94a6" stroke-width="1" '
                'stroke-dasharray="3 3"/><text x="{}" y="{}" text-anchor="end" font-size="10" '
                'fill="#4a5563">{}</text>',
                LEFT,
                round(y(reference.value), 1),
                WIDTH - RIGHT,
                round(y(reference.value), 1),
                WIDTH - RIGHT,
                round(y(reference.value) - 3, 1),
                reference.label,
            )
        )
    step = 1 if count <= 4 else 2
    for index, label in enumerate(x_labels):
        if (count - 1 - index) % step:  # every other label, always the latest
            continue
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="#4a5563">{}</text>',
                round(x(index), 1),
                HEIGHT - BOTTOM + 16,
                label,
            )
        )
    for number, line in enumerate(lines):
        colour, dash, marker = STYLES[number % len(STYLES)]
        points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                    " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
                    colour,
                    format_html(' stroke-dasharray="{}"', dash) if dash else "",
                )
            )
        parts += [_marker(marker, px, py, colour) for px, py in points]
        legend_y = HEIGHT - 30 + 14 * (number // 2)
        legend_x = LEFT + (number % 2) * 160
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>{}'
                '<text x="{}" y="{}" font-size="11" fill="#1d2330">{}</text>',
                legend_x,
                legend_y,
                legend_x + 24,
                legend_y,
                colour,
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
                _marker(marker, legend_x + 12, legend_y, colour),
                legend_x + 30,
                legend_y + 4,
                line.label,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" role="img" '
        'aria-labelledby="{}-title" font-family="sans-serif"><title id="{}-title">{}</title>'
        "{}</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        title,
        _join(parts),
    )
