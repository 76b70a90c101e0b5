"""Scale results as an accessible SVG bar chart: labelled values in text, named bands, never colour alone.

Each scale's bar sits on its bands, shaded in turn and parted by a line; under the bars, a legend writes
each band's name and range of scores under its own stretch of the bar, so a band is known by its place and
its words, not its shade. The summary (`quizlib.strings.summary`) says the same in words for screen readers.
"""

from __future__ import annotations

from fractions import Fraction
from html import escape

from . import precision
from .model import Quiz, Scale
from .profiles import score_of
from .scoring import Result
from .strings import band_words

WIDTH = 640
LEFT = 14  # room for half of the "0" under the start of each bar
PLOT = WIDTH - LEFT - 80  # the bars' full length; the value is written in the 80 units to their right
LABEL_LINE = 36  # each scale's name sits on a line of its own above its bar, so a long name never meets the bar
BAR_HEIGHT = 28
GAP = 14
LEGEND = 66  # a band's name, then its range, under its stretch of the bars
LEGEND_LINE = 34  # one "name: range" line of a legend too wide to sit under the bars
TICKS = 30
# On a phone the chart shrinks to about half its width and its text, ranges too, doubles (quiz.css): 28 units high,
# about 15 wide. A band's words that do not fit its stretch at that size are written one band a line instead.
LETTER = 16


def scale_chart(quiz: Quiz, result: Result, strings: dict[str, str]) -> str:
    """An SVG with one bar per scale (0–100) under its name, its value beside it, and its bands named below."""
    if not quiz.scales:
        return ""
    title_id = escape(f"qz-{quiz.id}-chart-title")  # one per quiz: a page may hold two charts
    parts: list[str] = []
    y = 0
    for index, (scale, found) in enumerate(zip(quiz.scales, result.scales, strict=True)):
        y += LABEL_LINE
        parts.append(f'<text class="qz-chart-label" x="{LEFT}" y="{y - 8}">{escape(scale.name)}</text>')
        parts.extend(_bands(quiz, scale, y))
        value = found.score
        if value is not None:
            parts.append(
                f'<rect class="qz-chart-bar" x="{LEFT}" y="{y + 6}" width="{value / 100 * PLOT:.1f}" '
                f'height="{BAR_HEIGHT - 12}" />'
            )
        shown = "–" if value is None else precision.written(value, precision.SCALE_SCORE)
        parts.append(f'<text class="qz-chart-value" x="{LEFT + PLOT + 10}" y="{y + BAR_HEIGHT * 0.7:g}">{shown}</text>')
        y += BAR_HEIGHT + GAP
        following = quiz.scales[index + 1] if index + 1 < len(quiz.scales) else None
        if scale.bands and (following is None or _key(following) != _key(scale)):
            legend, y = _legend(quiz, scale, y, strings)  # one legend for the scales above it with the same bands
            parts.extend(legend)
    if not all(scale.bands for scale in quiz.scales):  # a bar without bands is read against the axis
        y += TICKS - 8
        for tick in (0, 50, 100):
            x = LEFT + tick / 100 * PLOT
            parts.append(f'<text class="qz-chart-tick" x="{x:.1f}" y="{y}" text-anchor="middle">{tick}</text>')
        y += 8
    head = (
        f'<svg class="qz-chart" role="img" aria-labelledby="{title_id}" viewBox="0 0 {WIDTH} {y}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(strings["chart_title"])}</title>'
    )
    return head + "".join(parts) + "</svg>"


def _key(scale: Scale) -> tuple[tuple[float, float, str], ...]:
    return tuple((band.low, band.high, band.text) for band in scale.bands)


def _stretches(quiz: Quiz, scale: Scale) -> list[tuple[int, float, float]]:
    """Each band (its index in written order) and where its stretch of the bar starts and ends, left to right.

    A band reaches up to the next band's low end, as it holds its values (the top band to its own high end).
    """
    ordered = sorted(range(len(scale.bands)), key=lambda number: scale.bands[number].low)
    ends = [scale.bands[number].low for number in ordered] + [scale.bands[ordered[-1]].high]

    def x(mean: float) -> float:
        return float(score_of(Fraction(repr(mean)), quiz.points)) / 100 * PLOT

    return [(number, x(ends[place]), x(ends[place + 1])) for place, number in enumerate(ordered)]


def _bands(quiz: Quiz, scale: Scale, y: int) -> list[str]:
    parts = []
    stretches = _stretches(quiz, scale) if scale.bands else []
    for place, (_, start, end) in enumerate(stretches):
        parts.append(
            f'<rect class="qz-chart-band qz-chart-band-{place % 2}" x="{LEFT + start:.1f}" y="{y}" '
            f'width="{max(end - start, 0):.1f}" height="{BAR_HEIGHT}" />'
        )
    for _, start, _ in stretches[1:]:  # a line where one band meets the next: bands never told apart by shade alone
        parts.append(
            f'<line class="qz-chart-edge" x1="{LEFT + start:.1f}" x2="{LEFT + start:.1f}" y1="{y - 4}" '
            f'y2="{y + BAR_HEIGHT + 4}" />'
        )
    return parts


def _legend(quiz: Quiz, scale: Scale, y: int, strings: dict[str, str]) -> tuple[list[str], int]:
    """Each band's name and range under its stretch of the bar; one band a line when they do not fit there."""
    stretches = _stretches(quiz, scale)
    words = [(scale.bands[number].text, band_words(quiz, scale, number, strings)) for number, *_ in stretches]
    fits = all(
        max(len(name), len(span)) * LETTER <= end - start - 6
        for (name, span), (_, start, end) in zip(words, stretches, strict=True)
    )
    words = [(escape(name), escape(span)) for name, span in words]
    parts = []
    if fits:
        for (name, span), (_, start, end) in zip(words, stretches, strict=True):
            middle = LEFT + (start + end) / 2
            parts.append(  # the range a line below the name, in its own size of letters (1.25em)
                f'<text class="qz-chart-band-name" x="{middle:.1f}" y="{y + 26}" text-anchor="middle">{name}'
                f'<tspan class="qz-chart-range" x="{middle:.1f}" dy="1.25em">{span}</tspan></text>'
            )
        return parts, y + LEGEND
    for name, span in words:  # left to right, as the bands lie; a band no score reaches has no range
        y += LEGEND_LINE
        range_ = f': <tspan class="qz-chart-range">{span}</tspan>' if span else ""
        parts.append(f'<text class="qz-chart-band-name" x="{LEFT}" y="{y - 8}">{name}{range_}</text>')
    return parts, y + 12
