"""Self-assessments: scale means, the profile that fits them, and soft notes on how statements were answered.

The rules, with worked examples, are in docs/contribute/scoring.md ("Self-assessments"). Everything
is computed exactly (`fractions.Fraction`) and judged exactly; only what is shown is cut
(`quizlib.precision`). Profiles are tried in order and the first whose condition holds wins, so
results never depend on chance. Notes never block a result: they only ask the reader to look again.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from . import precision
from .conditions import Condition, parse_condition
from .model import LIKERT, Band, Question, Quiz, Rule, Scale


@dataclass(frozen=True)
class ScaleResult:
    """One scale, as shown: its mean and 0–100 score (None until ``minimum`` statements are answered), its band."""

    id: str
    name: str
    mean: float | None
    score: float | None
    answered: int
    needed: int
    band: int | None


def statements(quiz: Quiz) -> list[Question]:
    """The quiz's Likert statements, in quiz order."""
    return [question for question in quiz.questions if question.kind == LIKERT]


def keyed(question: Question, answer: int, top: int) -> int:
    """The answer as it counts toward the scale: reverse-keyed statements count the other way."""
    return top + 1 - answer if question.reverse else answer


def band_of(bands: tuple[Band, ...], value: Fraction) -> int | None:
    """The index, in written order, of the band holding ``value``, or None.

    A band holds the values from its low end up to the low end of the next band up; the top band also
    holds its high end.
    """
    ordered = sorted(range(len(bands)), key=lambda index: bands[index].low)
    for position, index in enumerate(ordered):
        low = Fraction(repr(bands[index].low))
        above = Fraction(repr(bands[ordered[position + 1]].low)) if position + 1 < len(ordered) else None
        if low <= value and (value < above if above is not None else value <= Fraction(repr(bands[index].high))):
            return index
    return None


def score_of(mean: Fraction, points: int) -> Fraction:
    """A scale's exact score out of 100 for its exact mean, on answers from 1 to ``points``."""
    return 100 * (mean - 1) / (points - 1)


def band_range(quiz: Quiz, scale: Scale, index: int) -> tuple[float, float] | None:
    """The lowest and highest score out of 100 a reader can reach in band ``index`` of ``scale``, cut as scores
    are; None when no reachable mean lies in the band.

    With k of the scale's n statements answered (k from its minimum to n), its means are s/k for every s from k
    to k·points (reverse keying counts over the same 1 to points). For each k, the band's lowest mean is the
    first s/k at or above its low end; its highest, the last s/k below the next band's low end (the top band:
    at or below its own high end). Every shown score is one of these means, cut, so it lies in its band's range.
    """
    band, points = scale.bands[index], quiz.points
    low = Fraction(repr(band.low))
    above = [Fraction(repr(other.low)) for other in scale.bands if Fraction(repr(other.low)) > low]
    count = sum(question.scale == scale.id for question in statements(quiz))
    means = []
    for k in range(max(1, scale.minimum), count + 1):
        first = max(k, math.ceil(low * k))
        last = min(k * points, math.ceil(min(above) * k) - 1 if above else math.floor(Fraction(repr(band.high)) * k))
        if first <= last:
            means += [Fraction(first, k), Fraction(last, k)]
    if not means:
        return None
    return (
        precision.cut(score_of(min(means), points), precision.SCALE_SCORE),
        precision.cut(score_of(max(means), points), precision.SCALE_SCORE),
    )


def exact_means(quiz: Quiz, answers: Mapping[str, int]) -> dict[str, Fraction | None]:
    """Every scale's exact mean for these answers (statement id → 1…points), None below its minimum."""
    top = quiz.points
    means: dict[str, Fraction | None] = {}
    for scale in quiz.scales:
        values = [keyed(q, answers[q.id], top) for q in statements(quiz) if q.scale == scale.id and q.id in answers]
        means[scale.id] = Fraction(sum(values), len(values)) if values and len(values) >= scale.minimum else None
    return means


def scale_results(
    quiz: Quiz, answers: Mapping[str, int], means: Mapping[str, Fraction | None]
) -> tuple[ScaleResult, ...]:
    """Every scale's result as shown: mean and score cut, band judged on the exact mean."""
    results = []
    for scale in quiz.scales:
        answered = sum(q.scale == scale.id and q.id in answers for q in statements(quiz))
        mean = means[scale.id]
        if mean is None:
            results.append(ScaleResult(scale.id, scale.name, None, None, answered, scale.minimum - answered, None))
            continue
        score = score_of(mean, quiz.points)
        results.append(
            ScaleResult(
                scale.id,
                scale.name,
                precision.cut(mean, precision.MEAN),
                precision.cut(score, precision.SCALE_SCORE),
                answered,
                0,
                band_of(scale.bands, mean),
            )
        )
    return tuple(results)


def partner_pairs(quiz: Quiz) -> list[tuple[str, str]]:
    """Each pair of statements joined by ``partner:``, once, whichever names the other (in quiz order)."""
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    ids = [q.id for q in statements(quiz)]
    for question in statements(quiz):
        if question.partner in ids:
            first, second = sorted((question.id, question.partner), key=ids.index)
            pairs.setdefault(frozenset((first, second)), (first, second))
    return list(pairs.values())


def built_ins(quiz: Quiz, answers: Mapping[str, int]) -> dict[str, Fraction]:
    """The values of `conditions.BUILT_INS` for these answers, exactly (agreement is 0 with no answer)."""
    given = [answers[q.id] for q in statements(quiz) if q.id in answers]
    middle = Fraction(quiz.points + 1, 2)
    contradictions = sum(
        (answers[a] > middle and answers[b] > middle) or (answers[a] < middle and answers[b] < middle)
        for a, b in partner_pairs(quiz)
        if a in answers and b in answers
    )
    return {
        "agreement": Fraction(sum(given), len(given)) if given else Fraction(0),
        "distinct": Fraction(len(set(given))),
        "contradictions": Fraction(contradictions),
    }


@functools.lru_cache(maxsize=64)  # read each quiz's conditions once, not at every scoring
def conditions_of(quiz: Quiz, rules: tuple[Rule, ...]) -> list[Condition]:
    """The parsed conditions of ``rules`` (profiles or notes of ``quiz``)."""
    names = {scale.id for scale in quiz.scales}
    return [parse_condition(rule.when, names) for rule in rules]


def _values(means: Mapping[str, Fraction | None], extra: Mapping[str, Fraction]) -> dict[str, Fraction] | None:
    if any(mean is None for mean in means.values()):
        return None
    return {**extra, **{scale: mean for scale, mean in means.items() if mean is not None}}


def profile_for(quiz: Quiz, means: Mapping[str, Fraction | None], extra: Mapping[str, Fraction]) -> Rule | None:
    """The first profile whose condition holds, once every scale has a mean; else None."""
    values = _values(means, extra)
    if not quiz.profiles or values is None:
        return None
    for rule, condition in zip(quiz.profiles, conditions_of(quiz, quiz.profiles), strict=True):
        if condition.holds(values):
            return rule
    return None


def notes_for(quiz: Quiz, means: Mapping[str, Fraction | None], extra: Mapping[str, Fraction]) -> list[Rule]:
    """Every note whose condition holds, once every scale has a mean."""
    values = _values(means, extra)
    if not quiz.notes or values is None:
        return []
    return [rule for rule, c in zip(quiz.notes, conditions_of(quiz, quiz.notes), strict=True) if c.holds(values)]
