"""Small inline SVG charts drawn on the server (no JavaScript, no style attributes: the CSP
allows neither). Every chart has role="img", a title and a description that say in words what
it shows, and the page shows the same numbers in a table beside it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

MINUS = "\u2212"

# Plot geometry (SVG user units; the SVG scales to its container). The grid runs from LEFT to
# WIDTH - RIGHT; the points sit INSET further in, so that the first and last values can be
# written beside their points without touching the axis numbers or leaving the plot.
WIDTH, HEIGHT = 340, 220
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 22, 62
INSET = 44
SCALE_MAX = 10
LABEL_GAP = 14  # least distance between the centres of two value labels (font-size 12)
LABEL_SPAN = 7  # how far a label centre may go above 10 or below 0


@dataclass(frozen=True)
class Series:
    label: str
    values: list[Decimal]
    key: str  # picks the colour
    dash: str  # the line pattern tells the series apart without colour
    marker: str  # "circle" or "square"


def score(value: Any) -> str:
    """A score with one decimal, in the current language's number format."""
    return number_format(Decimal(value), 1)


def signed_change(change: Any) -> str:
    """+2,5 / \u22121,0 / 0,0: a real minus sign, so the direction is readable, not colour only."""
    change = Decimal(change)
    if change > 0:
        return f"+{score(change)}"
    if change < 0:
        return f"{MINUS}{score(-change)}"
    return score(0)


def change_word(change: Any) -> str:
    change = Decimal(change)
    if change > 0:
        return _("higher")
    if change < 0:
        return _("lower")
    return _("no change")


def _join(parts: Iterable[SafeString]) -> SafeString:
    """Concatenate fragments that are already safe (format_html escapes everything else)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT - 2 * INSET
    return LEFT + INSET + (span * index / (count - 1) if count > 1 else span / 2)


def _y(value: Decimal) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - float(value) / SCALE_MAX)


def _grid_lines() -> SafeString:
    parts = []
    for value in (0, 5, 10):
        y = round(_y(Decimal(value)), 1)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-grid" stroke="#c5d3dc" '
                'stroke-width="1"/><text x="{}" y="{}" text-anchor="end" font-size="11" '
                'fill="#4a5563">{}</text>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                LEFT - 6,
                y + 4,
                value,
            )
        )
    return _join(parts)


def _x_labels(dates: Sequence[Any]) -> SafeString:
    count = len(dates)
    shown = range(count) if count <= 4 else (0, count - 1)
    y = HEIGHT - BOTTOM + 34
    return _join(
        format_html(
            '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="#4a5563">{}</text>',
            round(_x(i, count), 1),
            y,
            "middle",
            date_format(dates[i], "SHORT_DATE_FORMAT"),
        )
        for i in shown
    )


def _marker(kind: str, x: float, y: float, colour: str) -> SafeString:
    if kind == "square":
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="#fff" stroke="{}" stroke-width="2"/>',
            round(x - 4, 1),
            round(y - 4, 1),
            colour,
        )
    return format_html(
        '<circle cx="{}" cy="{}" r="4" fill="{}" stroke="{}" stroke-width="2"/>',
        round(x, 1),
        round(y, 1),
        colour,
        colour,
    )


COLOURS = {"work-ability": "#0b5c7a", "functioning": "#a34700"}


def _series(series: Series) -> SafeString:
    count = len(series.values)
    colour = COLOURS[series.key]
    points = [(_x(i, count), _y(v)) for i, v in enumerate(series.values)]
    path = " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in points)
    parts = [
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
            path,
            colour,
            format_html(' stroke-dasharray="{}"', series.dash) if series.dash else "",
        )
    ]
    parts += [_marker(series.marker, x, y, colour) for x, y in points]
    return _join(parts)


def _label_centres(upper: float, lower: float) -> tuple[float, float]:
    """Vertical centres for the labels of two points (upper = the higher value): moved apart
    around their middle when closer than LABEL_GAP, and kept inside the plot."""
    if lower - upper < LABEL_GAP:
        middle = (upper + lower) / 2
        upper, lower = middle - LABEL_GAP / 2, middle + LABEL_GAP / 2
    shift = max(0.0, TOP - LABEL_SPAN - upper) - max(0.0, lower - (HEIGHT - BOTTOM + LABEL_SPAN))
    return upper + shift, lower + shift


def _value_labels(all_series: Sequence[Series]) -> SafeString:
    """The first value written left of its point and the latest right of it, where no line
    runs; the higher value's label on top, moved apart when the values are close."""
    parts = []
    count = len(all_series[0].values)
    for index, side in ((0, -1), (count - 1, 1)):
        ranked = sorted(all_series, key=lambda s: s.values[index], reverse=True)
        centres = _label_centres(*(_y(s.values[index]) for s in ranked))
        for series, centre in zip(ranked, centres, strict=True):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-size="12" font-weight="bold" '
                    'fill="{}" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>',
                    round(_x(index, count) + side * 8, 1),
                    round(centre + 4, 1),
                    "end" if side < 0 else "start",
                    COLOURS[series.key],
                    score(series.values[index]),
                )
            )
    return _join(parts)


def _legend(all_series: Sequence[Series]) -> SafeString:
    parts = []
    y = HEIGHT - 8
    for index, series in enumerate(all_series):
        x = LEFT + index * 150
        colour = COLOURS[series.key]
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>{}'
                '<text x="{}" y="{}" font-size="12" fill="#1d2330">{}</text>',
                x,
                y,
                x + 28,
                y,
                colour,
                format_html(' stroke-dasharray="{}"', series.dash) if series.dash else "",
                _marker(series.marker, x + 14, y, colour),
                x + 34,
                y + 4,
                series.label,
            )
        )
    return _join(parts)


def _summary(all_series: Sequence[Series], dates: Sequence[Any]) -> str:
    parts = [
        _("%(measure)s from %(start)s to %(latest)s (%(change)s, %(word)s)")
        % {
            "measure": series.label,
            "start": score(series.values[0]),
            "latest": score(series.values[-1]),
            "change": signed_change(series.values[-1] - series.values[0]),
            "word": change_word(series.values[-1] - series.values[0]),
        }
        for series in all_series
    ]
    return _(
        "Kykyviisari, %(count)s assessments from %(first)s to %(last)s, scale 0–10: %(parts)s."
    ) % {
        "count": len(dates),
        "first": date_format(dates[0], "SHORT_DATE_FORMAT"),
        "last": date_format(dates[-1], "SHORT_DATE_FORMAT"),
        "parts": "; ".join(parts),
    }


def kykyviisari_chart(results: Sequence[Any], *, chart_id: str = "kykyviisari-chart") -> str:
    """A line chart of work ability and functioning (0-10) over the assessments, oldest first;
    empty when there are fewer than two results to compare."""
    if len(results) < 2:
        return ""
    dates = [r.assessed_on for r in results]
    all_series = [
        Series(_("Work ability"), [r.work_ability for r in results], "work-ability", "", "circle"),
        Series(_("Functioning"), [r.functioning for r in results], "functioning", "6 4", "square"),
    ]
    summary = _summary(all_series, dates)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" role="img" '
        'aria-labelledby="{id}-title" font-family="sans-serif">'
        '<title id="{id}-title">{}</title>{}{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        summary,
        _grid_lines(),
        _x_labels(dates),
        _join(_series(s) for s in all_series),
        _value_labels(all_series),
        _legend(all_series),
        id=chart_id,
    )
