"""Scale results as an accessible SVG bar chart: labelled values in text, band shading, never colour alone."""

from __future__ import annotations

from html import escape

from . import precision
from .model import Quiz
from .scoring import Result

WIDTH = 640
LEFT = 14  # room for half of the "0" under the start of each bar
LABEL_LINE = 36  # each scale's name sits on a line of its own above its bar, so a long name never meets the bar
BAR_HEIGHT = 28
GAP = 14


def scale_chart(quiz: Quiz, result: Result, title: str) -> str:
    """An SVG with one bar per scale (0–100) under its name, its value written beside it, bands shaded behind it."""
    if not quiz.scales:
        return ""
    plot = WIDTH - LEFT - 80
    row = LABEL_LINE + BAR_HEIGHT + GAP
    height = len(quiz.scales) * row + 30
    top = quiz.points
    title_id = escape(f"qz-{quiz.id}-chart-title")  # one per quiz: a page may hold two charts
    parts = [
        f'<svg class="qz-chart" role="img" aria-labelledby="{title_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    for index, (scale, found) in enumerate(zip(quiz.scales, result.scales, strict=True)):
        y = index * row + LABEL_LINE
        parts.append(f'<text class="qz-chart-label" x="{LEFT}" y="{y - 8}">{escape(scale.name)}</text>')
        for number, band in enumerate(scale.bands):
            start = (band.low - 1) / (top - 1) * plot
            end = (band.high - 1) / (top - 1) * plot
            parts.append(
                f'<rect class="qz-chart-band qz-chart-band-{number % 3}" x="{LEFT + start:.1f}" y="{y}" '
                f'width="{max(end - start, 0):.1f}" height="{BAR_HEIGHT}" />'
            )
        value = found.score
        shown = "–" if value is None else precision.written(value, precision.SCALE_SCORE)
        if value is not None:
            parts.append(
                f'<rect class="qz-chart-bar" x="{LEFT}" y="{y + 6}" width="{value / 100 * plot:.1f}" '
                f'height="{BAR_HEIGHT - 12}" />'
            )
        parts.append(f'<text class="qz-chart-value" x="{LEFT + plot + 10}" y="{y + BAR_HEIGHT * 0.7:g}">{shown}</text>')
    axis_y = height - 8
    for tick in (0, 50, 100):
        parts.append(
            f'<text class="qz-chart-tick" x="{LEFT + tick / 100 * plot:.1f}" y="{axis_y}" '
            f'text-anchor="middle">{tick}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
