"""How numbers are shown and stored: computed exactly, then cut (never rounded up) to a fixed precision.

Cutting means a shown number never passes a line the exact one did not reach: 2/3 of a point shows
as 0.66, 49.96% as 49.9%. Settings judged against a number (a pass mark, a band's ends, a weight) are
written with at most as many decimals as that number is shown with, so the two always agree. The
rule, with examples, is in docs/contribute/scoring.md ("Rounding, and what readers see").
"""

from __future__ import annotations

import math
from fractions import Fraction

POINTS = 2  # decimals of points, a score and its maximum (and of a weight)
PERCENT = 1  # of a percentage (and of a pass mark and of result bands)
MEAN = 2  # of a scale's mean (and of a scale's bands)
SCALE_SCORE = 0  # of a scale's score out of 100


def cut(value: Fraction, decimals: int) -> float:
    """``value`` (zero or more) cut to ``decimals`` decimals."""
    scale = 10**decimals
    return float(Fraction(math.floor(value * scale), scale))


def written(value: float, decimals: int, decimal_mark: str = ".") -> str:
    """A cut number as people write it: 3 rather than 3.00, 0.5 rather than 0.50 (0,5 with a decimal comma)."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark)
